import type { BinaryBody, HttpCall, HttpPort } from '../ports.js';
import type { AbortSignalLike } from '../client/abort.js';

/** The part of a WHATWG `fetch` response the port reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, key: string) => void): void };
  text(): Promise<string>;
}

/** What the port hands to fetch. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string | BinaryBody | undefined;
  signal?: AbortSignalLike | undefined;
}

/** A WHATWG `fetch` (the platform's, cross-fetch, undici, a proxying wrapper …). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/** An AbortController constructor, for cancelling requests. */
export type AbortControllerLike = new () => { readonly signal: AbortSignalLike; abort(): void };

/**
 * The HTTP port over any WHATWG fetch: reports the status, headers and body text as they came, or the platform's
 * error as it came. Core decides what they mean.
 */
export function createFetchPort(fetch: FetchLike, AbortController?: AbortControllerLike): HttpPort {
  return {
    send(call: HttpCall, callbacks) {
      // A call nothing can cancel gets no controller: on Node 20 a signal handed to fetch measurably slows a call
      // to a local server (undici links a signal of its own to it and marks both transferable).
      const controller = AbortController && call.cancellable !== false ? new AbortController() : undefined;
      // `over` is set once the outcome is reported or the call cancelled: exactly one callback, and cancelling a
      // finished call (its teardown does) aborts nothing.
      let over = false;
      const fail = (error: unknown) => {
        if (over) return;
        over = true;
        callbacks.error(error);
      };
      // Absent and undefined members are the same to fetch (WebIDL dictionaries).
      const init: FetchInit = { method: call.method, headers: call.headers as Record<string, string>, body: call.body, signal: controller?.signal };
      // One rejection handler for all: a failed request, an unreadable body, or a fetch stand-in whose response
      // cannot be read is reported as the platform's error, not lost.
      fetch(call.url, init)
        .then((res) => {
          const headers: Record<string, string> = {};
          res.headers.forEach((value, key) => {
            headers[key.toLowerCase()] = value;
          });
          return res.text().then((body) => {
            if (over) return;
            over = true;
            callbacks.response({ status: res.status, headers, body });
          });
        })
        .catch(fail);
      return () => {
        if (over) return;
        over = true;
        controller?.abort();
      };
    },
  };
}
