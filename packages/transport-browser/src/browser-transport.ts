import {
  createFetchPort,
  createWebSocketPort,
  type FetchLike,
  type ParticipantTransport,
  type WebSocketConstructorLike,
} from '@connect-participant/core';
import { Observable } from 'rxjs';
import { networkStatus$, type NetworkSignal } from './network-signal.js';
import { PlatformUnsupportedError } from './platform-unsupported-error.js';
import { timerScheduler } from './timer-scheduler.js';

/** Options of the browser (and React Native) transport. */
export interface BrowserTransportOptions {
  /** Default: the platform's `fetch`. */
  readonly fetch?: FetchLike | undefined;
  /** Default: the platform's `WebSocket`. */
  readonly WebSocket?: WebSocketConstructorLike | undefined;
  /**
   * Whether the network is up. Default in browsers: `navigator.onLine` and the `online`/`offline` events.
   * React Native: pass NetInfo's listener, `(set) => NetInfo.addEventListener((s) => set(s.isConnected !== false))`,
   * or an observable, or a check to poll (see {@link NetworkSignal}).
   */
  readonly network?: NetworkSignal | undefined;
  /** Whether the app is visible. Default in browsers: the Page Visibility API; elsewhere none. */
  readonly visible$?: Observable<boolean> | undefined;
}

/** `online`/`offline` events, starting from `navigator.onLine`. */
function browserOnline$(): Observable<boolean> | undefined {
  if (typeof window === 'undefined' || typeof navigator === 'undefined' || typeof window.addEventListener !== 'function') return undefined;
  return new Observable<boolean>((subscriber) => {
    let last: boolean | undefined;
    const emit = (value: boolean) => value !== last && subscriber.next((last = value));
    const online = () => emit(true);
    const offline = () => emit(false);
    emit(navigator.onLine !== false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  });
}

/** Page visibility, starting from `document.visibilityState`. */
function pageVisible$(): Observable<boolean> | undefined {
  if (typeof document === 'undefined' || typeof document.addEventListener !== 'function') return undefined;
  return new Observable<boolean>((subscriber) => {
    let last: boolean | undefined;
    const update = () => {
      const visible = document.visibilityState !== 'hidden';
      if (visible !== last) subscriber.next((last = visible));
    };
    update();
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  });
}

/** A UUID v4: `crypto.randomUUID` where the page is a secure context, else built from `getRandomValues`. */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The browser transport: the platform's fetch and WebSocket bound to core's ports, with the network and page
 * visibility as the session's signals. Everything it touches is a web platform global; no Node built-in.
 *
 * @throws {@link PlatformUnsupportedError} when the platform has no `WebSocket` or `fetch` and the options bring none,
 *   or no `crypto.randomUUID` nor `crypto.getRandomValues` (React Native without its polyfill).
 */
export function createBrowserTransport(options: BrowserTransportOptions = {}): ParticipantTransport {
  // Checked here, not on first use: Node 20 has fetch but no WebSocket, and the socket is opened asynchronously,
  // where a missing constructor would be an uncaught TypeError.
  const WebSocketImpl = options.WebSocket ?? (typeof globalThis.WebSocket === 'function' ? globalThis.WebSocket : undefined);
  if (!WebSocketImpl) throw new PlatformUnsupportedError('WebSocket');
  const fetch = options.fetch ?? (typeof globalThis.fetch === 'function' ? globalThis.fetch.bind(globalThis) : undefined);
  if (!fetch) throw new PlatformUnsupportedError('fetch');
  if (typeof crypto === 'undefined' || (typeof crypto.randomUUID !== 'function' && typeof crypto.getRandomValues !== 'function')) {
    throw new PlatformUnsupportedError('crypto');
  }
  const online$ = options.network ? networkStatus$(options.network) : browserOnline$();
  const visible$ = options.visible$ ?? pageVisible$();
  return {
    http: createFetchPort(fetch, typeof AbortController === 'function' ? AbortController : undefined),
    sockets: createWebSocketPort(WebSocketImpl),
    generateClientToken: uuid,
    random: Math.random,
    scheduler: timerScheduler,
    ...(online$ ? { online$ } : {}),
    ...(visible$ ? { visible$ } : {}),
  };
}
