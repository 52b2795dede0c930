import { Observable, Subscription, type SchedulerLike } from 'rxjs';
import { resolveEndpoint } from '../client/endpoint.js';
import { sendOnce, type Outcome } from '../client/invoke.js';
import { withRetry } from '../client/with-retry.js';
import type { DecodedResponse } from '../codec/http/response-decoder.js';
import { withClientToken } from '../codec/http/request-encoder.js';
import { CHAT_ENDED_EVENT } from '../model/event-types.js';
import type { OperationInput, OperationOutput } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import type { HttpPort, ParticipantTransport } from '../ports.js';
import { keeperOf, nothingToResume, type Resumed } from '../resume/chat-keeper.js';
import { Alarm, type AlarmOwner } from './alarm.js';
import { ChatIdentity } from './chat-identity.js';
import { ChatViews, transcriptOf } from './chat-views.js';
import type { Conversation } from './conversation-view.js';
import type { Participant } from './roster.js';
import { Delivery } from './delivery.js';
import { GAP_FILL_REQUEST, type TranscriptPage } from './gap-fill.js';
import { GrantSource } from './grant-source.js';
import { Grants } from './grants.js';
import type { ResolvedSessionOptions, SessionOptions } from './options.js';
import { Outbox } from './outbox.js';
import type { ParticipantSession, SessionCallInput } from './participant-session.js';
import { Reconnect } from './reconnect.js';
import { resolveSessionOptions } from './resolve-options.js';
import { logSession } from './session-logger.js';
import { SessionClosedError } from './session-errors.js';
import type { TokenCall } from './session-calls.js';
import { SessionSends } from './session-sends.js';
import type { SessionState } from './session-state.js';
import { earlier } from './socket-connection.js';
import type { SocketLostError } from './socket-lost-error.js';
import { Sockets } from './sockets.js';

type Terminal = Extract<SessionState, { status: 'ended' | 'failed' | 'closed' }>;

/**
 * The coordinator: the session's streams and calls over its parts, each owning its state and deadlines
 * ({@link Grants}, {@link Sockets}, {@link Reconnect}, {@link Delivery}), all woken by one {@link Alarm}. What the
 * parts report reaches it through {@link SessionEvents}, which turns it into state, events and the session's end.
 */
class SessionController extends SessionSends implements ParticipantSession, AlarmOwner {
  readonly source: GrantSource;
  readonly grants: Grants;
  readonly sockets: Sockets;
  readonly reconnect: Reconnect;
  readonly delivery: Delivery;
  readonly identity: ChatIdentity;
  readonly outbox: Outbox;
  /** The ParticipantToken: the option's, or a resumed session's from its store. */
  participantToken: string;
  readonly #alarm: Alarm;
  /** Signal subscriptions, made on demand. */
  #subscriptions: Subscription | undefined;
  #views: ChatViews | undefined;
  /** The service time the primary socket subscribed, until delivery has heard of it. */
  #subscribedAt: number | undefined;

  constructor(
    readonly transport: ParticipantTransport,
    readonly options: ResolvedSessionOptions,
    endpoint: string,
    readonly scheduler: SchedulerLike,
  ) {
    super();
    const alarm = (this.#alarm = new Alarm(scheduler, this));
    const random = transport.random;
    this.source = new GrantSource(transport.http, endpoint, options, scheduler);
    this.grants = new Grants(this.source, alarm, options, random, this);
    this.sockets = new Sockets(transport.sockets, this.grants, alarm, options, random, this);
    this.reconnect = new Reconnect(this.grants, this.sockets, alarm, options.reconnect, random, this);
    this.delivery = new Delivery(this, alarm, options.start, options.gapFill, options.reconnect, random);
    this.identity = new ChatIdentity(options.contactId);
    this.participantToken = options.participantToken;
    this.outbox = new Outbox(options.outbox, alarm, (entry, outcome) => this.runSend(entry, outcome), random, this);
    const failed = (error: Error) => this.emit({ type: 'store-failed', error });
    if (options.resume) this.keeper = keeperOf(options.resume, options.participantToken, failed, { scheduler, timeoutMs: options.requestTimeoutMs });
  }

  protected get views(): ChatViews | undefined {
    return this.#views;
  }

  get conversation$(): Observable<Conversation> {
    return new Observable<Conversation>((subscriber) => this.#chatViews().conversation.hub.subscribe(subscriber));
  }
  get transcript$(): Observable<readonly Item[]> {
    return transcriptOf(this.conversation$);
  }
  get participants$(): Observable<readonly Participant[]> {
    return new Observable<readonly Participant[]>((subscriber) => this.#chatViews().roster.hub.subscribe(subscriber));
  }

  /** The views, made on first use; the history is read for them unless the whole chat is still to come through delivery. */
  #chatViews(): ChatViews {
    if (this.#views) return this.#views;
    const views = (this.#views = new ChatViews(!(this.delivery.fromBeginning && this.delivery.readingHistory)));
    // Sends made (or restored) before the view was: shown pending, or failed, as they stand.
    for (const entry of this.outbox.entries) views.follow({ kind: 'queued', entry });
    if (this.over) views.stop();
    else if (this.state.status === 'connected') this.#readHistory();
    return views;
  }

  get http(): HttpPort {
    return this.transport.http;
  }

  start(): void {
    if (this.over) return;
    if (this.keeper) this.keeper.load((resumed) => this.#begin(resumed));
    else this.#begin(undefined);
  }

  /** Starts, from what a store held when there is one. */
  #begin(resumed: Resumed | undefined): void {
    if (this.over) return;
    if (resumed) {
      const token = resumed.participantToken;
      if (token === undefined) return this.finish({ status: 'failed', error: nothingToResume() });
      this.participantToken = token;
      this.source.useParticipantToken(token);
      if (resumed.cursor) {
        this.delivery.startAfter(resumed.cursor);
        this.#views?.needHistory();
      }
      this.outbox.restore(resumed.outbox);
    }
    // The grant is asked for before the platform signals are listened to: setting those up (event listeners, a
    // first network check) then happens while the request is in flight instead of before it. A session that
    // starts offline loses nothing by it: the request fails, and the reconnect waits for the network.
    this.reconnect.start();
    if (this.over) return; // the request was refused at once (its input is invalid): nothing to listen for
    const { online$, visible$ } = this.transport;
    const subscriptions = (this.#subscriptions = new Subscription());
    if (online$) subscriptions.add(online$.subscribe((online) => this.reconnect.online(online)));
    if (visible$) subscriptions.add(visible$.subscribe((visible) => visible && this.reconnect.visible()));
  }

  /** @internal The alarm: every part handles what has come due; the earliest next due time is returned. */
  wake(): number | undefined {
    if (this.over) return undefined;
    const now = this.scheduler.now();
    this.#tellDelivery();
    this.grants.tick(now);
    this.sockets.tick(now);
    this.reconnect.tick(now);
    this.delivery.tick(now);
    this.outbox.tick(now);
    if (this.over) return undefined;
    return [this.sockets.due, this.reconnect.due, this.delivery.due, this.outbox.due].reduce(earlier, this.grants.due);
  }

  // ---- what the parts need of the coordinator -------------------------------------------------------------

  protected override connected(): void {
    // Delivery hears of it on the next tick, not in the subscription's own: what the app does on `connected` (its
    // first send, say) goes out before the history is read.
    this.#subscribedAt = this.scheduler.now() + (this.grants.latest?.skewMs ?? 0);
    this.#alarm.at(this.scheduler.now());
    this.outbox.ready(true);
  }

  #tellDelivery(): void {
    const subscribedAt = this.#subscribedAt;
    if (subscribedAt === undefined) return;
    this.#subscribedAt = undefined;
    this.delivery.subscribed(subscribedAt);
    this.#readHistory();
  }

  /** @internal A loss before delivery heard of the subscription: it hears of both, in order. */
  override disconnected(error: SocketLostError): void {
    this.#tellDelivery();
    this.outbox.ready(false);
    super.disconnected(error);
  }

  protected override finish(state: Terminal): void {
    // Once: what an app does on hearing of a failed send (a close, say) must not end the session a second time.
    if (this.over || this.stopping) return;
    // Before the terminal state: a chat that ended fails the sends not made, and the app hears of each.
    this.stopSends(new SessionClosedError(state.status), state.status === 'ended');
    super.finish(state);
    this.#alarm.cancel();
    this.reconnect.stop();
    this.sockets.stop();
    this.delivery.stop();
    this.grants.stop(new SessionClosedError(state.status));
    this.#subscriptions?.unsubscribe();
    // A chat that ended leaves nothing to resume; a closed or failed session's sends stay for the next one.
    if (state.status === 'ended') this.keeper?.ended();
    else this.keeper?.outboxChanged(this.outbox.entries);
    this.#views?.stop();
  }

  /** @internal An item for the app. */
  deliver(item: Item): void {
    this.emitItem(item);
    this.#views?.record(item);
    this.keeper?.delivered(item);
    const other = this.identity.newOther(item);
    if (other !== undefined) this.emit({ type: 'other-contact', contactId: other });
    if (item.ContentType === CHAT_ENDED_EVENT && this.identity.isOurs(item)) this.finish({ status: 'ended', reason: 'chat-ended' });
  }

  /** @internal A page of the transcript, read with the current ConnectionToken. */
  readPage(NextToken: string | undefined, outcome: Outcome<TranscriptPage>): () => void {
    return this.send('GetTranscript', { ...GAP_FILL_REQUEST, ...(NextToken === undefined ? {} : { NextToken }) }, {
      value: (r) => outcome.value({ output: r.output, warnings: r.warnings }),
      error: outcome.error,
    });
  }

  /** @internal */
  learnedInitialContactId(id: string): void {
    this.identity.learnInitialContactId(id);
  }

  #readHistory(): void {
    this.#views?.readHistory((token, page) => this.readPage(token, page), this.options.gapFill.maxPages, (error) => this.emit({ type: 'history-failed', error: error as Error }));
  }

  // ---- calls ----------------------------------------------------------------------------------------------

  /**
   * One call with the current ConnectionToken: its ClientToken made now (so that every retry carries it), then a
   * token (waiting for one, bounded), then the attempts. Returns what cancels it.
   */
  send<Op extends TokenCall>(operation: Op, input: SessionCallInput<Op>, outcome: Outcome<DecodedResponse<OperationOutput<Op>>>): () => void {
    if (this.over) {
      outcome.error(new SessionClosedError(this.state.status));
      return noop;
    }
    let cancel: (() => void) | undefined;
    try {
      const prepared = withClientToken(operation, input as OperationInput<Op>, this.transport.generateClientToken);
      const stopWaiting = this.grants.token({
        value: (ConnectionToken) => {
          const request = { ...prepared, ConnectionToken } as OperationInput<Op>;
          cancel = withRetry((attempt) => sendOnce(this.source, operation, request, true, attempt), this.options.retry, this.transport.random, this.scheduler, outcome);
        },
        error: outcome.error,
      });
      cancel ??= stopWaiting;
    } catch (error) {
      // Preparing the call failed (no crypto.randomUUID on a platform without a polyfill, say): this call fails.
      outcome.error(error);
    }
    return () => cancel?.();
  }

  connectionToken(): Promise<string> {
    if (this.over) return Promise.reject(new SessionClosedError(this.state.status));
    return new Promise((resolve, reject) => void this.grants.token({ value: resolve, error: reject }));
  }

  close(): Promise<void> {
    this.finish({ status: 'closed' });
    return Promise.resolve();
  }
}

const noop = () => undefined;

/**
 * Starts a participant session over a transport: one CreateParticipantConnection for the websocket and the
 * ConnectionToken, then the socket kept subscribed, alive, rotated and reconnected after losses, with the history
 * and missed items read from the transcript. Returns at once; watch `state$`.
 */
export function createParticipantSession(transport: ParticipantTransport, options: SessionOptions): ParticipantSession {
  const resolved = resolveSessionOptions(options);
  const endpoint = resolveEndpoint(options);
  const scheduler = options.scheduler ?? transport.scheduler;
  const session = new SessionController(transport, resolved, endpoint, scheduler);
  if (options.logger !== undefined) logSession(session, options.logger, () => session.participantToken);
  // Started after the caller's synchronous code, not inline, so that every hot stream can be subscribed first: as
  // a microtask by default (a timer would cost a millisecond of connect latency), on the given scheduler in tests.
  if (options.scheduler) options.scheduler.schedule(() => session.start());
  else void Promise.resolve().then(() => session.start());
  return session;
}

export type { ParticipantSession, SessionCallInput } from './participant-session.js';
