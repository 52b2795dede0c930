import type { BinaryBody, HttpCall, HttpPort } from '../ports.js';
import type { AbortSignalLike } from '../client/abort.js';

/** The part of a WHATWG `fetch` response the port reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, key: string) => void): void };
  text(): Promise<string>;
}

/** A WHATWG `fetch` (the platform's, cross-fetch, undici, a proxying wrapper …). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | BinaryBody; signal?: AbortSignalLike },
) => Promise<FetchResponseLike>;

/** An AbortController constructor, for cancelling requests. */
export type AbortControllerLike = new () => { readonly signal: AbortSignalLike; abort(): void };

/**
 * The HTTP port over any WHATWG fetch: reports the status, headers and body text as they came, or the platform's
 * error as it came. Core decides what they mean.
 */
export function createFetchPort(fetch: FetchLike, AbortController?: AbortControllerLike): HttpPort {
  return {
    send(call: HttpCall, callbacks) {
      const controller = AbortController ? new AbortController() : undefined;
      let cancelled = false;
      // Set once the outcome is known: cancelling then (a finished call's teardown does) aborts nothing.
      let settled = false;
      const init = {
        method: call.method,
        headers: { ...call.headers },
        ...(call.body === undefined ? {} : { body: call.body }),
        ...(controller ? { signal: controller.signal } : {}),
      };
      fetch(call.url, init)
        .then(async (res) => {
          const headers: Record<string, string> = {};
          res.headers.forEach((value, key) => {
            headers[key.toLowerCase()] = value;
          });
          const body = await res.text();
          settled = true;
          if (!cancelled) callbacks.response({ status: res.status, headers, body });
        })
        .catch((error: unknown) => {
          settled = true;
          if (!cancelled) callbacks.error(error);
        });
      return () => {
        cancelled = true;
        if (!settled) controller?.abort();
      };
    },
  };
}
