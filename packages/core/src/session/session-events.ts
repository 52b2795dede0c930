import type { Observable } from 'rxjs';
import type { Item } from '../model/shapes.js';
import type { Delivery, DeliveryOwner } from './delivery.js';
import { classifyFailure, type FailureVerdict } from './failure-policy.js';
import { credentialsOf, websocketOf, type Grant } from './grant-source.js';
import type { Grants, GrantsOwner } from './grants.js';
import { Hub } from './hub.js';
import type { Reconnect, ReconnectOwner } from './reconnect.js';
import type { RetryLimitReachedError } from './session-errors.js';
import type { ConnectionEvent, RetryProgress, SessionState } from './session-state.js';
import type { SocketEvent } from './socket-connection.js';
import { SocketLostError } from './socket-lost-error.js';
import type { SocketsOwner } from './sockets.js';

type Terminal = Extract<SessionState, { status: 'ended' | 'failed' | 'closed' }>;

const CONNECTED: SessionState = { status: 'connected' };

/**
 * What the parts report, turned into the session's state, its streams and its end. The parts call these methods;
 * the coordinator ({@link createParticipantSession}'s session) supplies the parts and what happens on connecting
 * and finishing. The streams other than `state$` are made when first asked for: a session pays only for what its
 * app listens to.
 */
export abstract class SessionEvents implements GrantsOwner, SocketsOwner, ReconnectOwner, Pick<DeliveryOwner, 'emit' | 'fillFailed'> {
  readonly #state = new Hub<SessionState>(true, { status: 'connecting', attempt: 0 });
  #messages: Hub<Item> | undefined;
  #credentials: Hub<ReturnType<typeof credentialsOf>> | undefined;
  #websocket: Hub<ReturnType<typeof websocketOf>> | undefined;
  #connection: Hub<ConnectionEvent> | undefined;
  /** Ended, failed or closed (a field, not a look at the state: it is asked for every item). */
  over = false;
  #everConnected = false;

  abstract readonly grants: Grants;
  abstract readonly reconnect: Reconnect;
  abstract readonly delivery: Delivery;

  // The hub is never completed before the terminal state, so a late subscriber still gets it, then completion.
  readonly state$: Observable<SessionState> = this.#state;

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
    const latest = this.grants.latest;
    return (this.#credentials ??= this.#born(latest ? new Hub(true, credentialsOf(latest)) : new Hub(true)));
  }

  get websocket$(): Observable<{ readonly Url: string; readonly ConnectionExpiry: string }> {
    const latest = this.grants.latest;
    return (this.#websocket ??= this.#born(latest ? new Hub(true, websocketOf(latest)) : new Hub(true)));
  }

  /** A stream made after the session ended is complete at birth (a replaying one still gives its value first). */
  #born<T>(hub: Hub<T>): Hub<T> {
    if (this.over) hub.complete();
    return hub;
  }

  /** The primary socket is subscribed (a connection made, or made again). */
  protected abstract connected(): void;

  /** @internal Reports on `connection$` (the parts report through it). */
  emit(event: ConnectionEvent): void {
    if (!this.over) this.#connection?.next(event);
  }

  protected emitItem(item: Item): void {
    this.#messages?.next(item);
  }

  #setState(state: SessionState): void {
    const current = this.#state.value;
    if (this.over || (state.status === 'connected' && current.status === 'connected')) return;
    this.#state.next(state);
  }

  /** Progress of (re)connecting, as the state's status for it. */
  #progress(progress: RetryProgress): void {
    this.#setState(this.#everConnected ? { status: 'reconnecting', ...progress } : { status: 'connecting', ...progress });
  }

  protected finish(state: Terminal): void {
    if (this.over) return;
    this.over = true;
    this.#state.next(state);
    this.#state.complete();
    for (const hub of [this.#messages, this.#credentials, this.#websocket, this.#connection]) hub?.complete();
  }

  #failWith(error: unknown): void {
    if (classifyFailure(error, this.#everConnected) === 'ended') this.finish({ status: 'ended', reason: 'access-denied' });
    else this.finish({ status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
  }

  // ---- grants ---------------------------------------------------------------------------------------------

  /** @internal */
  granted(grant: Grant): void {
    this.#credentials?.next(credentialsOf(grant));
    this.#websocket?.next(websocketOf(grant));
    this.emit({ type: 'granted', connectionExpiry: grant.connectionExpiry, tokenExpiry: grant.tokenExpiry, skewMs: grant.skewMs });
  }

  /** @internal A grant request failed: reported, and the end of the session unless it may be retried (then true). */
  grantFailed(error: unknown): boolean {
    this.emit({ type: 'grant-failed', error: error as Error });
    if (classifyFailure(error, this.#everConnected) === 'retry') return true;
    this.#failWith(error);
    return false;
  }

  /** @internal */
  status(): string {
    return this.#state.value.status;
  }

  // ---- sockets --------------------------------------------------------------------------------------------

  /** @internal The hot path: an item from a subscribed socket. */
  socketItem(item: Item): void {
    this.delivery.item(item);
  }

  /** @internal */
  socketEvent(event: SocketEvent, rotation: boolean): void {
    if (event.type === 'opened' || event.type === 'subscribed') this.emit({ type: event.type, rotation });
    else this.emit(event);
    if (event.type !== 'subscribed' || rotation) return;
    this.#everConnected = true;
    this.#setState(CONNECTED);
    this.connected();
  }

  /** @internal The connection, made before, is lost: reconnecting counts it as a failure. */
  disconnected(error: SocketLostError): void {
    this.delivery.lost();
    this.reconnect.lost(error);
  }

  /** @internal */
  handoverLost(error: SocketLostError): void {
    this.emit({ type: 'lost', error });
    this.delivery.handoverLost();
  }

  // ---- reconnecting ---------------------------------------------------------------------------------------

  /** @internal */
  attemptStarted(failures: number): void {
    const s = this.#state.value;
    if ((s.status === 'connecting' || s.status === 'reconnecting') && (s.nextAttemptAt !== undefined || s.waitingForNetwork)) {
      this.#progress(s.lastError ? { attempt: failures, lastError: s.lastError } : { attempt: failures });
    }
  }

  /** @internal */
  attemptFailed(error: unknown): boolean {
    if (error instanceof SocketLostError) {
      this.emit({ type: 'lost', error });
      return true;
    }
    return this.grantFailed(error);
  }

  /** @internal */
  retryScheduled(attempt: number, delayMs: number, at: number, lastError: Error): void {
    this.emit({ type: 'reconnect-scheduled', attempt, delayMs });
    this.#progress({ attempt, lastError, nextAttemptAt: at });
  }

  /** @internal */
  waitingForNetwork(attempt: number, lastError: Error | undefined): void {
    this.emit({ type: 'waiting-for-network' });
    this.#progress(lastError ? { attempt, lastError, waitingForNetwork: true } : { attempt, waitingForNetwork: true });
  }

  /** @internal */
  gaveUp(error: RetryLimitReachedError): void {
    this.finish({ status: 'failed', error });
  }

  // ---- delivery -------------------------------------------------------------------------------------------

  /** @internal A gap fill's read failed: reported; a 403 ends the session. */
  fillFailed(error: unknown): FailureVerdict {
    this.emit({ type: 'gap-fill-failed', error: error as Error });
    const verdict = classifyFailure(error, this.#everConnected);
    if (verdict === 'ended') this.#failWith(error);
    return verdict;
  }
}
