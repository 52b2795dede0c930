import {
  Observable,
  Subscription,
  asyncScheduler,
  type SchedulerLike,
} from 'rxjs';
import { resolveEndpoint } from '../client/endpoint.js';
import { invoke, type InvokeContext } from '../client/invoke.js';
import { withClientToken } from '../codec/http/request-encoder.js';
import { withRetry } from '../client/with-retry.js';
import { CHAT_ENDED_EVENT } from '../model/event-types.js';
import type { OperationInput, OperationName, OperationOutput } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import type { HttpPort, ParticipantTransport } from '../ports.js';
import { exponentialBackoff } from './backoff.js';
import { Hub } from './hub.js';
import { classifyFailure } from './failure-policy.js';
import { GAP_FILL_REQUEST, fillGap } from './gap-fill.js';
import { createGrantSource, type Grant } from './grant-source.js';
import { ItemLedger } from './item-ledger.js';
import type { ResolvedSessionOptions, SessionOptions } from './options.js';
import { resolveSessionOptions } from './resolve-options.js';
import { isTerminal, type ConnectionEvent, type SessionState } from './session-state.js';
import { SessionClosedError } from './session-closed-error.js';
import { connectSocket, type SocketEvent } from './socket-connection.js';
import { insertOrdered, isPersistent } from './transcript-order.js';

/** A call of the session: the operation's request without the ConnectionToken, which the session supplies. */
export type SessionCallInput<Op extends OperationName> = Omit<OperationInput<Op>, 'ConnectionToken'>;

/** A live participant connection. See the package README for the lifecycle it keeps. */
export interface ParticipantSession {
  /** The current state to each new subscriber, then every change; never the same status twice; never errors. */
  readonly state$: Observable<SessionState>;
  /** The current state. */
  readonly state: SessionState;
  /**
   * Every item of the chat from the first subscription on, each Id once, gaps after reconnects filled from the
   * transcript before newer items. Hot: subscribe before the session connects (it connects asynchronously).
   */
  readonly messages$: Observable<Item>;
  /** The conversation delivered so far, ordered by AbsoluteTime then Id (typing and receipts left out). */
  readonly transcript$: Observable<readonly Item[]>;
  /** The current ConnectionToken and its Expiry (replayed to new subscribers), refreshed before it expires. */
  readonly credentials$: Observable<{ readonly ConnectionToken: string; readonly Expiry: string }>;
  /** Each websocket grant, as the service sent it (replayed to new subscribers). The URL is a credential: do not log it. */
  readonly websocket$: Observable<{ readonly Url: string; readonly ConnectionExpiry: string }>;
  /** Lifecycle events for logs and metrics. Hot. */
  readonly connection$: Observable<ConnectionEvent>;
  /** A usable ConnectionToken, waiting for a refresh in progress. Rejects once the session is over. */
  connectionToken(): Promise<string>;
  /** Runs any operation that takes a ConnectionToken with the current one. */
  call<Op extends Exclude<OperationName, 'CreateParticipantConnection'>>(operation: Op, input: SessionCallInput<Op>): Promise<OperationOutput<Op>>;
  sendMessage(input: SessionCallInput<'SendMessage'>): Promise<OperationOutput<'SendMessage'>>;
  sendEvent(input: SessionCallInput<'SendEvent'>): Promise<OperationOutput<'SendEvent'>>;
  getTranscript(input?: SessionCallInput<'GetTranscript'>): Promise<OperationOutput<'GetTranscript'>>;
  disconnectParticipant(input?: SessionCallInput<'DisconnectParticipant'>): Promise<OperationOutput<'DisconnectParticipant'>>;
  /** A download URL of an attachment, valid for `UrlExpiryInSeconds` (default 300). */
  getAttachment(input: SessionCallInput<'GetAttachment'>): Promise<OperationOutput<'GetAttachment'>>;
  describeView(input: SessionCallInput<'DescribeView'>): Promise<OperationOutput<'DescribeView'>>;
  getAuthenticationUrl(input: SessionCallInput<'GetAuthenticationUrl'>): Promise<OperationOutput<'GetAuthenticationUrl'>>;
  cancelParticipantAuthentication(input: SessionCallInput<'CancelParticipantAuthentication'>): Promise<OperationOutput<'CancelParticipantAuthentication'>>;
  /** {@link ParticipantSession.call} as a cold observable (unsubscribing cancels). */
  call$<Op extends Exclude<OperationName, 'CreateParticipantConnection'>>(operation: Op, input: SessionCallInput<Op>): Observable<OperationOutput<Op>>;
  /** The HTTP port the session runs on (attachment uploads use it to PUT to the service's upload URL). */
  readonly http: HttpPort;
  /**
   * Leaves the chat: DisconnectParticipant, then waits (at most `timeoutMs`, default 5 s) for the chat-ended item,
   * then closes. Resolves when closed.
   */
  disconnect(options?: { readonly timeoutMs?: number }): Promise<void>;
  /** Ends the session: sockets, timers and requests torn down, every observable completed. Idempotent. */
  close(): Promise<void>;
}

interface Slot {
  readonly grant: Grant;
  rotation: boolean;
  openedAt: number | undefined;
  subscription: Subscription | undefined;
  /** Tells the socket to drain and close, once a rotation has replaced it. */
  readonly drain: Hub<void>;
}

type TokenCall = Exclude<OperationName, 'CreateParticipantConnection'>;

/** The one value of a single-value observable, as a promise (rxjs's firstValueFrom, without its bundle weight). */
const settle = <T>(source: Observable<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let value: T;
    source.subscribe({ next: (v) => (value = v), error: reject, complete: () => resolve(value) });
  });



/** The lifecycle: grants, sockets, rotation, token refresh, reconnects and gap-fill, wired over one scheduler. */
class SessionController implements ParticipantSession {
  readonly #state = new Hub<SessionState>({ status: 'connecting' });
  readonly #messages = new Hub<Item>();
  readonly #transcript = new Hub<readonly Item[]>([]);
  readonly #credentials = new Hub<{ ConnectionToken: string; Expiry: string }>();
  readonly #websocket = new Hub<{ Url: string; ConnectionExpiry: string }>();
  readonly #connection = new Hub<ConnectionEvent>();
  readonly #grants = new Hub<Grant>();
  readonly #ledger = new ItemLedger();
  readonly #inTranscript = new Set<string>();
  #historyRequested = false;
  readonly #subscriptions = new Subscription();
  readonly #context: InvokeContext;
  readonly #grant: () => Observable<Grant>;

  #primary: Slot | undefined;
  /** Replaced sockets still handing over the items they hold. */
  readonly #draining = new Set<Slot>();
  #candidate: Slot | undefined;
  #latest: Grant | undefined;
  #spare: Grant | undefined;
  #attempt = 0;
  #rotationAttempt = 0;
  #refreshAttempt = 0;
  #fillAttempt = 0;
  #everConnected = false;
  #needsGapFill = false;
  #firstSubscribedAt: number | undefined;
  #online = true;
  #waitingForNetwork = false;
  #refreshing = false;
  #filling = false;
  #buffered: Item[] = [];
  #acquiring: Subscription | undefined;
  #rotating: Subscription | undefined;
  #refresh: Subscription | undefined;
  #fill: Subscription | undefined;
  #reconnectTimer: Subscription | undefined;
  #rotationTimer: Subscription | undefined;
  #refreshTimer: Subscription | undefined;
  #uptimeTimer: Subscription | undefined;

  // The subject is never completed, so a late subscriber still gets the terminal state, then completion.
  readonly state$: Observable<SessionState> = this.#state.observable;
  readonly messages$: Observable<Item> = this.#messages.observable;
  readonly transcript$: Observable<readonly Item[]> = new Observable<readonly Item[]>((subscriber) => {
    this.#loadHistory();
    return this.#transcript.observable.subscribe(subscriber);
  });
  readonly credentials$ = this.#credentials.observable;
  readonly websocket$ = this.#websocket.observable;
  readonly connection$: Observable<ConnectionEvent> = this.#connection.observable;

  constructor(
    private readonly transport: ParticipantTransport,
    private readonly options: ResolvedSessionOptions,
    endpoint: string,
    private readonly scheduler: SchedulerLike,
  ) {
    this.#context = { http: transport.http, endpoint };
    this.#grant = createGrantSource(this.#context, options.participantToken, options.connectParticipant, options.grant, scheduler);
  }

  get state(): SessionState {
    return this.#state.value;
  }

  start(): void {
    if (this.transport.online$) {
      this.#subscriptions.add(this.transport.online$.subscribe((online) => this.#onNetwork(online)));
    }
    if (this.transport.visible$) {
      this.#subscriptions.add(this.transport.visible$.subscribe((visible) => visible && this.#retryNow()));
    }
    if (!this.#over) this.#connect();
  }

  // ---- state --------------------------------------------------------------------------------------------

  get #over(): boolean {
    return isTerminal(this.#state.value.status);
  }

  #emit(event: ConnectionEvent): void {
    if (!this.#over) this.#connection.next(event);
  }

  #setStatus(state: SessionState): void {
    if (this.#over || this.#state.value.status === state.status) return;
    this.#state.next(state);
  }

  #finish(state: Extract<SessionState, { status: 'ended' | 'failed' | 'closed' }>): void {
    if (this.#over) return;
    this.#state.next(state);
    this.#state.complete();
    for (const s of [this.#acquiring, this.#rotating, this.#refresh, this.#fill, this.#reconnectTimer, this.#rotationTimer, this.#refreshTimer, this.#uptimeTimer]) {
      s?.unsubscribe();
    }
    this.#primary?.subscription?.unsubscribe();
    this.#candidate?.subscription?.unsubscribe();
    for (const slot of this.#draining) slot.subscription?.unsubscribe();
    this.#draining.clear();
    this.#primary = this.#candidate = undefined;
    this.#subscriptions.unsubscribe();
    this.#buffered = [];
    this.#messages.complete();
    this.#transcript.complete();
    this.#credentials.complete();
    this.#websocket.complete();
    this.#connection.complete();
    this.#grants.complete();
  }

  #failWith(error: unknown): void {
    const verdict = classifyFailure(error, this.#everConnected);
    if (verdict === 'ended') this.#finish({ status: 'ended', reason: 'access-denied' });
    else this.#finish({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
  }

  // ---- grants ---------------------------------------------------------------------------------------------

  #fetchGrant(purpose: 'connect' | 'rotate' | 'refresh-token'): Observable<Grant> {
    this.#emit({ type: 'grant-requested', purpose });
    return this.#grant();
  }

  #onGrant(grant: Grant): void {
    if (this.#over || this.#latest === grant) return;
    this.#latest = grant;
    this.#refreshing = false;
    this.#credentials.next(grant.ConnectionCredentials);
    this.#websocket.next(grant.Websocket);
    this.#emit({ type: 'granted', connectionExpiry: grant.connectionExpiry, tokenExpiry: grant.tokenExpiry, skewMs: grant.skewMs });
    this.#grants.next(grant);
    this.#refreshTimer?.unsubscribe();
    const delay = Math.max(0, grant.tokenExpiry - this.options.tokenRefreshLeadMs - this.scheduler.now());
    this.#refreshTimer = this.scheduler.schedule(() => this.#refreshToken(), delay);
  }

  /** An unused grant still inside its connect window, if one is at hand. */
  #takeSpare(): Grant | undefined {
    const spare = this.#spare;
    this.#spare = undefined;
    return spare && this.scheduler.now() <= spare.openBy ? spare : undefined;
  }

  // ---- connecting and reconnecting ------------------------------------------------------------------------

  #connect(): void {
    if (this.#over || this.#acquiring || this.#primary) return;
    if (!this.#online) {
      this.#waitingForNetwork = true;
      this.#emit({ type: 'waiting-for-network' });
      return;
    }
    const spare = this.#takeSpare();
    if (spare) return this.#openPrimary(spare);
    this.#acquiring = this.#fetchGrant('connect').subscribe({
      next: (grant) => {
        this.#acquiring = undefined;
        this.#onGrant(grant);
        this.#openPrimary(grant);
      },
      error: (error: unknown) => {
        this.#acquiring = undefined;
        this.#emit({ type: 'grant-failed', error: error as Error });
        if (classifyFailure(error, this.#everConnected) === 'retry') this.#scheduleReconnect();
        else this.#failWith(error);
      },
    });
  }

  #openPrimary(grant: Grant): void {
    if (this.scheduler.now() > grant.openBy) return this.#connect(); // too old to use: replace it
    this.#primary = this.#open(grant, false);
  }

  #scheduleReconnect(): void {
    if (this.#over) return;
    if (!this.#online) {
      this.#waitingForNetwork = true;
      this.#emit({ type: 'waiting-for-network' });
      return;
    }
    const delayMs = exponentialBackoff(this.#attempt, this.options.reconnect, this.transport.random);
    this.#attempt++;
    this.#emit({ type: 'reconnect-scheduled', attempt: this.#attempt, delayMs });
    this.#reconnectTimer?.unsubscribe();
    this.#reconnectTimer = this.scheduler.schedule(() => {
      this.#reconnectTimer = undefined;
      this.#connect();
    }, delayMs);
  }

  /** Network back or app visible again: a pending reconnect is made now, with no attempt burnt. */
  #retryNow(): void {
    if (this.#over) return;
    if (this.#waitingForNetwork || this.#reconnectTimer) {
      this.#waitingForNetwork = false;
      this.#reconnectTimer?.unsubscribe();
      this.#reconnectTimer = undefined;
      this.#connect();
    }
  }

  #onNetwork(online: boolean): void {
    this.#online = online;
    if (online) this.#retryNow();
  }

  // ---- sockets --------------------------------------------------------------------------------------------

  #open(grant: Grant, rotation: boolean): Slot {
    const slot: Slot = { grant, rotation, openedAt: undefined, subscription: undefined, drain: new Hub<void>() };
    const settings = {
      heartbeat: this.options.heartbeat,
      subscribe: this.options.subscribe,
      connectTimeoutMs: this.options.connectTimeoutMs,
      maxFrameBytes: this.options.maxFrameBytes,
    };
    slot.subscription = connectSocket(this.transport.sockets, grant.url, settings, this.scheduler, slot.drain.observable).subscribe({
      next: (event) => this.#onSocketEvent(slot, event),
      error: (error: unknown) => this.#onSocketLost(slot, error as Error),
      complete: () => this.#draining.delete(slot),
    });
    return slot;
  }

  #onSocketEvent(slot: Slot, event: SocketEvent): void {
    switch (event.type) {
      case 'opened':
        slot.openedAt = this.scheduler.now();
        return this.#emit({ type: 'opened', rotation: slot.rotation });
      case 'subscribed':
        return this.#onSubscribed(slot);
      case 'item':
        if (this.#filling) this.#buffered.push(event.item);
        else this.#deliver(event.item);
        return;
      default:
        return this.#emit(event);
    }
  }

  #onSubscribed(slot: Slot): void {
    this.#emit({ type: 'subscribed', rotation: slot.rotation });
    if (slot.rotation) {
      // Make before break: the new socket is subscribed, so the old one can go without a gap.
      const old = this.#primary;
      this.#primary = slot;
      this.#candidate = undefined;
      slot.rotation = false;
      if (old) {
        this.#draining.add(old);
        old.drain.next();
      }
      this.#rotationAttempt = 0;
      this.#emit({ type: 'rotated' });
      this.#scheduleRotation(slot);
      return;
    }
    this.#everConnected = true;
    this.#firstSubscribedAt ??= this.scheduler.now() + slot.grant.skewMs;
    this.#setStatus({ status: 'connected' });
    this.#uptimeTimer?.unsubscribe();
    this.#uptimeTimer = this.scheduler.schedule(() => {
      this.#attempt = 0;
    }, this.options.reconnect.minUptimeMs);
    this.#scheduleRotation(slot);
    if (this.#needsGapFill) this.#startGapFill();
  }

  #onSocketLost(slot: Slot, error: Error): void {
    if (this.#over) return;
    if (slot === this.#candidate) {
      this.#candidate = undefined;
      return this.#retryRotation();
    }
    if (this.#draining.delete(slot)) {
      // A replaced socket that did not hand over cleanly may have lost items: recover them from the transcript.
      this.#emit({ type: 'lost', error });
      if (this.#primary && !this.#filling) this.#startGapFill();
      else this.#needsGapFill = true;
      return;
    }
    if (slot !== this.#primary) return;
    this.#primary = undefined;
    this.#rotationTimer?.unsubscribe();
    this.#uptimeTimer?.unsubscribe();
    this.#rotating?.unsubscribe();
    this.#rotating = undefined;
    this.#fill?.unsubscribe();
    this.#fill = undefined;
    this.#emit({ type: 'lost', error });
    if (this.#everConnected) {
      this.#needsGapFill = true;
      this.#setStatus({ status: 'reconnecting' });
    }
    if (this.#candidate) {
      // A rotation was under way: its socket becomes the reconnection, and the gap is filled once it subscribes.
      this.#primary = this.#candidate;
      this.#primary.rotation = false;
      this.#candidate = undefined;
      return;
    }
    this.#scheduleReconnect();
  }

  // ---- rotation -------------------------------------------------------------------------------------------

  #scheduleRotation(slot: Slot): void {
    this.#rotationTimer?.unsubscribe();
    const now = this.scheduler.now();
    const byExpiry = slot.grant.connectionExpiry - this.options.rotation.leadMs;
    const byLifetime = (slot.openedAt ?? now) + this.options.rotation.maxSocketLifetimeMs;
    const at = Math.min(byExpiry, byLifetime);
    this.#emit({ type: 'rotation-scheduled', at });
    this.#rotationTimer = this.scheduler.schedule(() => this.#rotate(), Math.max(0, at - now));
  }

  #rotate(): void {
    if (this.#over || !this.#primary || this.#candidate || this.#rotating) return;
    const spare = this.#takeSpare();
    if (spare) {
      this.#candidate = this.#open(spare, true);
      return;
    }
    this.#rotating = this.#fetchGrant('rotate').subscribe({
      next: (grant) => {
        this.#rotating = undefined;
        this.#onGrant(grant);
        if (this.#primary && !this.#over) this.#candidate = this.#open(grant, true);
      },
      error: (error: unknown) => {
        this.#rotating = undefined;
        this.#emit({ type: 'grant-failed', error: error as Error });
        if (classifyFailure(error, this.#everConnected) === 'retry') this.#retryRotation();
        else this.#failWith(error);
      },
    });
  }

  #retryRotation(): void {
    if (this.#over || !this.#primary) return;
    const delay = exponentialBackoff(this.#rotationAttempt++, this.options.reconnect, this.transport.random);
    this.#rotationTimer?.unsubscribe();
    this.#rotationTimer = this.scheduler.schedule(() => this.#rotate(), delay);
  }

  // ---- the ConnectionToken --------------------------------------------------------------------------------

  #refreshToken(): void {
    if (this.#over || this.#refresh) return;
    this.#refreshing = true;
    this.#refresh = this.#fetchGrant('refresh-token').subscribe({
      next: (grant) => {
        this.#refresh = undefined;
        this.#refreshAttempt = 0;
        this.#spare = grant;
        this.#onGrant(grant);
        this.#emit({ type: 'token-refreshed', tokenExpiry: grant.tokenExpiry });
      },
      error: (error: unknown) => {
        this.#refresh = undefined;
        this.#emit({ type: 'grant-failed', error: error as Error });
        if (classifyFailure(error, this.#everConnected) !== 'retry') return this.#failWith(error);
        const delay = exponentialBackoff(this.#refreshAttempt++, this.options.reconnect, this.transport.random);
        this.#refreshTimer?.unsubscribe();
        this.#refreshTimer = this.scheduler.schedule(() => this.#refreshToken(), delay);
      },
    });
  }

  #token$(): Observable<string> {
    if (this.#over) {
      const error = new SessionClosedError(this.#state.value.status);
      return new Observable<string>((subscriber) => subscriber.error(error));
    }
    const latest = this.#latest;
    const fresh = (g: Grant) => this.scheduler.now() < g.tokenExpiry;
    if (latest && !this.#refreshing && fresh(latest)) {
      const token = latest.connectionToken;
      return new Observable<string>((subscriber) => {
        subscriber.next(token);
        subscriber.complete();
      });
    }
    if (latest && !fresh(latest)) this.#refreshToken();
    return new Observable<string>((subscriber) =>
      this.#grants.observable.subscribe({
        next: (g) => {
          if (!fresh(g)) return;
          subscriber.next(g.connectionToken);
          subscriber.complete();
        },
        // The grants stream completes only when the session ends: nobody will bring a token any more.
        complete: () => subscriber.error(new SessionClosedError(this.#state.value.status)),
      }),
    );
  }

  connectionToken(): Promise<string> {
    return settle(this.#token$());
  }

  #call$<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>): Observable<OperationOutput<Op>> {
    // The token, then the call with it (written out rather than switchMap, to keep browser bundles lean).
    return new Observable<OperationOutput<Op>>((subscriber) => {
      let call: Subscription | undefined;
      const token = this.#token$().subscribe({
        next: (ConnectionToken) => {
          const request = withClientToken(operation, { ...input, ConnectionToken } as OperationInput<Op>, this.transport.generateClientToken);
          call = withRetry(() => invoke(this.#context, operation, request), this.options.retry, this.transport.random, this.scheduler).subscribe({
            next: (r) => subscriber.next(r.output),
            error: (e: unknown) => subscriber.error(e),
            complete: () => subscriber.complete(),
          });
        },
        error: (e: unknown) => subscriber.error(e),
      });
      return () => {
        token.unsubscribe();
        call?.unsubscribe();
      };
    });
  }

  call$<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>): Observable<OperationOutput<Op>> {
    return this.#call$(operation, input);
  }

  get http(): HttpPort {
    return this.transport.http;
  }

  call<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>): Promise<OperationOutput<Op>> {
    return settle(this.#call$(operation, input));
  }

  sendMessage(input: SessionCallInput<'SendMessage'>) {
    return this.call('SendMessage', input);
  }

  sendEvent(input: SessionCallInput<'SendEvent'>) {
    return this.call('SendEvent', input);
  }

  getTranscript(input: SessionCallInput<'GetTranscript'> = {}) {
    return this.call('GetTranscript', input);
  }

  disconnectParticipant(input: SessionCallInput<'DisconnectParticipant'> = {}) {
    return this.call('DisconnectParticipant', input);
  }

  getAttachment(input: SessionCallInput<'GetAttachment'>) {
    return this.call('GetAttachment', input);
  }

  describeView(input: SessionCallInput<'DescribeView'>) {
    return this.call('DescribeView', input);
  }

  getAuthenticationUrl(input: SessionCallInput<'GetAuthenticationUrl'>) {
    return this.call('GetAuthenticationUrl', input);
  }

  cancelParticipantAuthentication(input: SessionCallInput<'CancelParticipantAuthentication'>) {
    return this.call('CancelParticipantAuthentication', input);
  }

  async disconnect(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    if (this.#over) return;
    try {
      await this.disconnectParticipant();
      await new Promise<void>((resolve) => {
        const timeout = this.scheduler.schedule(resolve, options.timeoutMs ?? 5_000);
        this.state$.subscribe({ complete: () => (timeout.unsubscribe(), resolve()) });
      });
    } finally {
      await this.close();
    }
  }

  // ---- items and gap-fill ---------------------------------------------------------------------------------

  #record(item: Item): void {
    // The conversation is kept only once someone has asked for it (which also loads the history): a session whose
    // app never reads transcript$ pays nothing per item.
    if (!this.#historyRequested || !isPersistent(item) || (item.Id !== undefined && this.#inTranscript.has(item.Id))) return;
    if (item.Id !== undefined) this.#inTranscript.add(item.Id);
    this.#transcript.next(insertOrdered(this.#transcript.value, item));
  }

  /** The conversation before this session, loaded once, when someone first asks for `transcript$`. */
  #loadHistory(): void {
    if (this.#historyRequested || this.#over) return;
    this.#historyRequested = true;
    const readPage = (NextToken: string | undefined) =>
      this.#call$('GetTranscript', { ...GAP_FILL_REQUEST, ...(NextToken === undefined ? {} : { NextToken }) });
    this.#subscriptions.add(
      fillGap(readPage, () => false, Number.NEGATIVE_INFINITY).subscribe({
        next: (items) => {
          for (const item of items) this.#record(item);
        },
        error: (error: unknown) => this.#emit({ type: 'history-failed', error: error as Error }),
      }),
    );
  }

  #deliver(item: Item): void {
    if (this.#over || !this.#ledger.accept(item)) return;
    this.#messages.next(item);
    this.#record(item);
    if (item.ContentType === CHAT_ENDED_EVENT) this.#finish({ status: 'ended', reason: 'chat-ended' });
  }

  #startGapFill(): void {
    this.#filling = true;
    this.#fill?.unsubscribe();
    const since = this.#firstSubscribedAt ?? Number.NEGATIVE_INFINITY;
    const readPage = (NextToken: string | undefined) =>
      this.#call$('GetTranscript', { ...GAP_FILL_REQUEST, ...(NextToken === undefined ? {} : { NextToken }) });
    this.#fill = fillGap(readPage, (id) => this.#ledger.has(id), since).subscribe({
      next: (missed) => {
        this.#fill = undefined;
        this.#needsGapFill = false;
        this.#fillAttempt = 0;
        this.#emit({ type: 'gap-filled', count: missed.length });
        for (const item of missed) this.#deliver(item);
        this.#flushBuffered();
      },
      error: (error: unknown) => {
        this.#fill = undefined;
        this.#emit({ type: 'gap-fill-failed', error: error as Error });
        const verdict = classifyFailure(error, this.#everConnected);
        if (verdict === 'ended') return this.#failWith(error);
        if (verdict === 'failed') {
          // Nothing more can be recovered; live items must not wait forever behind a gap that cannot be filled.
          this.#needsGapFill = false;
          return this.#flushBuffered();
        }
        const delay = exponentialBackoff(this.#fillAttempt++, this.options.reconnect, this.transport.random);
        this.#fill = this.scheduler.schedule(() => {
          if (this.#primary) this.#startGapFill();
        }, delay);
      },
    });
  }

  #flushBuffered(): void {
    this.#filling = false;
    const buffered = this.#buffered;
    this.#buffered = [];
    for (const item of buffered) this.#deliver(item);
  }

  close(): Promise<void> {
    this.#finish({ status: 'closed' });
    return Promise.resolve();
  }
}

/**
 * Starts a participant session over a transport: one CreateParticipantConnection for the websocket and the
 * ConnectionToken, then the socket kept subscribed, alive, rotated before expiry and reconnected after losses,
 * with missed items filled in from the transcript. Returns at once; watch `state$`.
 */
export function createParticipantSession(transport: ParticipantTransport, options: SessionOptions): ParticipantSession {
  const resolved = resolveSessionOptions(options);
  const endpoint = resolveEndpoint(options);
  const scheduler = options.scheduler ?? asyncScheduler;
  const session = new SessionController(transport, resolved, endpoint, scheduler);
  // Started after the caller's synchronous code, not inline, so that every hot stream can be subscribed first: as
  // a microtask by default (a timer would cost a millisecond of connect latency), on the given scheduler in tests.
  if (options.scheduler) options.scheduler.schedule(() => session.start());
  else void Promise.resolve().then(() => session.start());
  return session;
}

