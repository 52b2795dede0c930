import type { Outcome } from '../client/invoke.js';
import type { DecodeWarning } from '../codec/shape-decoder.js';
import { timeOr } from '../codec/timestamp.js';
import type { GetTranscriptResponse } from '../model/operations.js';
import type { Item } from '../model/shapes.js';

/** A page of the transcript, with what its decoding left out. */
export interface TranscriptPage {
  readonly output: GetTranscriptResponse;
  readonly warnings?: readonly DecodeWarning[] | undefined;
}

/** Reads one page of the transcript, most recent first, from `nextToken` when given. Returns what cancels it. */
export type TranscriptPageReader = (nextToken: string | undefined, outcome: Outcome<TranscriptPage>) => () => void;

/** What a gap fill found. */
export interface GapFound {
  /** The missed items, oldest first. */
  readonly items: Item[];
  /** False when it stopped at `maxPages` before reaching a known item, `since` or the beginning. */
  readonly complete: boolean;
  /** The transcript's InitialContactId: the chat the ConnectionToken belongs to. */
  readonly initialContactId: string | undefined;
  /** Items the decoder could not read, left out (one odd item never fails a page). */
  readonly skipped: readonly DecodeWarning[];
}

const PAGE_SIZE = 100;

/** The GetTranscript request a gap fill pages with: newest first, the largest page the service allows. */
export const GAP_FILL_REQUEST = { ScanDirection: 'BACKWARD', SortOrder: 'DESCENDING', MaxResults: PAGE_SIZE } as const;

const timeOf = (item: Item): number | undefined => timeOr(item.AbsoluteTime, undefined);

/**
 * The items missed while the socket was down. Pages the transcript backwards from the newest item until it
 * reaches one already delivered, or one older than `since` (epoch ms on the service's clock), or the beginning, or
 * `maxPages` pages: one after another, each from the last one's NextToken. Items already delivered are left out;
 * the rest come oldest first, ties in the service's order. Returns what cancels the page being read.
 */
export function readGap(
  readPage: TranscriptPageReader,
  delivered: (id: string | undefined) => boolean,
  since: number,
  maxPages: number,
  outcome: Outcome<GapFound>,
): () => void {
  const fresh: Item[] = [];
  const skipped: DecodeWarning[] = [];
  let pages = 0;
  let cancel: () => void = () => undefined;
  let stopped = false;
  const read = (token: string | undefined): void => {
    pages++;
    cancel = readPage(token, {
      value: ({ output, warnings }) => {
        if (stopped) return;
        if (warnings) skipped.push(...warnings);
        let reachedKnown = false;
        for (const item of output.Transcript ?? []) {
          const at = timeOf(item);
          if (delivered(item.Id) || (at !== undefined && at < since)) {
            reachedKnown = true;
            break;
          }
          fresh.push(item);
        }
        const next = reachedKnown ? undefined : output.NextToken;
        if (next !== undefined && pages < maxPages) return read(next);
        stopped = true;
        outcome.value({ items: fresh.reverse(), complete: next === undefined, initialContactId: output.InitialContactId, skipped });
      },
      error: (error) => {
        if (stopped) return;
        stopped = true;
        outcome.error(error);
      },
    });
  };
  read(undefined);
  return () => {
    stopped = true;
    cancel();
  };
}
