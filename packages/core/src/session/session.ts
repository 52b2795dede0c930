import { Observable, Subscription, type SchedulerLike } from 'rxjs';
import { resolveEndpoint } from '../client/endpoint.js';
import { sendOnce } from '../client/invoke.js';
import type { DecodedResponse } from '../codec/http/response-decoder.js';
import { withClientToken } from '../codec/http/request-encoder.js';
import { withRetry } from '../client/with-retry.js';
import { CHAT_ENDED_EVENT } from '../model/event-types.js';
import type { OperationInput, OperationName, OperationOutput } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import type { HttpPort, ParticipantTransport } from '../ports.js';
import { exponentialBackoff } from './backoff.js';
import { Alarm, type AlarmOwner } from './alarm.js';
import { Hub } from './hub.js';
import { classifyFailure } from './failure-policy.js';
import { GAP_FILL_REQUEST, fillGap } from './gap-fill.js';
import { GrantSource, credentialsOf, websocketOf, type Grant } from './grant-source.js';
import { ItemLedger } from './item-ledger.js';
import type { ResolvedSessionOptions, SessionOptions } from './options.js';
import { resolveSessionOptions } from './resolve-options.js';
import type { ConnectionEvent, SessionState } from './session-state.js';
import { SessionClosedError } from './session-closed-error.js';
import { SocketLink, earlier, type SocketEvent, type SocketSink } from './socket-connection.js';
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

type TokenCall = Exclude<OperationName, 'CreateParticipantConnection'>;

const CONNECTING: SessionState = { status: 'connecting' };
const CONNECTED: SessionState = { status: 'connected' };
const RECONNECTING: SessionState = { status: 'reconnecting' };
const CLOSED: SessionState = { status: 'closed' };
const NO_SLOTS: readonly Slot[] = [];

/** The one value of a single-value observable, as a promise (rxjs's firstValueFrom, without its bundle weight). */
const settle = <T>(source: Observable<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let value: T;
    source.subscribe({ next: (v) => (value = v), error: reject, complete: () => resolve(value) });
  });

/** A socket of the session, with the grant it was opened with. */
class Slot extends SocketLink {
  openedAt: number | undefined;

  constructor(
    readonly grant: Grant,
    /** Opened to replace the primary socket (until it takes over). */
    public rotation: boolean,
    settings: ResolvedSessionOptions,
    alarm: Alarm,
    sink: SocketSink<SocketLink>,
  ) {
    super(settings, alarm, sink);
  }
}

/**
 * The lifecycle: grants, sockets, rotation, token refresh, reconnects and gap-fill, wired over one scheduler.
 * Every deadline is a field woken by one {@link Alarm}, and streams exist only as {@link Hub}s: a connected session
 * at rest holds one timer and no closures of its own.
 */
class SessionController implements ParticipantSession, SocketSink<SocketLink>, AlarmOwner {
  readonly #state = new Hub<SessionState>(true, CONNECTING);
  // The other streams are made when first asked for: a session pays only for what its app listens to.
  #messages: Hub<Item> | undefined;
  #transcript: Hub<readonly Item[]> | undefined;
  #credentials: Hub<ReturnType<typeof credentialsOf>> | undefined;
  #websocket: Hub<ReturnType<typeof websocketOf>> | undefined;
  #connection: Hub<ConnectionEvent> | undefined;
  /** Each new grant, for calls waiting for a fresh ConnectionToken. */
  #grants: Hub<Grant> | undefined;
  readonly #ledger = new ItemLedger();
  /** Ids in `transcript$`, once someone has asked for it. */
  #inTranscript: Set<string> | undefined;
  /** Signal and history subscriptions, made on demand. */
  #subscriptions: Subscription | undefined;
  readonly #source: GrantSource;
  readonly #alarm: Alarm;

  #primary: Slot | undefined;
  /** Replaced sockets still handing over the items they hold. */
  #draining: readonly Slot[] = NO_SLOTS;
  #candidate: Slot | undefined;
  #latest: Grant | undefined;
  #spare: Grant | undefined;
  #attempt = 0;
  #rotationAttempt = 0;
  #refreshAttempt = 0;
  #fillAttempt = 0;
  #everConnected = false;
  /** Ended, failed or closed (a field, not a look at the state: it is asked for every item). */
  #over = false;
  #needsGapFill = false;
  #firstSubscribedAt: number | undefined;
  #online = true;
  #waitingForNetwork = false;
  #refreshing = false;
  #filling = false;
  #buffered: Item[] | undefined;
  #acquiring: Subscription | undefined;
  #rotating: Subscription | undefined;
  #refresh: Subscription | undefined;
  #fill: Subscription | undefined;
  // Due times on the scheduler's clock, undefined when not pending.
  #reconnectAt: number | undefined;
  #rotateAt: number | undefined;
  #refreshAt: number | undefined;
  #uptimeAt: number | undefined;
  #fillRetryAt: number | undefined;

  // The hub is never completed before the terminal state, so a late subscriber still gets it, then completion.
  readonly state$: Observable<SessionState> = this.#state;

  readonly #transport: ParticipantTransport;
  readonly #options: ResolvedSessionOptions;
  readonly #scheduler: SchedulerLike;

  constructor(transport: ParticipantTransport, options: ResolvedSessionOptions, endpoint: string, scheduler: SchedulerLike) {
    this.#transport = transport;
    this.#options = options;
    this.#scheduler = scheduler;
    this.#source = new GrantSource(transport.http, endpoint, options.participantToken, options.connectParticipant, options.grant, scheduler);
    this.#alarm = new Alarm(scheduler, this);
  }

  get state(): SessionState {
    return this.#state.value;
  }

  get messages$(): Observable<Item> {
    return (this.#messages ??= this.#born(new Hub(false)));
  }

  get connection$(): Observable<ConnectionEvent> {
    return (this.#connection ??= this.#born(new Hub(false)));
  }

  get credentials$(): Observable<{ readonly ConnectionToken: string; readonly Expiry: string }> {
    const latest = this.#latest;
    return (this.#credentials ??= this.#born(latest ? new Hub(true, credentialsOf(latest)) : new Hub(true)));
  }

  get websocket$(): Observable<{ readonly Url: string; readonly ConnectionExpiry: string }> {
    const latest = this.#latest;
    return (this.#websocket ??= this.#born(latest ? new Hub(true, websocketOf(latest)) : new Hub(true)));
  }

  /** A stream made after the session ended is complete at birth (a replaying one still gives its value first). */
  #born<T>(hub: Hub<T>): Hub<T> {
    if (this.#over) hub.complete();
    return hub;
  }

  /** The conversation delivered so far; the first subscription loads the history. */
  get transcript$(): Observable<readonly Item[]> {
    return new Observable<readonly Item[]>((subscriber) => {
      this.#loadHistory();
      return (this.#transcript ??= this.#born(new Hub(true, []))).subscribe(subscriber);
    });
  }

  start(): void {
    if (this.#over) return;
    // The grant is asked for before the platform signals are listened to: setting those up (event listeners, a
    // first network check) then happens while the request is in flight instead of before it. A session that
    // starts offline loses nothing by it: the request fails, and the reconnect waits for the network.
    this.#connect();
    if (this.#over) return; // the request was refused at once (its input is invalid): nothing to listen for
    const { online$, visible$ } = this.#transport;
    if (online$) this.#keep(online$.subscribe((online) => this.#onNetwork(online)));
    if (visible$) this.#keep(visible$.subscribe((visible) => visible && this.#retryNow()));
  }

  #keep(subscription: Subscription): void {
    (this.#subscriptions ??= new Subscription()).add(subscription);
  }

  // ---- state --------------------------------------------------------------------------------------------

  #emit(event: ConnectionEvent): void {
    if (!this.#over) this.#connection?.next(event);
  }

  #setStatus(state: SessionState): void {
    if (this.#over || this.#state.value.status === state.status) return;
    this.#state.next(state);
  }

  #finish(state: Extract<SessionState, { status: 'ended' | 'failed' | 'closed' }>): void {
    if (this.#over) return;
    this.#over = true;
    this.#state.next(state);
    this.#state.complete();
    this.#alarm.cancel();
    for (const s of [this.#acquiring, this.#rotating, this.#refresh, this.#fill, this.#subscriptions]) s?.unsubscribe();
    for (const slot of this.#slots()) slot?.dispose();
    this.#draining = NO_SLOTS;
    this.#primary = this.#candidate = undefined;
    this.#buffered = undefined;
    for (const hub of [this.#messages, this.#transcript, this.#credentials, this.#websocket, this.#connection, this.#grants]) hub?.complete();
  }

  /** A grant request failed: reported, and the end of the session unless it may be retried (then true). */
  #grantFailed(error: unknown): boolean {
    this.#emit({ type: 'grant-failed', error: error as Error });
    if (classifyFailure(error, this.#everConnected) === 'retry') return true;
    this.#failWith(error);
    return false;
  }

  /** The sockets: the primary, a rotation's new one, and the replaced ones still handing over. */
  #slots(): (Slot | undefined)[] {
    return [this.#primary, this.#candidate, ...this.#draining];
  }

  #failWith(error: unknown): void {
    const verdict = classifyFailure(error, this.#everConnected);
    if (verdict === 'ended') this.#finish({ status: 'ended', reason: 'access-denied' });
    else this.#finish({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
  }

  // ---- deadlines ------------------------------------------------------------------------------------------

  /** A due time `ms` from now, with the alarm set for it. */
  #due(ms: number): number {
    const at = this.#scheduler.now() + ms;
    this.#alarm.at(at);
    return at;
  }

  /** @internal The alarm: every deadline that has come, then the next one. */
  wake(): number | undefined {
    if (this.#over) return undefined;
    for (const slot of this.#slots()) slot?.tick();
    const now = this.#scheduler.now();
    if (this.#uptimeAt !== undefined && this.#uptimeAt <= now) {
      // Connected long enough: the next loss starts the backoff afresh.
      this.#uptimeAt = undefined;
      this.#attempt = 0;
    }
    if (this.#reconnectAt !== undefined && this.#reconnectAt <= now) {
      this.#reconnectAt = undefined;
      this.#connect();
    }
    if (this.#refreshAt !== undefined && this.#refreshAt <= now) {
      this.#refreshAt = undefined;
      this.#refreshToken();
    }
    if (this.#rotateAt !== undefined && this.#rotateAt <= now) {
      this.#rotateAt = undefined;
      this.#rotate();
    }
    if (this.#fillRetryAt !== undefined && this.#fillRetryAt <= now) {
      this.#fillRetryAt = undefined;
      if (this.#primary) this.#startGapFill();
    }
    if (this.#over) return undefined;
    let next = [this.#reconnectAt, this.#rotateAt, this.#refreshAt, this.#fillRetryAt].reduce(earlier, this.#uptimeAt);
    for (const slot of this.#slots()) if (slot) next = earlier(next, slot.due);
    return next;
  }

  // ---- grants ---------------------------------------------------------------------------------------------

  #fetchGrant(purpose: 'connect' | 'rotate' | 'refresh-token'): Observable<Grant> {
    this.#emit({ type: 'grant-requested', purpose });
    return this.#source.grant$();
  }

  #onGrant(grant: Grant): void {
    if (this.#over || this.#latest === grant) return;
    this.#latest = grant;
    this.#refreshing = false;
    this.#credentials?.next(credentialsOf(grant));
    this.#websocket?.next(websocketOf(grant));
    this.#emit({ type: 'granted', connectionExpiry: grant.connectionExpiry, tokenExpiry: grant.tokenExpiry, skewMs: grant.skewMs });
    this.#grants?.next(grant);
    this.#refreshAt = this.#due(Math.max(0, grant.tokenExpiry - this.#options.tokenRefreshLeadMs - this.#scheduler.now()));
  }

  /** An unused grant still inside its connect window, if one is at hand. */
  #takeSpare(): Grant | undefined {
    const spare = this.#spare;
    this.#spare = undefined;
    return spare && this.#scheduler.now() <= spare.openBy ? spare : undefined;
  }

  // ---- connecting and reconnecting ------------------------------------------------------------------------

  #connect(): void {
    if (this.#over || this.#acquiring || this.#primary) return;
    if (!this.#online) return this.#waitForNetwork();
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
        if (this.#grantFailed(error)) this.#scheduleReconnect();
      },
    });
  }

  #waitForNetwork(): void {
    this.#waitingForNetwork = true;
    this.#emit({ type: 'waiting-for-network' });
  }

  #openPrimary(grant: Grant): void {
    if (this.#scheduler.now() > grant.openBy) return this.#connect(); // too old to use: replace it
    this.#primary = this.#open(grant, false);
  }

  #scheduleReconnect(): void {
    if (this.#over) return;
    if (!this.#online) return this.#waitForNetwork();
    const delayMs = exponentialBackoff(this.#attempt, this.#options.reconnect, this.#transport.random);
    this.#attempt++;
    this.#emit({ type: 'reconnect-scheduled', attempt: this.#attempt, delayMs });
    this.#reconnectAt = this.#due(delayMs);
  }

  /** Network back or app visible again: a pending reconnect is made now, with no attempt burnt. */
  #retryNow(): void {
    if (this.#over) return;
    if (this.#waitingForNetwork || this.#reconnectAt !== undefined) {
      this.#waitingForNetwork = false;
      this.#reconnectAt = undefined;
      this.#connect();
    }
  }

  #onNetwork(online: boolean): void {
    this.#online = online;
    if (online) this.#retryNow();
  }

  // ---- sockets --------------------------------------------------------------------------------------------

  #open(grant: Grant, rotation: boolean): Slot {
    const slot = new Slot(grant, rotation, this.#options, this.#alarm, this);
    slot.start(this.#transport.sockets, grant.url);
    return slot;
  }

  /** @internal The socket's reports: an item. */
  socketItem(_link: SocketLink, item: Item): void {
    if (this.#filling) (this.#buffered ??= []).push(item);
    else this.#deliver(item);
  }

  /** @internal */
  socketEvent(link: SocketLink, event: SocketEvent): void {
    const slot = link as Slot;
    switch (event.type) {
      case 'opened':
        slot.openedAt = this.#scheduler.now();
        return this.#emit({ type: 'opened', rotation: slot.rotation });
      case 'subscribed':
        return this.#onSubscribed(slot);
      default:
        return this.#emit(event);
    }
  }

  /** @internal A replaced socket handed over everything it held. */
  socketDrained(link: SocketLink): void {
    this.#draining = this.#draining.filter((s) => s !== link);
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
        this.#draining = [...this.#draining, old];
        old.drain();
      }
      this.#rotationAttempt = 0;
      this.#emit({ type: 'rotated' });
      this.#scheduleRotation(slot);
      return;
    }
    this.#everConnected = true;
    this.#firstSubscribedAt ??= this.#scheduler.now() + slot.grant.skewMs;
    this.#setStatus(CONNECTED);
    this.#uptimeAt = this.#due(this.#options.reconnect.minUptimeMs);
    this.#scheduleRotation(slot);
    if (this.#needsGapFill) this.#startGapFill();
  }

  /** @internal A socket is gone. */
  socketLost(link: SocketLink, error: Error): void {
    const slot = link as Slot;
    if (this.#over) return;
    if (slot === this.#candidate) {
      this.#candidate = undefined;
      return this.#retryRotation();
    }
    if (this.#draining.includes(slot)) {
      this.#draining = this.#draining.filter((s) => s !== slot);
      // A replaced socket that did not hand over cleanly may have lost items: recover them from the transcript.
      this.#emit({ type: 'lost', error });
      if (this.#primary && !this.#filling) this.#startGapFill();
      else this.#needsGapFill = true;
      return;
    }
    if (slot !== this.#primary) return;
    this.#primary = undefined;
    this.#rotateAt = this.#uptimeAt = this.#fillRetryAt = undefined;
    this.#rotating?.unsubscribe();
    this.#rotating = undefined;
    this.#fill?.unsubscribe();
    this.#fill = undefined;
    this.#emit({ type: 'lost', error });
    if (this.#everConnected) {
      this.#needsGapFill = true;
      this.#setStatus(RECONNECTING);
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
    const now = this.#scheduler.now();
    const byExpiry = slot.grant.connectionExpiry - this.#options.rotation.leadMs;
    const byLifetime = (slot.openedAt ?? now) + this.#options.rotation.maxSocketLifetimeMs;
    const at = Math.min(byExpiry, byLifetime);
    this.#emit({ type: 'rotation-scheduled', at });
    this.#rotateAt = this.#due(Math.max(0, at - now));
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
        if (this.#grantFailed(error)) this.#retryRotation();
      },
    });
  }

  #retryRotation(): void {
    if (this.#over || !this.#primary) return;
    this.#rotateAt = this.#due(exponentialBackoff(this.#rotationAttempt++, this.#options.reconnect, this.#transport.random));
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
        if (this.#grantFailed(error)) {
          this.#refreshAt = this.#due(exponentialBackoff(this.#refreshAttempt++, this.#options.reconnect, this.#transport.random));
        }
      },
    });
  }

  #token$(): Observable<string> {
    if (this.#over) {
      const error = new SessionClosedError(this.#state.value.status);
      return new Observable<string>((subscriber) => subscriber.error(error));
    }
    const latest = this.#latest;
    const fresh = (g: Grant) => this.#scheduler.now() < g.tokenExpiry;
    if (latest && !this.#refreshing && fresh(latest)) {
      const token = latest.connectionToken;
      return new Observable<string>((subscriber) => {
        subscriber.next(token);
        subscriber.complete();
      });
    }
    if (latest && !fresh(latest)) this.#refreshToken();
    return new Observable<string>((subscriber) =>
      (this.#grants ??= new Hub(false)).subscribe({
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

  call$<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>): Observable<OperationOutput<Op>> {
    // The token, then the call with it (written out rather than switchMap, to keep browser bundles lean).
    return new Observable<OperationOutput<Op>>((subscriber) => {
      let cancel: (() => void) | undefined;
      const token = this.#token$().subscribe({
        next: (ConnectionToken) => {
          const request = withClientToken(operation, { ...input, ConnectionToken } as OperationInput<Op>, this.#transport.generateClientToken);
          cancel = withRetry<DecodedResponse<OperationOutput<Op>>>(
            (attempt) => sendOnce(this.#source, operation, request, true, attempt),
            this.#options.retry,
            this.#transport.random,
            this.#scheduler,
            {
              value: (r) => {
                subscriber.next(r.output);
                subscriber.complete();
              },
              error: (e) => subscriber.error(e),
            },
          );
        },
        error: (e: unknown) => subscriber.error(e),
      });
      return () => {
        token.unsubscribe();
        cancel?.();
      };
    });
  }

  get http(): HttpPort {
    return this.#transport.http;
  }

  call<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>): Promise<OperationOutput<Op>> {
    return settle(this.call$(operation, input));
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
        const timeout = this.#scheduler.schedule(resolve, options.timeoutMs ?? 5_000);
        this.state$.subscribe({ complete: () => (timeout.unsubscribe(), resolve()) });
      });
    } finally {
      await this.close();
    }
  }

  // ---- items and gap-fill ---------------------------------------------------------------------------------

  #readPage(NextToken: string | undefined) {
    return this.call$('GetTranscript', { ...GAP_FILL_REQUEST, ...(NextToken === undefined ? {} : { NextToken }) });
  }

  #record(item: Item): void {
    // The conversation is kept only once someone has asked for it (which also loads the history): a session whose
    // app never reads transcript$ pays nothing per item.
    const seen = this.#inTranscript;
    if (!seen || !isPersistent(item) || (item.Id !== undefined && seen.has(item.Id))) return;
    if (item.Id !== undefined) seen.add(item.Id);
    const transcript = (this.#transcript ??= new Hub(true, []));
    transcript.next(insertOrdered(transcript.value, item));
  }

  /** The conversation before this session, loaded once, when someone first asks for `transcript$`. */
  #loadHistory(): void {
    if (this.#inTranscript || this.#over) return;
    this.#inTranscript = new Set();
    this.#keep(
      fillGap((token) => this.#readPage(token), () => false, -Infinity).subscribe({
        next: (items) => {
          for (const item of items) this.#record(item);
        },
        error: (error: unknown) => this.#emit({ type: 'history-failed', error: error as Error }),
      }),
    );
  }

  #deliver(item: Item): void {
    if (this.#over || !this.#ledger.accept(item)) return;
    this.#messages?.next(item);
    this.#record(item);
    if (item.ContentType === CHAT_ENDED_EVENT) this.#finish({ status: 'ended', reason: 'chat-ended' });
  }

  #startGapFill(): void {
    this.#filling = true;
    this.#fill?.unsubscribe();
    this.#fillRetryAt = undefined;
    const since = this.#firstSubscribedAt ?? -Infinity;
    this.#fill = fillGap((token) => this.#readPage(token), (id) => this.#ledger.has(id), since).subscribe({
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
        this.#fillRetryAt = this.#due(exponentialBackoff(this.#fillAttempt++, this.#options.reconnect, this.#transport.random));
      },
    });
  }

  #flushBuffered(): void {
    this.#filling = false;
    const buffered = this.#buffered;
    this.#buffered = undefined;
    if (buffered) for (const item of buffered) this.#deliver(item);
  }

  close(): Promise<void> {
    this.#finish(CLOSED as Extract<SessionState, { status: 'closed' }>);
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
  const scheduler = options.scheduler ?? transport.scheduler;
  const session = new SessionController(transport, resolved, endpoint, scheduler);
  // Started after the caller's synchronous code, not inline, so that every hot stream can be subscribed first: as
  // a microtask by default (a timer would cost a millisecond of connect latency), on the given scheduler in tests.
  if (options.scheduler) options.scheduler.schedule(() => session.start());
  else void Promise.resolve().then(() => session.start());
  return session;
}

