import type { Item } from '../model/shapes.js';

/**
 * What tells one update of an item from another under the same `Id`: a streamed message's chunk, a processing
 * status, an attachment's scan status, a receipt's timestamps. Empty for an item that is its Id's settled form (a
 * message, a completed stream), so that the same message read from the transcript later is a true duplicate of it.
 * A version that leaves the Id unsettled (a partial chunk, a message still being processed: what comes next is
 * owed) is told by `isUnsettledVersion`.
 */
export function versionOf(item: Item): string {
  const meta = item.MessageMetadata;
  const attachments = item.Attachments;
  // The hot path: a plain message or event carries neither.
  if (meta === undefined && attachments === undefined) return '';
  let version = '';
  if (meta !== undefined) {
    if (isPartial(item)) version += `c${meta.ChunkNumber ?? ''}`;
    if (meta.MessageProcessingStatus !== undefined) version += `s${meta.MessageProcessingStatus}`;
    const receipts = meta.Receipts;
    if (receipts !== undefined) {
      for (const r of receipts) version += `r${r.RecipientParticipantId ?? ''}/${r.DeliveredTimestamp ?? ''}/${r.ReadTimestamp ?? ''}`;
    }
  }
  if (attachments !== undefined) for (const a of attachments) version += `a${a.Status ?? ''}`;
  return version;
}

/** A streamed message's chunk that is not yet the whole message (`MessageCompleted` not true). */
export function isPartial(item: Item): boolean {
  const meta = item.MessageMetadata;
  return meta !== undefined && (meta.MessageCompleted === false || (meta.ChunkNumber !== undefined && meta.MessageCompleted !== true));
}

/** A partial chunk (its version starts with `c`), or a message whose processing is still under way. */
export const isUnsettledVersion = (version: string): boolean => version.charCodeAt(0) === 99 /* c */ || version === 'sPROCESSING';
