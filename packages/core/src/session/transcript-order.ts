import { timeOr } from '../codec/timestamp.js';
import { CONNECTION_ACKNOWLEDGED_EVENT, TYPING_EVENT } from '../model/event-types.js';
import type { Item } from '../model/shapes.js';

/** Items the service keeps in transcripts; typing, receipts and acknowledgements live only on the socket. */
export function isPersistent(item: Item): boolean {
  if (item.Type === 'MESSAGEMETADATA' || item.Type === 'TYPING') return false;
  return item.ContentType !== TYPING_EVENT && item.ContentType !== CONNECTION_ACKNOWLEDGED_EVENT;
}

const timeOf = (item: Item): number => timeOr(item.AbsoluteTime, Number.POSITIVE_INFINITY);

/** Transcript order: by AbsoluteTime (items without a readable one last), then by Id. */
export function compareItems(a: Item, b: Item): number {
  const ta = timeOf(a);
  const tb = timeOf(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = a.Id ?? '';
  const ib = b.Id ?? '';
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
