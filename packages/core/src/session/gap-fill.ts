import { Observable } from 'rxjs';
import { parseTimestamp } from '../codec/timestamp.js';
import type { GetTranscriptResponse } from '../model/operations.js';
import type { Item } from '../model/shapes.js';

/** Reads one page of the transcript, most recent first, from `nextToken` when given. */
export type TranscriptPageReader = (nextToken: string | undefined) => Observable<GetTranscriptResponse>;

const PAGE_SIZE = 100;

/** The GetTranscript request a gap fill pages with: newest first, the largest page the service allows. */
export const GAP_FILL_REQUEST = { ScanDirection: 'BACKWARD', SortOrder: 'DESCENDING', MaxResults: PAGE_SIZE } as const;

const timeOf = (item: Item): number | undefined => {
  const t = parseTimestamp(item.AbsoluteTime);
  return t.ok ? t.value : undefined;
};

/**
 * The items missed while the socket was down, oldest first. Pages the transcript backwards from the newest item
 * until it reaches one already delivered, or one older than `since` (the service time the session first
 * subscribed), or the beginning: all pages, not one. Items already delivered are left out.
 */
export function fillGap(readPage: TranscriptPageReader, delivered: (id: string | undefined) => boolean, since: number): Observable<Item[]> {
  return new Observable<Item[]>((subscriber) => {
    const fresh: Item[] = [];
    let current = readPage(undefined);
    let inner: { unsubscribe(): void } | undefined;
    // Pages are read one after another, each from the last one's NextToken (a loop, not a higher-order operator).
    const read = (page: Observable<GetTranscriptResponse>): void => {
      let response: GetTranscriptResponse | undefined;
      inner = page.subscribe({
        next: (r) => (response = r),
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          let reachedKnown = false;
          for (const item of response?.Transcript ?? []) {
            const at = timeOf(item);
            if (delivered(item.Id) || (at !== undefined && at < since)) {
              reachedKnown = true;
              break;
            }
            fresh.push(item);
          }
          const next = reachedKnown ? undefined : response?.NextToken;
          if (next === undefined) {
            // Pages came newest first; deliver oldest first, ties in the service's order.
            subscriber.next(fresh.reverse());
            subscriber.complete();
          } else {
            current = readPage(next);
            read(current);
          }
        },
      });
    };
    read(current);
    return () => inner?.unsubscribe();
  });
}
