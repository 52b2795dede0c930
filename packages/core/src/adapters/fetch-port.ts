import type { HttpCall, HttpPort } from '../ports.js';
import type { AbortSignalLike } from '../client/abort.js';

/** The part of a WHATWG `fetch` response the port reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, key: string) => void): void };
  text(): Promise<string>;
}

/**
 * A type of the program's own platform where it has one (the DOM lib, `@types/node`), else the structural
 * fallback: what the port hands to fetch is then typed as the platform's own, so that the platform's fetch (and
 * undici's, and cross-fetch's) is accepted as it is, without a cast, while core still compiles with no platform types.
 */
type PlatformInstance<Name extends string, Fallback> = typeof globalThis extends { readonly [K in Name]: { readonly prototype: infer T } } ? T : Fallback;

/**
 * A Blob or File of the platform (what an attachment upload sends besides bytes). The two members added make it
 * fit undici's Blob too where the DOM lib declares the global one (their `stream()` types differ): undici's fetch
 * is then accepted in a program with both.
 */
export type FetchBlob = PlatformInstance<'Blob', { readonly size: number; readonly type: string }> & {
  stream(): never;
  slice(...args: readonly unknown[]): never;
};

/** An AbortSignal of the platform. */
export type FetchSignal = PlatformInstance<'AbortSignal', AbortSignalLike>;

/**
 * What the port hands to fetch: a subset of WHATWG `RequestInit`. Members are absent rather than undefined (under
 * `exactOptionalPropertyTypes` a platform `RequestInit` accepts no `undefined` body).
 */
export interface FetchInit {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array<ArrayBuffer> | FetchBlob;
  readonly signal?: FetchSignal;
}

/**
 * A WHATWG `fetch`: the platform's, undici's, cross-fetch's, or your own (a proxying wrapper, a mock). Each is
 * accepted as it is declared.
 */
export type FetchLike = (url: string, init: FetchInit) => PromiseLike<FetchResponseLike>;

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
      // The body and signal are the platform's own at run time (what the app uploaded, the controller's signal):
      // their static types here are core's structural ones.
      const init = { method: call.method, headers: call.headers as Record<string, string> } as { -readonly [K in keyof FetchInit]: FetchInit[K] };
      if (call.body !== undefined) init.body = call.body as NonNullable<FetchInit['body']>;
      if (controller) init.signal = controller.signal as FetchSignal;
      // One rejection handler for all: a failed request, an unreadable body, or a fetch stand-in whose response
      // cannot be read is reported as the platform's error, not lost.
      Promise.resolve(fetch(call.url, init))
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
