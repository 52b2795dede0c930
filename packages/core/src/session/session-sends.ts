import type { Observable, SchedulerLike } from 'rxjs';
import { withMetadata, type Outcome } from '../client/invoke.js';
import { validateRequest } from '../codec/http/validate-request.js';
import type { CallOutput } from '../model/operations.js';
import type { ChatKeeper } from '../resume/chat-keeper.js';
import type { ChatViews } from './chat-views.js';
import { Hub } from './hub.js';
import type { Outbox, OutboxChange, OutboxEntry, OutboxOwner, OutboxSend } from './outbox.js';
import type { SessionCallInput } from './participant-session.js';
import { SessionCalls } from './session-calls.js';
import { OutboxFullError, SessionClosedError } from './session-errors.js';

type Sent<Op extends 'SendMessage' | 'SendEvent'> = Promise<CallOutput<Op>>;

/**
 * The participant's sends, through the outbox: queued in call order with their ClientToken, sent when connected,
 * shown in the conversation, kept in the store (when there is one), retried or discarded by the app once failed.
 */
export abstract class SessionSends extends SessionCalls implements OutboxOwner {
  abstract readonly outbox: Outbox;
  /** The conversation and roster, once an app has asked for them. */
  protected abstract readonly views: ChatViews | undefined;
  protected keeper: ChatKeeper | undefined;
  abstract readonly transport: { readonly generateClientToken: () => string };
  abstract readonly scheduler: SchedulerLike;
  abstract readonly options: { readonly disconnectTimeoutMs: number; readonly tokenWaitMs: number };
  abstract close(): Promise<void>;
  #outbox$: Hub<readonly OutboxEntry[]> | undefined;
  /** The session is finishing: its sends are being stopped, and no new one is taken. */
  protected stopping = false;

  /** Over, or on its way there: no send is taken. */
  get #closed(): boolean {
    return this.over || this.stopping;
  }

  /** The outbox's entries (replayed to new subscribers), a new array on each change. */
  get outbox$(): Observable<readonly OutboxEntry[]> {
    if (this.#outbox$) return this.#outbox$;
    const hub = (this.#outbox$ = new Hub<readonly OutboxEntry[]>(true, this.outbox.entries));
    if (this.over) hub.complete();
    return hub;
  }

  sendMessage(input: SessionCallInput<'SendMessage'>): Sent<'SendMessage'> {
    return this.#queue('SendMessage', input);
  }

  sendEvent(input: SessionCallInput<'SendEvent'>): Sent<'SendEvent'> {
    return this.#queue('SendEvent', input);
  }

  /** Sends a failed send again (its ClientToken kept); resolves as it is sent. Rejects when there is no such send. */
  retrySend(clientToken: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const outcome = { value: resolve, error: reject };
      if (this.#closed) reject(new SessionClosedError(this.state.status));
      else if (!this.outbox.retry(clientToken, outcome)) reject(new RangeError('no failed send has this ClientToken'));
    });
  }

  /** Drops a failed send: it leaves the outbox, the store and the conversation. Returns whether there was one. */
  discardSend(clientToken: string): boolean {
    return this.outbox.discard(clientToken);
  }

  /** @internal An attachment's upload, queued in memory behind the sends made before it; returns what withdraws it. */
  queueUpload(describe: { readonly AttachmentName: string; readonly ContentType: string }, run: (outcome: Outcome<unknown>) => () => void, outcome: Outcome<unknown>): () => void {
    if (this.#closed) {
      outcome.error(new SessionClosedError(this.state.status));
      return () => undefined;
    }
    let ClientToken: string;
    try {
      ClientToken = this.transport.generateClientToken();
    } catch (error) {
      outcome.error(error);
      return () => undefined;
    }
    let settled = false;
    const done = { value: (v: unknown) => ((settled = true), outcome.value(v)), error: (e: unknown) => ((settled = true), this.#refused(e, outcome)) };
    this.outbox.add({ operation: 'attachment', input: { ClientToken, ...describe } }, done, (_entry, attempt) => run(attempt));
    return () => void (settled || this.outbox.withdraw(ClientToken));
  }

  /**
   * Leaves the chat: DisconnectParticipant once the sends made before it are made (or failed), waiting for that
   * `tokenWaitMs` at most (then it goes regardless: leaving is not held up by a send that keeps failing), then the
   * chat-ended item awaited `timeoutMs` at most, what comes meanwhile delivered; then closed. Resolves once the
   * session is over, however it ends.
   */
  disconnect(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    if (this.over) return Promise.resolve();
    const timeoutMs = options.timeoutMs ?? this.options.disconnectTimeoutMs;
    // Written on callbacks rather than awaits, so that every step runs on the session's scheduler.
    return new Promise<void>((resolve, reject) => {
      let asked = false;
      let stopWaiting: () => void = () => undefined;
      const wait = this.scheduler.schedule(() => leave(), this.options.tokenWaitMs);
      const leave = (): void => {
        if (asked || this.#closed) return;
        asked = true;
        wait.unsubscribe();
        stopWaiting();
        this.send('DisconnectParticipant', {}, {
          // What the service sends before its chat-ended item (a survey, a goodbye) is delivered meanwhile.
          value: () => void this.scheduler.schedule(() => void this.close(), timeoutMs),
          error: (error: unknown) => {
            if (this.over) return;
            reject(error);
            void this.close();
          },
        });
      };
      // However the session ends (the chat-ended item, a close, a failure), the wait is over.
      this.state$.subscribe({ complete: () => (wait.unsubscribe(), stopWaiting(), resolve()) });
      stopWaiting = this.outbox.whenIdle(leave);
    });
  }

  /** @internal */
  changed(change: OutboxChange): void {
    this.views?.follow(change);
    const entries = this.outbox.entries;
    this.keeper?.outboxChanged(entries);
    this.#outbox$?.next(entries);
    if (change.kind === 'failed') this.emit({ type: 'send-failed', clientToken: change.entry.input.ClientToken, error: change.error });
  }

  /** One attempt of a queued message or event (attachments bring their own). */
  protected runSend(entry: OutboxEntry, outcome: Outcome<unknown>): () => void {
    const operation = entry.operation as 'SendMessage' | 'SendEvent';
    return this.send(operation, entry.input as SessionCallInput<typeof operation>, { value: (r) => outcome.value(withMetadata(r)), error: outcome.error });
  }

  /** The session is over: with `fail` (the chat ended), every send not made fails; else they stay for a resume. */
  protected stopSends(error: Error, fail: boolean): void {
    this.stopping = true;
    this.outbox.stop(error, fail);
    this.#outbox$?.complete();
  }

  #refused(error: unknown, outcome: Outcome<unknown>): void {
    if (error instanceof OutboxFullError) this.emit({ type: 'outbox-full', maxLength: error.maxLength });
    outcome.error(error);
  }

  #queue<Op extends 'SendMessage' | 'SendEvent'>(operation: Op, input: SessionCallInput<Op>): Sent<Op> {
    if (this.#closed) return Promise.reject(new SessionClosedError(this.state.status));
    let send: OutboxSend;
    try {
      // Checked now, not when its turn comes: a send the service would refuse is refused before it waits.
      const invalid = validateRequest(operation, { ...input, ConnectionToken: '-' });
      if (invalid) return Promise.reject(invalid);
      send = { operation, input: { ...input, ClientToken: input.ClientToken ?? this.transport.generateClientToken() } } as OutboxSend;
    } catch (error) {
      // No ClientToken could be made (no crypto.randomUUID on a platform without a polyfill, say).
      return Promise.reject(error as Error);
    }
    return new Promise((resolve, reject) => {
      this.outbox.add(send, { value: (output) => resolve(output as CallOutput<Op>), error: (error) => this.#refused(error, { value: resolve, error: reject }) });
    });
  }
}
