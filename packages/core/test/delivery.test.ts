import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/client/invoke.js';
import type { DecodeWarning } from '../src/codec/shape-decoder.js';
import { formatTimestamp } from '../src/codec/timestamp.js';
import { AccessDeniedException, InternalServerException, ValidationException } from '../src/model/errors.js';
import type { Item } from '../src/model/shapes.js';
import { Delivery, type DeliveryOwner } from '../src/session/delivery.js';
import { classifyFailure, type FailureVerdict } from '../src/session/failure-policy.js';
import type { TranscriptPage } from '../src/session/gap-fill.js';
import type { GapFillOptions, ReconnectOptions, StartFrom } from '../src/session/options.js';
import type { ConnectionEvent } from '../src/session/session-state.js';
import { fixedRandom, virtualClock } from './part-harness.js';

// ---- helpers --------------------------------------------------------------------------------------------------

/** Service times of the items: item `n` is at T0 + n seconds. */
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const at = (n: number) => T0 + n * 1_000;
const msg = (n: number, extra: Partial<Item> = {}): Item => ({
  Id: `m${n}`,
  Type: 'MESSAGE',
  ContentType: 'text/plain',
  Content: `message ${n}`,
  AbsoluteTime: formatTimestamp(at(n)),
  ...extra,
});

/** One GetTranscript read: the token it was read from, and how the test answers it. */
interface Read {
  readonly token: string | undefined;
  readonly outcome: Outcome<TranscriptPage>;
  cancelled: number;
}

/** The owner: what was delivered (by Id), the events, and the transcript reads, answered by the test. */
class StubOwner implements DeliveryOwner {
  readonly delivered: string[] = [];
  readonly events: ConnectionEvent[] = [];
  readonly reads: Read[] = [];
  readonly learned: string[] = [];
  readonly fillErrors: unknown[] = [];
  /** How a failed read is judged (default: the session's policy, after having connected). */
  verdict: (error: unknown) => FailureVerdict = (error) => classifyFailure(error, true);
  /** Runs on every item delivered (an owner ending the session, or losing the socket, at an item). */
  onDeliver: ((item: Item) => void) | undefined;

  deliver(item: Item): void {
    this.delivered.push(item.Id as string);
    this.onDeliver?.(item);
  }
  readonly readPage = (token: string | undefined, outcome: Outcome<TranscriptPage>): (() => void) => {
    const read: Read = { token, outcome, cancelled: 0 };
    this.reads.push(read);
    return () => void read.cancelled++;
  };
  learnedInitialContactId(id: string): void {
    this.learned.push(id);
  }
  emit(event: ConnectionEvent): void {
    this.events.push(event);
  }
  fillFailed(error: unknown): FailureVerdict {
    this.fillErrors.push(error);
    return this.verdict(error);
  }
  get lastRead(): Read {
    return this.reads.at(-1) as Read;
  }
  /** Answers the last read with a page of items (newest first), and a NextToken when more pages follow. */
  page(items: Item[], extra: { NextToken?: string; InitialContactId?: string; warnings?: DecodeWarning[] } = {}): void {
    const { warnings, ...output } = extra;
    this.lastRead.outcome.value({ output: { Transcript: items, ...output }, ...(warnings ? { warnings } : {}) });
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
  of<T extends ConnectionEvent['type']>(type: T): Extract<ConnectionEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<ConnectionEvent, { type: T }> => e.type === type);
  }
}

const GAP_FILL: GapFillOptions = { maxAttempts: 5, maxPages: 100, maxBufferedItems: 10_000 };
const BACKOFF: ReconnectOptions = { baseDelayMs: 1_000, maxDelayMs: 30_000, minUptimeMs: 5_000, maxAttempts: Infinity, giveUpAfterMs: Infinity };

function setup(start: StartFrom, gapFill: Partial<GapFillOptions> = {}) {
  const time = virtualClock();
  const owner = new StubOwner();
  const delivery = new Delivery(owner, time.clock, start, { ...GAP_FILL, ...gapFill }, BACKOFF, fixedRandom(0.5));
  time.drive(delivery);
  /** Live items from the socket. */
  const live = (...ns: number[]) => ns.forEach((n) => delivery.item(msg(n)));
  return { time, owner, delivery, live };
}

/** Newest first, as the transcript is read. */
const newestFirst = (...ns: number[]) => ns.map((n) => msg(n)).sort((a, b) => (a.AbsoluteTime as string) < (b.AbsoluteTime as string) ? 1 : -1);
const ids = (...ns: number[]) => ns.map((n) => `m${n}`);

// ---- tests ----------------------------------------------------------------------------------------------------

describe("Delivery: start 'now'", () => {
  it('reads no history: live items go straight out', () => {
    const { delivery, owner, live } = setup('now');
    expect(delivery.readingHistory).toBe(false);
    delivery.subscribed(at(10));
    live(11, 12);
    expect(owner.reads).toEqual([]);
    expect(owner.delivered).toEqual(ids(11, 12));
    expect(owner.events).toEqual([]);
  });

  it('each Id once: a live item repeated (two sockets overlap in a rotation) is delivered once', () => {
    const { delivery, owner, live } = setup('now');
    delivery.subscribed(at(10));
    live(11, 11, 12, 11);
    expect(owner.delivered).toEqual(ids(11, 12));
  });
});

describe("Delivery: start 'beginning'", () => {
  it('reads the history once subscribed, holding live items back meanwhile, then history first', () => {
    const { delivery, owner, live } = setup('beginning');
    expect(delivery.readingHistory).toBe(true);
    delivery.subscribed(at(10));
    expect(owner.reads.map((r) => r.token)).toEqual([undefined]);
    live(11, 12);
    expect(owner.delivered).toEqual([]);
    expect(delivery.readingHistory).toBe(true);
    owner.page(newestFirst(3, 2, 1));
    expect(owner.delivered).toEqual(ids(1, 2, 3, 11, 12));
    expect(owner.of('history-read')).toEqual([{ type: 'history-read', count: 3 }]);
    expect(delivery.readingHistory).toBe(false);
    // A transcript without an InitialContactId teaches nothing.
    expect(owner.learned).toEqual([]);
  });

  it('holds back a live item that comes before it hears of the subscription, and reads the whole history past it', () => {
    // The socket passes items on as soon as it is subscribed; delivery hears of the subscription a tick later.
    const { delivery, owner, live } = setup('beginning');
    live(4);
    expect(owner.delivered).toEqual([]);
    delivery.subscribed(at(10));
    // m4 is in the transcript too, newest: the read must not stop at it, since it was never delivered.
    owner.page(newestFirst(4, 3, 2, 1));
    expect(owner.delivered).toEqual(ids(1, 2, 3, 4));
    expect(owner.of('history-read')).toEqual([{ type: 'history-read', count: 4 }]);
  });

  it('an item both in the history and held back live is delivered once, in its history place', () => {
    const { delivery, owner, live } = setup('beginning');
    delivery.subscribed(at(10));
    live(2, 3);
    owner.page(newestFirst(2, 1));
    expect(owner.delivered).toEqual(ids(1, 2, 3));
  });

  it('pages back through the history with each NextToken, delivering oldest first across pages', () => {
    const { delivery, owner } = setup('beginning');
    delivery.subscribed(at(10));
    owner.page(newestFirst(6, 5), { NextToken: 'page-2' });
    expect(owner.reads.map((r) => r.token)).toEqual([undefined, 'page-2']);
    owner.page(newestFirst(4, 3), { NextToken: 'page-3' });
    owner.page(newestFirst(2, 1));
    expect(owner.reads).toHaveLength(3);
    expect(owner.delivered).toEqual(ids(1, 2, 3, 4, 5, 6));
    expect(owner.of('history-read')).toEqual([{ type: 'history-read', count: 6 }]);
  });

  it('an empty transcript: history-read with 0, live items released', () => {
    const { delivery, owner, live } = setup('beginning');
    delivery.subscribed(at(10));
    live(11);
    owner.lastRead.outcome.value({ output: {} });
    expect(owner.delivered).toEqual(ids(11));
    expect(owner.of('history-read')).toEqual([{ type: 'history-read', count: 0 }]);
  });

  it('reports the InitialContactId the transcript names', () => {
    const { delivery, owner } = setup('beginning');
    delivery.subscribed(at(10));
    owner.page([], { InitialContactId: 'contact-1' });
    expect(owner.learned).toEqual(['contact-1']);
  });

  it('reports each transcript item the decoder left out (item-skipped), before history-read', () => {
    const { delivery, owner } = setup('beginning');
    delivery.subscribed(at(10));
    owner.page(newestFirst(1), {
      warnings: [
        { path: 'Transcript[1].Type', expected: 'string', dropped: 'element' },
        { path: 'Transcript[2]', expected: 'object', dropped: 'element' },
      ],
    });
    expect(owner.types()).toEqual(['item-skipped', 'item-skipped', 'history-read']);
    expect(owner.of('item-skipped')).toEqual([
      { type: 'item-skipped', path: 'Transcript[1].Type', expected: 'string' },
      { type: 'item-skipped', path: 'Transcript[2]', expected: 'object' },
    ]);
  });

  it('a second subscription without a loss reads nothing more', () => {
    const { delivery, owner } = setup('beginning');
    delivery.subscribed(at(10));
    owner.page([]);
    delivery.subscribed(at(20));
    expect(owner.reads).toHaveLength(1);
  });
});

describe('Delivery: start from a cursor', () => {
  it('reads back to the cursor Id: the cursor and what is older are not delivered', () => {
    const { delivery, owner, live } = setup({ after: { Id: 'm3', AbsoluteTime: formatTimestamp(at(3)) } });
    expect(delivery.readingHistory).toBe(true);
    delivery.subscribed(at(10));
    live(9);
    owner.page(newestFirst(5, 4, 3, 2), { NextToken: 'more' });
    // Reached the cursor: no next page.
    expect(owner.reads).toHaveLength(1);
    expect(owner.delivered).toEqual(ids(4, 5, 9));
  });

  it('cuts at the cursor AbsoluteTime: an item at that very time is kept, an older one is not', () => {
    const { delivery, owner } = setup({ after: { AbsoluteTime: formatTimestamp(at(3)) } });
    delivery.subscribed(at(10));
    owner.page([msg(4), msg(3, { Id: 'same-time' }), msg(2), msg(1)], { NextToken: 'more' });
    expect(owner.delivered).toEqual(['same-time', 'm4']);
    expect(owner.reads).toHaveLength(1);
  });

  it('with an unreadable AbsoluteTime, reads back to the cursor Id alone', () => {
    const { delivery, owner } = setup({ after: { Id: 'm2', AbsoluteTime: 'not a time' } });
    delivery.subscribed(at(10));
    owner.page(newestFirst(4, 3), { NextToken: 'more' });
    owner.page(newestFirst(2, 1), { NextToken: 'even-more' });
    expect(owner.reads).toHaveLength(2);
    expect(owner.delivered).toEqual(ids(3, 4));
  });

  it('the cursor item arriving live is not delivered again', () => {
    const { delivery, owner, live } = setup({ after: { Id: 'm3', AbsoluteTime: formatTimestamp(at(3)) } });
    delivery.subscribed(at(10));
    owner.page([]);
    live(3, 4);
    expect(owner.delivered).toEqual(ids(4));
  });
});

describe('Delivery: gaps after a loss', () => {
  it('a loss owes a gap fill, run once a socket is subscribed again; live items wait behind it', () => {
    const { delivery, owner, live } = setup('now');
    delivery.subscribed(at(10));
    live(11, 12);
    delivery.lost();
    expect(owner.reads).toEqual([]);
    delivery.subscribed(at(20));
    expect(owner.reads).toHaveLength(1);
    live(16);
    owner.page(newestFirst(15, 14, 13, 12, 11));
    expect(owner.delivered).toEqual(ids(11, 12, 13, 14, 15, 16));
    expect(owner.of('gap-filled')).toEqual([{ type: 'gap-filled', count: 3 }]);
  });

  it('stops at the newest item already delivered: no next page is read', () => {
    const { delivery, owner, live } = setup('now');
    delivery.subscribed(at(10));
    live(11);
    delivery.lost();
    delivery.subscribed(at(20));
    owner.page(newestFirst(13, 12, 11), { NextToken: 'older' });
    expect(owner.reads).toHaveLength(1);
  });

  it("with start 'now', nothing from before the first subscription is owed (the since cut-off), an item at it is", () => {
    const { delivery, owner } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    owner.page(newestFirst(12, 11, 10, 9, 8), { NextToken: 'older' });
    expect(owner.delivered).toEqual(ids(10, 11, 12));
    expect(owner.reads).toHaveLength(1);
  });

  it('the cut-off is the first subscription, not the latest one', () => {
    const { delivery, owner } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    owner.page(newestFirst(15));
    delivery.lost();
    delivery.subscribed(at(30));
    owner.page(newestFirst(25, 12, 9));
    expect(owner.delivered).toEqual(ids(15, 12, 25));
  });

  it('a loss while the gap is being read cancels the read and reads again on the next subscription, live items still held', () => {
    const { delivery, owner, live } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    live(21);
    const first = owner.lastRead;
    delivery.lost();
    expect(first.cancelled).toBe(1);
    first.outcome.value({ output: { Transcript: newestFirst(15) } });
    expect(owner.delivered).toEqual([]);
    delivery.subscribed(at(30));
    expect(owner.reads).toHaveLength(2);
    live(31);
    owner.page(newestFirst(25, 15));
    expect(owner.delivered).toEqual(ids(15, 25, 21, 31));
  });

  it('a loss while the history is read keeps it a history read', () => {
    const { delivery, owner } = setup('beginning');
    delivery.subscribed(at(10));
    delivery.lost();
    expect(delivery.readingHistory).toBe(true);
    delivery.subscribed(at(20));
    owner.page(newestFirst(1));
    expect(owner.types()).toEqual(['history-read']);
  });

  it('a lost handover (a replaced socket went early) fills the gap at once while connected', () => {
    const { delivery, owner, live } = setup('now');
    delivery.subscribed(at(10));
    live(11);
    delivery.handoverLost();
    expect(owner.reads).toHaveLength(1);
    live(13);
    owner.page(newestFirst(12, 11));
    expect(owner.delivered).toEqual(ids(11, 12, 13));
  });

  it('a gap being filled is not the history', () => {
    const { delivery } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    expect(delivery.readingHistory).toBe(false);
  });

  it('a lost handover while disconnected waits for the next subscription', () => {
    const { delivery, owner } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.handoverLost();
    expect(owner.reads).toHaveLength(0);
    delivery.subscribed(at(20));
    expect(owner.reads).toHaveLength(1);
  });
});

describe('Delivery: a fill that cannot read the transcript', () => {
  it('retries a retryable failure after a backoff (exact under a fixed random), then gives up after exactly maxAttempts reads', () => {
    const { delivery, owner, live, time } = setup('now', { maxAttempts: 3 });
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    live(21, 22);
    const failure = new InternalServerException({ message: 'x' });
    owner.lastRead.outcome.error(failure);
    expect(delivery.due).toBe(500);
    time.advanceTo(499);
    expect(owner.reads).toHaveLength(1);
    time.advanceTo(500);
    expect(owner.reads).toHaveLength(2);
    owner.lastRead.outcome.error(failure);
    time.advanceTo(1_499);
    expect(owner.reads).toHaveLength(2);
    time.advanceTo(1_500);
    expect(owner.reads).toHaveLength(3);
    expect(owner.delivered).toEqual([]);
    owner.lastRead.outcome.error(failure);
    // The third failed read gives up: what was held goes out, and the gap is reported.
    expect(owner.reads).toHaveLength(3);
    expect(owner.delivered).toEqual(ids(21, 22));
    expect(owner.of('gap-abandoned')).toEqual([{ type: 'gap-abandoned', reason: 'failed', error: failure }]);
    expect(owner.fillErrors).toHaveLength(3);
    time.advanceTo(60_000);
    expect(owner.reads).toHaveLength(3);
    live(23);
    expect(owner.delivered).toEqual(ids(21, 22, 23));
  });

  it('a fatal failure gives up at the first read', () => {
    const { delivery, owner, live } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    live(21);
    const error = new ValidationException({ message: 'x' });
    owner.lastRead.outcome.error(error);
    expect(owner.reads).toHaveLength(1);
    expect(owner.of('gap-abandoned')).toEqual([{ type: 'gap-abandoned', reason: 'failed', error }]);
    expect(owner.delivered).toEqual(ids(21));
  });

  it("a failure that ends the chat ('ended') neither retries nor abandons: the owner ends the session", () => {
    const { delivery, owner, time } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    owner.lastRead.outcome.error(new AccessDeniedException({ message: 'x' }));
    time.advanceTo(60_000);
    expect(owner.reads).toHaveLength(1);
    expect(owner.of('gap-abandoned')).toEqual([]);
  });

  it('after giving up, the next gap gets its full maxAttempts again', () => {
    const { delivery, owner, time } = setup('now', { maxAttempts: 2 });
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    owner.lastRead.outcome.error(new InternalServerException({ message: 'x' }));
    time.advanceTo(500);
    owner.lastRead.outcome.error(new InternalServerException({ message: 'x' }));
    expect(owner.of('gap-abandoned')).toHaveLength(1);
    delivery.lost();
    delivery.subscribed(at(30));
    expect(owner.reads).toHaveLength(3);
    owner.lastRead.outcome.error(new InternalServerException({ message: 'x' }));
    // A fresh fill: retried after the base backoff, not abandoned at once.
    expect(owner.of('gap-abandoned')).toHaveLength(1);
    expect(delivery.due).toBe(time.now() + 500);
  });
});

describe('Delivery: the live items held back are bounded (maxBufferedItems)', () => {
  it('exactly maxBufferedItems held: still waiting for the fill', () => {
    const { delivery, owner, live } = setup('now', { maxBufferedItems: 3 });
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    live(21, 22, 23);
    expect(owner.delivered).toEqual([]);
    expect(owner.of('gap-abandoned')).toEqual([]);
    owner.page(newestFirst(15));
    expect(owner.delivered).toEqual(ids(15, 21, 22, 23));
  });

  it('one more: the fill gives up (its read cancelled), everything held goes out in order, buffer-full reported', () => {
    const { delivery, owner, live } = setup('now', { maxBufferedItems: 3 });
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    live(21, 22, 23, 24);
    expect(owner.delivered).toEqual(ids(21, 22, 23, 24));
    expect(owner.of('gap-abandoned')).toStrictEqual([{ type: 'gap-abandoned', reason: 'buffer-full' }]);
    expect(owner.lastRead.cancelled).toBe(1);
    // Its late answer changes nothing.
    owner.page(newestFirst(15));
    expect(owner.delivered).toEqual(ids(21, 22, 23, 24));
    live(25);
    expect(owner.delivered).toEqual(ids(21, 22, 23, 24, 25));
  });
});

describe('Delivery: maxPages', () => {
  it('reads exactly maxPages pages, delivers what they hold, and reports the rest as a gap (max-pages)', () => {
    const { delivery, owner, live } = setup('beginning', { maxPages: 2 });
    delivery.subscribed(at(10));
    live(11);
    owner.page(newestFirst(6, 5), { NextToken: 'p2' });
    owner.page(newestFirst(4, 3), { NextToken: 'p3' });
    expect(owner.reads).toHaveLength(2);
    expect(owner.delivered).toEqual(ids(3, 4, 5, 6, 11));
    expect(owner.types()).toEqual(['history-read', 'gap-abandoned']);
    expect(owner.of('gap-abandoned')).toStrictEqual([{ type: 'gap-abandoned', reason: 'max-pages' }]);
  });

  it('a last page without NextToken at maxPages is complete: no gap reported', () => {
    const { delivery, owner } = setup('beginning', { maxPages: 2 });
    delivery.subscribed(at(10));
    owner.page(newestFirst(4, 3), { NextToken: 'p2' });
    owner.page(newestFirst(2, 1));
    expect(owner.of('gap-abandoned')).toEqual([]);
  });

  it('maxPages 1: one read', () => {
    const { delivery, owner } = setup('now', { maxPages: 1 });
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    owner.page(newestFirst(12, 11), { NextToken: 'p2' });
    expect(owner.reads).toHaveLength(1);
    expect(owner.types()).toEqual(['gap-filled', 'gap-abandoned']);
  });
});

describe('Delivery: the held items released', () => {
  it('an item that ends the session stops the release: nothing after it is delivered', () => {
    const { delivery, owner, live } = setup('beginning');
    owner.onDeliver = (item) => (item.Id === 'm12' ? delivery.stop() : undefined);
    delivery.subscribed(at(10));
    live(11, 12, 13);
    owner.page([]);
    expect(owner.delivered).toEqual(ids(11, 12));
    live(14);
    expect(owner.delivered).toEqual(ids(11, 12));
  });

  it('a new gap opening during the release keeps the rest held, in order, behind the next fill', () => {
    const { delivery, owner, live } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    live(21, 22, 23);
    owner.onDeliver = (item) => (item.Id === 'm21' ? delivery.lost() : undefined);
    owner.page([]);
    expect(owner.delivered).toEqual(ids(21));
    owner.onDeliver = undefined;
    delivery.subscribed(at(30));
    live(31);
    owner.page(newestFirst(25));
    expect(owner.delivered).toEqual(ids(21, 25, 22, 23, 31));
  });
});

describe('Delivery: held items without an Id', () => {
  it('are delivered once even when a new gap interrupts their release', () => {
    const { delivery, owner } = setup('now');
    delivery.subscribed(at(10));
    delivery.lost();
    delivery.subscribed(at(20));
    const typing: Item = { Type: 'TYPING', ContentType: 'application/vnd.amazonaws.connect.event.typing', AbsoluteTime: formatTimestamp(at(21)) };
    const seen: string[] = [];
    owner.onDeliver = (item) => {
      seen.push(item.Id ?? 'typing');
      if (item.Id === 'm22') delivery.lost();
    };
    delivery.item(typing);
    delivery.item(msg(22));
    delivery.item(msg(23));
    owner.page([]);
    owner.onDeliver = (item) => void seen.push(item.Id ?? 'typing');
    delivery.subscribed(at(30));
    owner.page([]);
    expect(seen).toEqual(['typing', 'm22', 'm23']);
  });
});

describe('Delivery.stop', () => {
  it('delivers nothing more and cancels the fill in flight', () => {
    const { delivery, owner, live, time } = setup('beginning');
    delivery.subscribed(at(10));
    live(11);
    delivery.stop();
    expect(owner.lastRead.cancelled).toBe(1);
    live(12);
    owner.page(newestFirst(1));
    time.advanceTo(60_000);
    expect(owner.delivered).toEqual([]);
    expect(delivery.due).toBeUndefined();
  });
});
