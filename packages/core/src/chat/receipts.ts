import { Observable, asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { Item } from '../model/shapes.js';
import type { ParticipantSession } from '../session/session.js';
import { isTerminal } from '../session/session-state.js';

const READ = 'application/vnd.amazonaws.connect.event.message.read';
const DELIVERED = 'application/vnd.amazonaws.connect.event.message.delivered';

export interface ReceiptSenderOptions {
  /** Receipts are sent at most once per this long, the newest of each kind (default 5 s, as the chat library). */
  readonly throttleMs?: number;
  readonly scheduler?: SchedulerLike;
}

/**
 * Read and delivered receipts, sent for you: each message is acknowledged once per kind, a read receipt makes a
 * delivered one for the same message unnecessary, receipts within `throttleMs` are coalesced (the newest of each
 * kind is sent when the window ends), and nothing is sent once the session is over (the service answers 403 then).
 * `flush()` sends what is pending now; `dispose()` drops it.
 */
export function createReceiptSender(session: ParticipantSession, options: ReceiptSenderOptions = {}) {
  const scheduler = options.scheduler ?? asyncScheduler;
  const throttleMs = options.throttleMs ?? 5_000;
  const sent = new Set<string>();
  const pending = new Map<typeof READ | typeof DELIVERED, string>();
  let windowEnds = Number.NEGATIVE_INFINITY;
  let timer: Subscription | undefined;

  const send = () => {
    timer = undefined;
    if (pending.size === 0) return;
    if (isTerminal(session.state.status)) return void pending.clear();
    windowEnds = scheduler.now() + throttleMs;
    const read = pending.get(READ);
    for (const [contentType, messageId] of pending) {
      if (contentType === DELIVERED && messageId === read) continue;
      sent.add(`${contentType}|${messageId}`);
      session.sendEvent({ ContentType: contentType, Content: JSON.stringify({ messageId }) }).catch(() => {
        // A receipt that could not be sent is not worth an error in the UI; it may be sent again later.
        sent.delete(`${contentType}|${messageId}`);
      });
    }
    pending.clear();
  };

  const queue = (contentType: typeof READ | typeof DELIVERED, messageId: string) => {
    if (sent.has(`${contentType}|${messageId}`) || (contentType === DELIVERED && sent.has(`${READ}|${messageId}`))) return;
    if (isTerminal(session.state.status)) return;
    pending.set(contentType, messageId);
    const wait = windowEnds - scheduler.now();
    if (wait <= 0) send();
    else timer ??= scheduler.schedule(send, wait);
  };

  return {
    read: (messageId: string) => queue(READ, messageId),
    delivered: (messageId: string) => queue(DELIVERED, messageId),
    flush: () => {
      timer?.unsubscribe();
      send();
    },
    dispose: () => {
      timer?.unsubscribe();
      pending.clear();
    },
  };
}

/** What is known of a message's receipts. */
export interface MessageReceipt {
  readonly delivered: boolean;
  readonly read: boolean;
  /** The latest receipt's time. */
  readonly at: string | undefined;
}

/**
 * The receipts of every message, as a map from message Id, updated as `MESSAGEMETADATA` items arrive; a read
 * receipt implies delivered. Pass `forParticipantId` to skip receipts the local participant sent itself.
 */
export function messageReceipts$(session: ParticipantSession, options: { readonly ignoreRecipient?: string } = {}): Observable<ReadonlyMap<string, MessageReceipt>> {
  return new Observable<ReadonlyMap<string, MessageReceipt>>((subscriber) => {
    const receipts = new Map<string, MessageReceipt>();
    subscriber.next(receipts);
    return session.messages$.subscribe({
      next: (item: Item) => {
        const meta = item.MessageMetadata;
        if (item.Type !== 'MESSAGEMETADATA' || !meta?.MessageId) return;
        let changed = false;
        for (const r of meta.Receipts ?? []) {
          if (options.ignoreRecipient !== undefined && r.RecipientParticipantId === options.ignoreRecipient) continue;
          const before = receipts.get(meta.MessageId);
          const read = (before?.read ?? false) || r.ReadTimestamp !== undefined;
          const delivered = (before?.delivered ?? false) || read || r.DeliveredTimestamp !== undefined;
          receipts.set(meta.MessageId, { read, delivered, at: r.ReadTimestamp ?? r.DeliveredTimestamp ?? before?.at });
          changed = true;
        }
        if (changed) subscriber.next(new Map(receipts));
      },
      complete: () => subscriber.complete(),
    });
  });
}
