import { Observable } from 'rxjs';
import type { GetTranscriptRequest, GetTranscriptResponse } from '../model/operations.js';

/** Anything that reads a transcript page: a session (which adds the token) or a ParticipantClient. */
export interface TranscriptReader<Input> {
  getTranscript(input: Input): Promise<GetTranscriptResponse>;
}

type PageInput = Partial<Omit<GetTranscriptRequest, 'NextToken'>>;

/**
 * Every page of a transcript, as an async iterable: `for await (const page of paginateTranscript(session, {}))`.
 * Each page is requested only when the loop asks for it; the last page is the one without a NextToken.
 */
export async function* paginateTranscript<Input extends PageInput>(reader: TranscriptReader<Input>, input: Input): AsyncGenerator<GetTranscriptResponse> {
  let next: string | undefined;
  do {
    const page = await reader.getTranscript({ ...input, ...(next === undefined ? {} : { NextToken: next }) });
    yield page;
    next = page.NextToken;
  } while (next !== undefined);
}

/** {@link paginateTranscript} as an observable of pages (cold; unsubscribing stops after the page in flight). */
export function paginateTranscript$<Input extends PageInput>(reader: TranscriptReader<Input>, input: Input): Observable<GetTranscriptResponse> {
  return new Observable<GetTranscriptResponse>((subscriber) => {
    let stopped = false;
    void (async () => {
      try {
        for await (const page of paginateTranscript(reader, input)) {
          if (stopped) return;
          subscriber.next(page);
        }
        subscriber.complete();
      } catch (error) {
        subscriber.error(error);
      }
    })();
    return () => {
      stopped = true;
    };
  });
}
