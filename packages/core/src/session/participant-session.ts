import type { Observable } from 'rxjs';
import type { CallOutput, OperationInput, OperationName } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import type { HttpPort } from '../ports.js';
import type { Conversation } from './conversation-view.js';
import type { OutboxEntry } from './outbox.js';
import type { Participant } from './roster.js';
import type { ConnectionEvent, SessionState } from './session-state.js';

/** A call of the session: the operation's request without the ConnectionToken, which the session supplies. */
export type SessionCallInput<Op extends OperationName> = Omit<OperationInput<Op>, 'ConnectionToken'>;

/** A live participant connection. See the package README for the lifecycle it keeps. */
export interface ParticipantSession {
  /**
   * The current state to each new subscriber, then every change; never errors. Never the same state twice in a
   * row, nor `connected` twice in a row; `connecting` and `reconnecting` come again as their progress changes
   * (attempt, last error, next attempt due). Completes after a terminal state.
   */
  readonly state$: Observable<SessionState>;
  /** The current state. */
  readonly state: SessionState;
  /**
   * Every item of the chat, in order: by default from the chat's beginning (the history read from the transcript
   * once the socket is subscribed, then live items), or from the first subscription or a cursor (`start`). Gaps
   * after losses are filled from the transcript before newer items. A true duplicate (the same Id and the same
   * version: chunk, status, receipt) is delivered once; an update under the same Id (a streamed message's next
   * chunk, a processing or scan status, a receipt) is delivered as it comes, and after a reconnect a streamed
   * message whose chunks were cut off comes whole from the transcript. Items are delivered as the service sent
   * them, unknown members kept; a member of an unexpected type is left out and reported (`item-member-dropped` on
   * `connection$`). Items of other contacts are delivered too (`other-contact`). Hot: subscribe before the
   * session starts (it starts asynchronously, after the caller's synchronous code).
   */
  readonly messages$: Observable<Item>;
  /**
   * The conversation: one entry per message Id with every update merged (streamed chunks joined in order, the
   * whole text once complete; processing and scan statuses; the participant's own messages from the moment
   * `sendMessage` is called, pending → sent → delivered → read, or failed), typing and receipts not entries of
   * their own. Each emission carries the live, ordered list and the entry that changed: no copy of the list is
   * made per update (see {@link Conversation}). Replays the latest to new subscribers. Made on first use: subscribe
   * before sending for your sends to show as pending.
   */
  readonly conversation$: Observable<Conversation>;
  /**
   * The conversation's items (those with an Id), ordered as `conversation$`, as a new array on each change. Simple
   * to use, but it copies the list per update: prefer `conversation$` for long chats.
   */
  readonly transcript$: Observable<readonly Item[]>;
  /** The chat's participants, from their events (joined, idle, returned, left, renamed); a new list on each change. */
  readonly participants$: Observable<readonly Participant[]>;
  /** The current ConnectionToken and its Expiry (replayed to new subscribers), refreshed before it expires. */
  readonly credentials$: Observable<{ readonly ConnectionToken: string; readonly Expiry: string }>;
  /** Each websocket grant, as the service sent it (replayed to new subscribers). The URL is a credential: do not log it. */
  readonly websocket$: Observable<{ readonly Url: string; readonly ConnectionExpiry: string }>;
  /** Lifecycle events for logs and metrics. Hot. */
  readonly connection$: Observable<ConnectionEvent>;
  /**
   * A usable ConnectionToken, waiting for a refresh or a connection in progress (at most `tokenWaitMs`, then a
   * `ConnectionTokenTimeoutError`). Rejects with `SessionClosedError` once the session is over.
   */
  connectionToken(): Promise<string>;
  /**
   * Runs any operation that takes a ConnectionToken with the current one (waiting for one as `connectionToken()`
   * does), retrying throttling, server faults, network errors and time-outs; one ClientToken, made when the call is
   * made, is kept across its retries. Each request is aborted after `requestTimeoutMs`.
   */
  call<Op extends Exclude<OperationName, 'CreateParticipantConnection'>>(operation: Op, input: SessionCallInput<Op>): Promise<CallOutput<Op>>;
  /**
   * Sends a message through the outbox: sends are made one at a time in call order, each with the ClientToken made
   * at the call (or given), when the session is connected; made while it is connecting, reconnecting or offline,
   * they wait (kept in the `resume` store, when there is one, across reloads). Resolves once the service has it.
   * Rejects with the service's error when it refuses it, `SendExpiredError` after `outbox.maxAgeMs`, or
   * `OutboxFullError` at once when the outbox holds `outbox.maxLength` sends; a failed send stays in the outbox
   * (and in the conversation, failed) until {@link ParticipantSession.retrySend} or
   * {@link ParticipantSession.discardSend}. Invalid input is refused at once. When the session closes first, it
   * rejects with `SessionClosedError`, but with a `resume` store the send is kept and the next session sends it
   * (it may also have reached the service already): do not send it again with a new ClientToken.
   */
  sendMessage(input: SessionCallInput<'SendMessage'>): Promise<CallOutput<'SendMessage'>>;
  /** Sends an event through the outbox, as {@link ParticipantSession.sendMessage}; a typing event shares one still queued. */
  sendEvent(input: SessionCallInput<'SendEvent'>): Promise<CallOutput<'SendEvent'>>;
  /** The outbox: the sends not yet made, and failed ones (replayed to new subscribers; a new array per change). */
  readonly outbox$: Observable<readonly OutboxEntry[]>;
  /** Queues a failed send again, its ClientToken kept; resolves as it is sent. Rejects (RangeError) when no failed send has it. */
  retrySend(clientToken: string): Promise<unknown>;
  /** Drops a failed send from the outbox, the store and the conversation. Returns whether there was one. */
  discardSend(clientToken: string): boolean;
  getTranscript(input?: SessionCallInput<'GetTranscript'>): Promise<CallOutput<'GetTranscript'>>;
  disconnectParticipant(input?: SessionCallInput<'DisconnectParticipant'>): Promise<CallOutput<'DisconnectParticipant'>>;
  /** A download URL of an attachment, valid for `UrlExpiryInSeconds` (default 300). */
  getAttachment(input: SessionCallInput<'GetAttachment'>): Promise<CallOutput<'GetAttachment'>>;
  describeView(input: SessionCallInput<'DescribeView'>): Promise<CallOutput<'DescribeView'>>;
  getAuthenticationUrl(input: SessionCallInput<'GetAuthenticationUrl'>): Promise<CallOutput<'GetAuthenticationUrl'>>;
  cancelParticipantAuthentication(input: SessionCallInput<'CancelParticipantAuthentication'>): Promise<CallOutput<'CancelParticipantAuthentication'>>;
  /** {@link ParticipantSession.call} as a cold observable (unsubscribing cancels). */
  call$<Op extends Exclude<OperationName, 'CreateParticipantConnection'>>(operation: Op, input: SessionCallInput<Op>): Observable<CallOutput<Op>>;
  /** The HTTP port the session runs on (attachment uploads use it to PUT to the service's upload URL). */
  readonly http: HttpPort;
  /**
   * Leaves the chat: DisconnectParticipant, made after the sends made before it (it waits its turn in the outbox,
   * for a connection too, `outbox.maxAgeMs` at most), then waits for the chat-ended item (at most `timeoutMs`,
   * default the session's `disconnectTimeoutMs`, 5 min), delivering what the service sends meanwhile (a survey, a
   * goodbye: the session stays usable, sends included), then closes. Resolves when the session is over: `ended`
   * when the chat-ended item came, else `closed`. Sends still waiting when the chat ends fail (`send-failed`).
   */
  disconnect(options?: { readonly timeoutMs?: number }): Promise<void>;
  /** Ends the session: sockets, timers and requests torn down, every observable completed. Idempotent. */
  close(): Promise<void>;
}

