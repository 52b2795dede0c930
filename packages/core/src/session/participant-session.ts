import type { Observable } from 'rxjs';
import type { OperationInput, OperationName, OperationOutput } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import type { HttpPort } from '../ports.js';
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
   * Every item of the chat, in order, each Id once: by default from the chat's beginning (the history read from
   * the transcript once the socket is subscribed, then live items), or from the first subscription or a cursor
   * (`start`). Gaps after losses are filled from the transcript before newer items. Items of other contacts are
   * delivered too (see `connection$`'s `other-contact`). Hot: subscribe before the session starts (it starts
   * asynchronously, after the caller's synchronous code).
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
   * Leaves the chat: DisconnectParticipant, then waits for the chat-ended item (at most `timeoutMs`, default the
   * session's `disconnectTimeoutMs`, 5 min), delivering what the service sends meanwhile (a survey, a goodbye: the
   * session stays usable, sends included), then closes. Resolves when the session is over: `ended` when the
   * chat-ended item came, else `closed`.
   */
  disconnect(options?: { readonly timeoutMs?: number }): Promise<void>;
  /** Ends the session: sockets, timers and requests torn down, every observable completed. Idempotent. */
  close(): Promise<void>;
}

