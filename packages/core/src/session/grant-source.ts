import { Observable, type SchedulerLike, type Subscriber } from 'rxjs';
import { sendOnce, type InvokeContext } from '../client/invoke.js';
import type { DecodedResponse } from '../codec/http/response-decoder.js';
import { parseTimestamp } from '../codec/timestamp.js';
import { MalformedResponseError } from '../model/errors.js';
import type { CreateParticipantConnectionRequest, CreateParticipantConnectionResponse } from '../model/operations.js';
import type { HttpPort } from '../ports.js';
import type { GrantOptions } from './options.js';

/** A CreateParticipantConnection answer, with every time on the local clock (corrected for skew). */
export interface Grant {
  readonly url: string;
  /** Local time the answer arrived. */
  readonly receivedAt: number;
  /**
   * Local time until which the URL may still be opened: the connect window (or an earlier ConnectionExpiry) less
   * the safety margin. A grant is opened at once when it arrives; this decides only whether a spare one is usable.
   */
  readonly openBy: number;
  /** Local time of the socket's ConnectionExpiry. */
  readonly connectionExpiry: number;
  readonly connectionToken: string;
  /** Local time of the ConnectionToken's Expiry. */
  readonly tokenExpiry: number;
  /** Service clock minus local clock, from the response's Date header (0 when absent). */
  readonly skewMs: number;
  /** The service's timestamps as it sent them, for `websocket$` and `credentials$`. */
  readonly connectionExpiryText: string;
  readonly tokenExpiryText: string;
}

/** The grant's websocket as the service sent it (made on demand: a grant keeps only its fields). */
export const websocketOf = (g: Grant) => ({ Url: g.url, ConnectionExpiry: g.connectionExpiryText });

/** The grant's ConnectionCredentials as the service sent them. */
export const credentialsOf = (g: Grant) => ({ ConnectionToken: g.connectionToken, Expiry: g.tokenExpiryText });

const malformed = (what: string) => new MalformedResponseError({ message: `CreateParticipantConnection: ${what}` });

/** A websocket URL a socket can be opened with (checked without the URL class, which core does not assume). */
const WEBSOCKET_URL = /^wss?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i;

/** The callers sharing one CreateParticipantConnection in flight. */
interface Flight {
  readonly observers: Subscriber<Grant>[];
  cancel: (() => void) | undefined;
}

/** What the grant source needs beyond the endpoint: the token, the grant options, time. */
export interface GrantSourceSettings {
  readonly participantToken: string;
  readonly connectParticipant: boolean;
  readonly grant: GrantOptions;
  readonly requestTimeoutMs: number;
}

/**
 * CreateParticipantConnection with both connection types, single flight and paced: while one call is in flight,
 * every caller shares it (the first starts it, the last to leave cancels it, the next after it settles starts
 * anew), and no call starts sooner than `grant.minIntervalMs` after the previous one, whoever asks (a service that
 * grants short or already-past lifetimes cannot make the session storm). Times are moved to the local clock with
 * the skew the response's Date header shows, so a client whose clock is wrong by minutes still rotates and
 * refreshes on time. It is also the session's {@link InvokeContext}: every call has the same time limit.
 */
export class GrantSource implements InvokeContext {
  readonly requestTimeoutMs: number;
  #settings: GrantSourceSettings;
  #flight: Flight | undefined;
  /** When the last call started (scheduler time). */
  #lastStart = Number.NEGATIVE_INFINITY;
  /** How many calls were started. */
  calls = 0;

  constructor(
    readonly http: HttpPort,
    readonly endpoint: string,
    settings: GrantSourceSettings,
    readonly scheduler: SchedulerLike,
  ) {
    this.#settings = settings;
    this.requestTimeoutMs = settings.requestTimeoutMs;
  }

  /** A grant: the one in flight, or a new call. Cold; unsubscribing leaves the flight. */
  grant$(): Observable<Grant> {
    return new Observable<Grant>((subscriber) => {
      const joined = this.#flight;
      const flight = joined ?? (this.#flight = { observers: [], cancel: undefined });
      flight.observers.push(subscriber);
      if (!joined) this.#start(flight);
      return () => {
        const i = flight.observers.indexOf(subscriber);
        if (i >= 0) flight.observers.splice(i, 1);
        if (flight.observers.length === 0) {
          flight.cancel?.();
          if (this.#flight === flight) this.#flight = undefined;
        }
      };
    });
  }

  #start(flight: Flight): void {
    const wait = this.#lastStart + this.#settings.grant.minIntervalMs - this.scheduler.now();
    if (wait <= 0) return this.#run(flight);
    const timer = this.scheduler.schedule(() => this.#run(flight), wait);
    flight.cancel = () => timer.unsubscribe();
  }

  /** Before the first grant: the ParticipantToken a resumed session read from its store. */
  useParticipantToken(participantToken: string): void {
    this.#settings = { ...this.#settings, participantToken };
  }

  #run(flight: Flight): void {
    this.#lastStart = this.scheduler.now();
    this.calls++;
    // The flight is over for newcomers once it settles; those who joined hear how.
    const settle = (notify: (o: Subscriber<Grant>) => void) => {
      if (this.#flight === flight) this.#flight = undefined;
      // The request is over: the last subscriber's teardown has nothing left to cancel.
      flight.cancel = undefined;
      for (const o of [...flight.observers]) notify(o);
    };
    const { participantToken, connectParticipant } = this.#settings;
    const request: CreateParticipantConnectionRequest = {
      ParticipantToken: participantToken,
      Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
      ...(connectParticipant ? { ConnectParticipant: true } : {}),
    };
    try {
      flight.cancel = sendOnce(this, 'CreateParticipantConnection', request, true, {
        value: (response) => {
          let grant: Grant;
          try {
            grant = this.#toGrant(response);
          } catch (e) {
            return settle((o) => o.error(e));
          }
          settle((o) => {
            o.next(grant);
            o.complete();
          });
        },
        error: (e) => settle((o) => o.error(e)),
      });
    } catch (e) {
      // A participant token the service would refuse (checked before any I/O).
      settle((o) => o.error(e));
    }
  }

  #toGrant({ output, serverTime }: DecodedResponse<CreateParticipantConnectionResponse>): Grant {
    const now = this.scheduler.now();
    const skewMs = serverTime === undefined ? 0 : serverTime - now;
    const ws = output.Websocket;
    const creds = output.ConnectionCredentials;
    if (!ws?.Url || !ws.ConnectionExpiry) throw malformed('the response has no Websocket grant');
    if (!creds?.ConnectionToken || !creds.Expiry) throw malformed('the response has no ConnectionCredentials');
    // The URL is a credential: a bad one is described, never repeated.
    if (!WEBSOCKET_URL.test(ws.Url)) throw malformed('Websocket.Url is not a ws:// or wss:// URL');
    const connectionExpiry = parseTimestamp(ws.ConnectionExpiry);
    const tokenExpiry = parseTimestamp(creds.Expiry);
    if (!connectionExpiry.ok) throw malformed('Websocket.ConnectionExpiry is not a timestamp');
    if (!tokenExpiry.ok) throw malformed('ConnectionCredentials.Expiry is not a timestamp');
    const { connectWindowMs, safetyMarginMs } = this.#settings.grant;
    const expiry = connectionExpiry.value - skewMs;
    return {
      url: ws.Url,
      receivedAt: now,
      openBy: Math.min(now + connectWindowMs, expiry) - safetyMarginMs,
      connectionExpiry: expiry,
      connectionToken: creds.ConnectionToken,
      tokenExpiry: tokenExpiry.value - skewMs,
      skewMs,
      connectionExpiryText: ws.ConnectionExpiry,
      tokenExpiryText: creds.Expiry,
    };
  }
}
