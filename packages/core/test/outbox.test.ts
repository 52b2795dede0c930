import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/client/invoke.js';
import { InternalServerException, NetworkError, ThrottlingException, ValidationException } from '../src/model/errors.js';
import { TYPING_EVENT } from '../src/model/event-types.js';
import type { OutboxOptions } from '../src/session/options.js';
import { Outbox, type OutboxChange, type OutboxEntry, type OutboxSend, type SendRunner } from '../src/session/outbox.js';
import { ConnectionTokenTimeoutError, OutboxFullError, SendExpiredError } from '../src/session/session-errors.js';
import { fixedRandom, virtualClock } from './part-harness.js';

// ---- helpers --------------------------------------------------------------------------------------------------

/** One attempt the outbox started: what it sent, when, and how the test answers it. */
interface Attempt {
  readonly entry: OutboxEntry;
  readonly outcome: Outcome<unknown>;
  readonly at: number;
  cancelled: number;
}

/** What a caller of `add` (or `retry`) heard. */
interface Result {
  state: 'waiting' | 'value' | 'error';
  value?: unknown;
  error?: unknown;
}

const track = (): { result: Result; outcome: Outcome<unknown> } => {
  const result: Result = { state: 'waiting' };
  return {
    result,
    outcome: {
      value: (value) => Object.assign(result, { state: 'value', value }),
      error: (error) => Object.assign(result, { state: 'error', error }),
    },
  };
};

const message = (token: string, Content = token): OutboxSend => ({ operation: 'SendMessage', input: { ContentType: 'text/plain', Content, ClientToken: token } });
const typing = (token: string): OutboxSend => ({ operation: 'SendEvent', input: { ContentType: TYPING_EVENT, ClientToken: token } });

const lost = () => new NetworkError({ message: 'socket hang up' });
const refused = () => new ValidationException({ message: 'Content is too long' });

/** An outbox on virtual time, driven by the session's Alarm, with a runner and an owner that record everything. */
function setup(options: Partial<OutboxOptions> = {}, random = 0.5) {
  const time = virtualClock();
  const attempts: Attempt[] = [];
  const changes: OutboxChange[] = [];
  const run: SendRunner = (entry, outcome) => {
    const attempt: Attempt = { entry, outcome, at: time.now(), cancelled: 0 };
    attempts.push(attempt);
    return () => void attempt.cancelled++;
  };
  const outbox = new Outbox({ maxLength: 100, maxAgeMs: 3_600_000, ...options }, time.clock, run, fixedRandom(random), {
    changed: (change) => void changes.push(change),
  });
  time.drive(outbox);
  const add = (send: OutboxSend, runner?: SendRunner): Result => {
    const { result, outcome } = track();
    outbox.add(send, outcome, runner);
    return result;
  };
  const retry = (token: string): Result & { found: boolean } => {
    const { result, outcome } = track();
    return Object.assign(result, { found: outbox.retry(token, outcome) });
  };
  const last = () => attempts.at(-1) as Attempt;
  /** The tokens of the attempts started so far, in order. */
  const sent = () => attempts.map((a) => a.entry.input.ClientToken);
  const log = () => changes.map((c) => `${c.kind} ${c.entry.input.ClientToken}`);
  const statuses = () => outbox.entries.map((e) => `${e.input.ClientToken}:${e.status}`);
  return { time, outbox, attempts, changes, add, retry, last, sent, log, statuses };
}

// ---- tests ----------------------------------------------------------------------------------------------------

describe('Outbox: order', () => {
  it('sends nothing while not ready, then one at a time in call order', () => {
    const { outbox, add, attempts, last, sent, log, statuses } = setup();
    const a = add(message('a'));
    const b = add(message('b'));
    const c = add(message('c'));
    expect(attempts).toHaveLength(0);
    expect(statuses()).toEqual(['a:queued', 'b:queued', 'c:queued']);
    expect(log()).toEqual(['queued a', 'queued b', 'queued c']);

    outbox.ready(true);
    expect(sent()).toEqual(['a']);
    expect(statuses()).toEqual(['a:sending', 'b:queued', 'c:queued']);
    expect(last().entry).toMatchObject({ status: 'sending', attempts: 1, input: { Content: 'a' } });

    last().outcome.value({ Id: 'm-a' });
    expect(a).toEqual({ state: 'value', value: { Id: 'm-a' } });
    expect(b.state).toBe('waiting');
    expect(sent()).toEqual(['a', 'b']);
    expect(statuses()).toEqual(['b:sending', 'c:queued']);

    // The connection goes: the attempt in flight finishes, the next waits for the next connection.
    outbox.ready(false);
    last().outcome.value({ Id: 'm-b' });
    expect(b.state).toBe('value');
    expect(sent()).toEqual(['a', 'b']);
    expect(statuses()).toEqual(['c:queued']);

    outbox.ready(true);
    expect(sent()).toEqual(['a', 'b', 'c']);
    last().outcome.value({ Id: 'm-c' });
    expect(c.state).toBe('value');
    expect(outbox.entries).toEqual([]);
    expect(log()).toEqual(['queued a', 'queued b', 'queued c', 'sending a', 'sent a', 'sending b', 'sent b', 'sending c', 'sent c']);
  });

  it('reports the answer with the sent change, and a send made while one is in flight waits its turn', () => {
    const { outbox, add, sent, last, changes } = setup();
    outbox.ready(true);
    add(message('a'));
    add(message('b'));
    expect(sent()).toEqual(['a']);
    last().outcome.value({ Id: 'm-a' });
    expect(changes.find((c) => c.kind === 'sent')).toMatchObject({ kind: 'sent', entry: { input: { ClientToken: 'a' } }, output: { Id: 'm-a' } });
    expect(sent()).toEqual(['a', 'b']);
  });

  it('goes through the queue in one go when the runner answers at once', () => {
    const time = virtualClock();
    const order: string[] = [];
    const outbox = new Outbox({ maxLength: 10, maxAgeMs: 60_000 }, time.clock, (entry, outcome) => {
      order.push(entry.input.ClientToken);
      outcome.value({ Id: `m-${entry.input.ClientToken}` });
      return () => order.push('cancelled');
    }, fixedRandom(0.5), { changed: () => undefined });
    const results = ['a', 'b', 'c'].map((t) => {
      const { result, outcome } = track();
      outbox.add(message(t), outcome);
      return result;
    });
    outbox.ready(true);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.value)).toEqual([{ Id: 'm-a' }, { Id: 'm-b' }, { Id: 'm-c' }]);
    expect(outbox.entries).toEqual([]);
  });

  it('runs an attachment with the runner it brought, in its turn', () => {
    const { outbox, add, sent, last } = setup();
    const own: string[] = [];
    add(message('a'));
    add({ operation: 'attachment', input: { ClientToken: 'file', AttachmentName: 'a.png', ContentType: 'image/png' } }, (entry, outcome) => {
      own.push(entry.input.ClientToken);
      outcome.value({ AttachmentId: 'att' });
      return () => undefined;
    });
    add(message('b'));
    outbox.ready(true);
    expect(own).toEqual([]);
    last().outcome.value({});
    expect(own).toEqual(['file']);
    expect(sent()).toEqual(['a', 'b']);
  });
});

describe('Outbox: retryable failures', () => {
  it('keeps the send at the head, retries it after the backoff under the same ClientToken, and lets nothing overtake it', () => {
    const { time, outbox, add, attempts, sent, last, log, statuses } = setup({}, 0.5);
    outbox.ready(true);
    const a = add(message('a'));
    last().outcome.error(lost());
    expect(a.state).toBe('waiting');
    expect(statuses()).toEqual(['a:queued']);
    expect(log()).toEqual(['queued a', 'sending a', 'waiting a']);

    // A send made during the backoff does not go first.
    add(message('b'));
    expect(sent()).toEqual(['a']);
    // First retry: random 0.5 × 1 s.
    time.advanceTo(499);
    expect(sent()).toEqual(['a']);
    time.advanceTo(500);
    expect(sent()).toEqual(['a', 'a']);
    expect(last().entry.attempts).toBe(2);

    last().outcome.error(new InternalServerException({ message: 'boom' }));
    // Second retry: 0.5 × 2 s after the failure.
    time.advanceTo(1_499);
    expect(sent()).toEqual(['a', 'a']);
    time.advanceTo(1_500);
    expect(sent()).toEqual(['a', 'a', 'a']);
    expect(attempts.map((x) => x.at)).toEqual([0, 500, 1_500]);

    last().outcome.value({ Id: 'm-a' });
    expect(a.state).toBe('value');
    expect(sent()).toEqual(['a', 'a', 'a', 'b']);
    // The same ClientToken and input on every attempt: the service sends it once.
    expect(new Set(attempts.slice(0, 3).map((x) => x.entry.input))).toEqual(new Set([attempts[0]?.entry.input]));
  });

  it('waits at most 30 s between attempts, however many failed', () => {
    const { time, outbox, add, attempts, last } = setup({ maxAgeMs: 10_000_000 }, 0.999);
    outbox.ready(true);
    add(message('a'));
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const failedAt = time.now();
      last().outcome.error(lost());
      time.advance(40_000);
      waits.push(last().at - failedAt);
    }
    expect(attempts).toHaveLength(10);
    expect(waits).toEqual([999, 1_998, 3_996, 7_992, 15_984, 29_970, 29_970, 29_970, 29_970]);
  });

  it('tries again at once when the session is ready again, without waiting out the backoff', () => {
    const { time, outbox, add, sent, last } = setup({}, 0.99);
    outbox.ready(true);
    add(message('a'));
    last().outcome.error(lost());
    outbox.ready(false);
    time.advanceTo(100);
    outbox.ready(true);
    expect(sent()).toEqual(['a', 'a']);
    expect(last().at).toBe(100);
  });

  it('after a backoff that ends while not ready, waits for the connection', () => {
    const { time, outbox, add, sent, last } = setup({}, 0.5);
    outbox.ready(true);
    add(message('a'));
    last().outcome.error(lost());
    outbox.ready(false);
    time.advanceTo(5_000);
    expect(sent()).toEqual(['a']);
    outbox.ready(true);
    expect(sent()).toEqual(['a', 'a']);
  });

  it.each([
    ['a NetworkError', lost()],
    ['a throttled call', new ThrottlingException({ message: 'slow down' })],
    ['a 500', new InternalServerException({ message: 'boom' })],
    ['an error with $retryable', Object.assign(new Error('odd'), { $retryable: { throttling: false } })],
    ['a ConnectionTokenTimeoutError', new ConnectionTokenTimeoutError(30_000, 'reconnecting')],
  ])('counts %s as retryable', (_name, error) => {
    const { outbox, add, last, statuses, changes } = setup();
    outbox.ready(true);
    const a = add(message('a'));
    last().outcome.error(error);
    expect(a.state).toBe('waiting');
    expect(statuses()).toEqual(['a:queued']);
    expect(changes.some((c) => c.kind === 'failed')).toBe(false);
  });
});

describe('Outbox: fatal failures', () => {
  it('fails the send with the answer’s error, keeps it, and goes on with the next', () => {
    const { outbox, add, sent, last, changes, statuses } = setup();
    outbox.ready(true);
    const a = add(message('a'));
    const b = add(message('b'));
    const error = refused();
    last().outcome.error(error);
    expect(a).toEqual({ state: 'error', error });
    expect(changes.at(-2)).toMatchObject({ kind: 'failed', error, entry: { status: 'failed', error, input: { ClientToken: 'a' } } });
    expect(sent()).toEqual(['a', 'b']);
    expect(statuses()).toEqual(['a:failed', 'b:sending']);
    expect(outbox.entries[0]?.error).toBe(error);
    last().outcome.value({});
    expect(b.state).toBe('value');
    expect(statuses()).toEqual(['a:failed']);
  });

  it('counts an aborted request, a plain Error and a thrown non-Error as fatal (the last wrapped in an Error)', () => {
    const { outbox, add, last, statuses, changes } = setup();
    outbox.ready(true);
    add(message('a'));
    add(message('b'));
    add(message('c'));
    last().outcome.error(new NetworkError({ message: 'aborted', aborted: true }));
    last().outcome.error(new Error('odd'));
    last().outcome.error('a string');
    expect(statuses()).toEqual(['a:failed', 'b:failed', 'c:failed']);
    const failed = changes.filter((c) => c.kind === 'failed').map((c) => (c as { error: Error }).error);
    expect(failed[2]).toBeInstanceOf(Error);
    expect(failed[2]?.message).toBe('a string');
  });
});

describe('Outbox: bounds', () => {
  it('refuses a send beyond maxLength with OutboxFullError, failed sends included, and takes one again once there is room', () => {
    const { outbox, add, last, log } = setup({ maxLength: 2 });
    outbox.ready(true);
    add(message('a'));
    add(message('b'));
    const c = add(message('c'));
    expect(c.state).toBe('error');
    expect(c.error).toBeInstanceOf(OutboxFullError);
    expect((c.error as OutboxFullError).maxLength).toBe(2);
    expect(log()).not.toContain('queued c');

    last().outcome.error(refused());
    // a failed, b in flight: still two.
    expect(add(message('d')).error).toBeInstanceOf(OutboxFullError);
    expect(outbox.discard('a')).toBe(true);
    expect(add(message('e')).state).toBe('waiting');
    expect(outbox.entries.map((e) => e.input.ClientToken)).toEqual(['b', 'e']);
  });

  it('fails queued sends with SendExpiredError maxAgeMs after their call, each on time', () => {
    const { time, outbox, add, changes, statuses } = setup({ maxAgeMs: 10_000 });
    const a = add(message('a'));
    time.advanceTo(4_000);
    const b = add(message('b'));
    time.advanceTo(9_999);
    expect(statuses()).toEqual(['a:queued', 'b:queued']);
    time.advanceTo(10_000);
    expect(statuses()).toEqual(['a:failed', 'b:queued']);
    expect(a.error).toBeInstanceOf(SendExpiredError);
    expect(a.error).toMatchObject({ maxAgeMs: 10_000, attempts: 0 });
    expect(changes.at(-1)).toMatchObject({ kind: 'failed', entry: { input: { ClientToken: 'a' } } });
    expect(outbox.due).toBe(14_000);
    time.advanceTo(13_999);
    expect(b.state).toBe('waiting');
    time.advanceTo(14_000);
    expect(b.error).toBeInstanceOf(SendExpiredError);
    expect(outbox.due).toBeUndefined();
  });

  it('never expires the send in flight (only its answer can say whether it was sent), and expires those behind it', () => {
    const { time, outbox, add, last, statuses } = setup({ maxAgeMs: 10_000 });
    outbox.ready(true);
    const a = add(message('a'));
    const b = add(message('b'));
    time.advanceTo(50_000);
    expect(statuses()).toEqual(['a:sending', 'b:failed']);
    expect(b.error).toBeInstanceOf(SendExpiredError);
    last().outcome.value({ Id: 'm-a' });
    expect(a.state).toBe('value');
    expect(statuses()).toEqual(['b:failed']);
  });

  it('expires a send waiting out a backoff, counting the attempts made', () => {
    const { time, outbox, add, last } = setup({ maxAgeMs: 10_000 });
    outbox.ready(true);
    const a = add(message('a'));
    last().outcome.error(lost());
    outbox.ready(false);
    time.advanceTo(10_000);
    expect(a.error).toBeInstanceOf(SendExpiredError);
    expect((a.error as SendExpiredError).attempts).toBe(1);
  });

  it('asks the alarm for the age limit and the backoff’s end, and its due names the earliest', () => {
    const { time, outbox, add, last } = setup({ maxAgeMs: 60_000 }, 0.5);
    outbox.ready(true);
    add(message('a'));
    expect(time.wakeups).toEqual([60_000]);
    last().outcome.error(lost());
    expect(time.wakeups).toEqual([60_000, 500]);
    // Woken early (for another part), during the backoff: due is the backoff's end, not the age limit.
    outbox.tick(time.now());
    expect(outbox.due).toBe(500);
    time.advanceTo(500);
    expect(last().entry.attempts).toBe(2);
  });
});

describe('Outbox: retry and discard', () => {
  it('retries a failed send at its place in call order, under its ClientToken, and resolves the new outcome', () => {
    const { time, outbox, add, retry, sent, last, log, statuses, changes } = setup();
    outbox.ready(true);
    const a = add(message('a'));
    add(message('b'));
    add(message('c'));
    last().outcome.error(refused()); // a failed
    last().outcome.error(refused()); // b failed
    outbox.ready(false);
    expect(statuses()).toEqual(['a:failed', 'b:failed', 'c:sending']);
    last().outcome.error(lost()); // c waits for the connection
    expect(a.state).toBe('error');

    time.advanceTo(7_000);
    const again = retry('b');
    expect(again.found).toBe(true);
    expect(statuses()).toEqual(['a:failed', 'b:queued', 'c:queued']);
    expect(log().at(-1)).toBe('retried b');
    expect(changes.at(-1)?.entry).toMatchObject({ queuedAt: 7_000, status: 'queued' });
    expect(changes.at(-1)?.entry.error).toBeUndefined();

    outbox.ready(true);
    expect(sent()).toEqual(['a', 'b', 'c', 'b']);
    expect(last().entry).toMatchObject({ attempts: 2, input: { ClientToken: 'b', Content: 'b' } });
    last().outcome.value({ Id: 'm-b' });
    expect(again).toMatchObject({ state: 'value', value: { Id: 'm-b' } });
    expect(sent()).toEqual(['a', 'b', 'c', 'b', 'c']);
  });

  it('discards a failed send: it leaves the entries, with a discarded change', () => {
    const { outbox, add, last, log } = setup();
    outbox.ready(true);
    add(message('a'));
    add(message('b'));
    last().outcome.error(refused());
    expect(outbox.discard('a')).toBe(true);
    expect(outbox.entries.map((e) => e.input.ClientToken)).toEqual(['b']);
    expect(log().at(-1)).toBe('discarded a');
    expect(outbox.discard('a')).toBe(false);
  });

  it('retry and discard of an unknown token, or of a send not failed, return false and change nothing', () => {
    const { outbox, add, retry, last, changes, statuses } = setup();
    outbox.ready(true);
    add(message('a'));
    add(message('b'));
    const before = changes.length;
    expect(retry('nope').found).toBe(false);
    expect(outbox.discard('nope')).toBe(false);
    expect(retry('a').found).toBe(false); // sending
    expect(outbox.discard('a')).toBe(false);
    expect(retry('b').found).toBe(false); // queued
    expect(outbox.discard('b')).toBe(false);
    expect(changes.length).toBe(before);
    expect(statuses()).toEqual(['a:sending', 'b:queued']);
    last().outcome.value({});
  });

  // The retried send is ahead in call order, but the later one is already in flight: it waits its end.
  it('a failed send retried while a later one is in flight waits for it: one attempt in flight at a time', () => {
    const { outbox, add, retry, attempts, sent, last } = setup();
    outbox.ready(true);
    add(message('a'));
    add(message('b'));
    last().outcome.error(refused()); // a failed; b in flight
    expect(sent()).toEqual(['a', 'b']);
    const again = retry('a');
    expect(again.found).toBe(true);
    expect(sent()).toEqual(['a', 'b']);
    (attempts[1] as Attempt).outcome.value({ Id: 'm-b' });
    expect(sent()).toEqual(['a', 'b', 'a']);
    last().outcome.value({ Id: 'm-a' });
    expect(again.state).toBe('value');
  });

  // The first limit's wake-up has come and gone: the retry must ask for one at its new limit.
  it('a failed send retried while not connected expires maxAgeMs after the retry', () => {
    const { time, add, retry, statuses } = setup({ maxAgeMs: 10_000 });
    add(message('a'));
    time.advanceTo(10_000);
    expect(statuses()).toEqual(['a:failed']);
    time.advanceTo(12_000);
    const again = retry('a');
    time.advanceTo(21_999);
    expect(statuses()).toEqual(['a:queued']);
    time.advanceTo(22_000);
    expect(statuses()).toEqual(['a:failed']);
    expect(again.error).toBeInstanceOf(SendExpiredError);
  });
});

describe('Outbox: withdraw', () => {
  it('takes out a queued send, or cancels the one in flight and goes on with the next; an unknown token is false', () => {
    const { outbox, add, attempts, sent, log, statuses } = setup();
    add(message('a'));
    add(message('b'));
    add(message('c'));
    expect(outbox.withdraw('b')).toBe(true);
    expect(statuses()).toEqual(['a:queued', 'c:queued']);
    outbox.ready(true);
    expect(outbox.withdraw('a')).toBe(true);
    expect(attempts[0]?.cancelled).toBe(1);
    expect(sent()).toEqual(['a', 'c']);
    expect(statuses()).toEqual(['c:sending']);
    expect(log().filter((l) => l.startsWith('discarded'))).toEqual(['discarded b', 'discarded a']);
    expect(outbox.withdraw('a')).toBe(false);
    expect(outbox.withdraw('nope')).toBe(false);
  });
});

describe('Outbox: typing', () => {
  it('a typing event while one is queued shares its answer; one in flight does not take more', () => {
    const { outbox, add, sent, last, statuses } = setup();
    const t1 = add(typing('t1'));
    const t2 = add(typing('t2'));
    add(message('m'));
    const t3 = add(typing('t3'));
    expect(statuses()).toEqual(['t1:queued', 'm:queued']);
    outbox.ready(true);
    const t4 = add(typing('t4'));
    expect(statuses()).toEqual(['t1:sending', 'm:queued', 't4:queued']);
    last().outcome.value({ Id: 'typing-1' });
    expect([t1, t2, t3].map((r) => r.value)).toEqual([{ Id: 'typing-1' }, { Id: 'typing-1' }, { Id: 'typing-1' }]);
    expect(t4.state).toBe('waiting');
    expect(sent()).toEqual(['t1', 'm']);
  });

  it('the calls sharing a queued typing event are bounded by its age: at maxAgeMs every one is answered and none is kept', () => {
    const { time, outbox, add, statuses } = setup({ maxAgeMs: 10_000 });
    const calls = [];
    for (let t = 0; t < 10_000; t += 10) {
      time.advanceTo(t);
      calls.push(add(typing(`t${t}`)));
    }
    expect(statuses()).toEqual(['t0:queued']);
    time.advanceTo(10_000);
    expect(calls.every((c) => c.error instanceof SendExpiredError)).toBe(true);
    outbox.discard('t0');
    const next = add(typing('after'));
    expect(statuses()).toEqual(['after:queued']);
    expect(next.state).toBe('waiting');
  });

  it('other events are not merged', () => {
    const { add, statuses } = setup();
    add({ operation: 'SendEvent', input: { ContentType: 'application/vnd.amazonaws.connect.event.connection.acknowledged', ClientToken: 'k1' } });
    add({ operation: 'SendEvent', input: { ContentType: 'application/vnd.amazonaws.connect.event.connection.acknowledged', ClientToken: 'k2' } });
    expect(statuses()).toEqual(['k1:queued', 'k2:queued']);
  });
});

describe('Outbox: restore', () => {
  const kept = (token: string, status: OutboxEntry['status'], extra: Partial<OutboxEntry> = {}): OutboxEntry =>
    ({ ...message(token), queuedAt: 0, attempts: 1, status, ...extra }) as OutboxEntry;

  it('adds kept entries in order (sending ones queued again, failed ones failed), and sends them when ready', () => {
    const { outbox, last, sent, log, statuses } = setup();
    const error = new Error('refused');
    outbox.restore([kept('x', 'queued'), kept('y', 'sending'), kept('z', 'failed', { error })]);
    expect(statuses()).toEqual(['x:queued', 'y:queued', 'z:failed']);
    expect(outbox.entries[2]?.error).toBe(error);
    expect(log()).toEqual(['queued x', 'queued y', 'queued z']);
    outbox.ready(true);
    expect(sent()).toEqual(['x']);
    expect(last().entry.attempts).toBe(2);
    last().outcome.value({});
    expect(sent()).toEqual(['x', 'y']);
    expect(log().slice(3)).toEqual(['sending x', 'sent x', 'sending y']);
  });

  it('adds no entry whose ClientToken is already there, puts the kept ones first, and drops none past maxLength', () => {
    const { outbox, add, statuses } = setup({ maxLength: 3 });
    add(message('a'));
    add(message('e'));
    outbox.restore([kept('a', 'queued', { input: { ContentType: 'text/plain', Content: 'older copy', ClientToken: 'a' } }), kept('b', 'queued'), kept('b', 'queued'), kept('c', 'failed'), kept('d', 'queued')]);
    // Sends made before the store answered come after those it kept (made before them); the limit refuses new
    // calls, it does not drop sends already accepted.
    expect(statuses()).toEqual(['b:queued', 'c:failed', 'd:queued', 'a:queued', 'e:queued']);
    expect(outbox.entries.find((e) => e.input.ClientToken === 'a')?.input).toMatchObject({ Content: 'a' });
  });

  it('fails a kept send already older than maxAgeMs at the first wake-up', () => {
    const { time, outbox, statuses, changes } = setup({ maxAgeMs: 10_000 });
    time.advanceTo(50_000);
    outbox.restore([kept('old', 'queued', { queuedAt: 30_000 }), kept('new', 'queued', { queuedAt: 45_000 })]);
    time.advance(0);
    expect(statuses()).toEqual(['old:failed', 'new:queued']);
    expect(changes.at(-1)).toMatchObject({ kind: 'failed', error: expect.any(SendExpiredError) });
    time.advanceTo(55_000);
    expect(statuses()).toEqual(['old:failed', 'new:failed']);
  });
});

describe('Outbox: stop', () => {
  it('rejects every waiting outcome, cancels the attempt in flight, and leaves the entries (in flight → queued)', () => {
    const { outbox, add, attempts, last, statuses, changes } = setup();
    outbox.ready(true);
    const a = add(message('a'));
    const b = add(message('b'));
    const c = add(message('c'));
    last().outcome.error(refused()); // a failed, b in flight
    const stopped = new Error('closed');
    const before = changes.length;
    outbox.stop(stopped, false);
    expect(last().cancelled).toBe(1);
    expect(b).toEqual({ state: 'error', error: stopped });
    expect(c).toEqual({ state: 'error', error: stopped });
    expect(a.error).not.toBe(stopped);
    expect(statuses()).toEqual(['a:failed', 'b:queued', 'c:queued']);

    // Nothing more goes out, and a late answer of the cancelled attempt changes nothing.
    last().outcome.error(lost());
    outbox.ready(true);
    expect(attempts).toHaveLength(2);
    expect(statuses()).toEqual(['a:failed', 'b:queued', 'c:queued']);
    expect(changes.length).toBe(before);
    const d = add(message('d'));
    expect(d.state).toBe('error');
    expect(statuses()).toHaveLength(3);
  });
});

describe('Outbox: whenIdle', () => {
  it('notifies at once when nothing is queued or in flight, failed sends not counting', () => {
    const { outbox, add, last } = setup();
    let idle = 0;
    outbox.whenIdle(() => idle++);
    expect(idle).toBe(1);
    outbox.ready(true);
    add(message('a'));
    last().outcome.error(refused());
    outbox.whenIdle(() => idle++);
    expect(idle).toBe(2);
  });

  it('notifies once, when the last send queued or in flight is sent, failed, or withdrawn', () => {
    const { outbox, add, last } = setup();
    outbox.ready(true);
    add(message('a'));
    add(message('b'));
    add(message('c'));
    const heard: string[] = [];
    outbox.whenIdle(() => heard.push('idle'));
    last().outcome.value({ Id: 'm-a' });
    last().outcome.error(refused());
    expect(heard).toEqual([]);
    outbox.withdraw('c');
    expect(heard).toEqual(['idle']);
    // Told once: a later send and its end are news for a new waiter only.
    add(message('d'));
    last().outcome.value({ Id: 'm-d' });
    expect(heard).toEqual(['idle']);

    outbox.whenIdle(() => heard.push('again'));
    add(message('e'));
    const waiting = outbox.whenIdle(() => heard.push('e'));
    last().outcome.error(refused());
    expect(heard).toEqual(['idle', 'again', 'e']);
    waiting();
  });

  it('what it returns stops the wait: that waiter is not told, the others are', () => {
    const { outbox, add, last } = setup();
    outbox.ready(true);
    add(message('a'));
    const heard: string[] = [];
    const stopFirst = outbox.whenIdle(() => heard.push('first'));
    outbox.whenIdle(() => heard.push('second'));
    stopFirst();
    stopFirst();
    last().outcome.value({ Id: 'm-a' });
    expect(heard).toEqual(['second']);
  });

  it('tells no one once stopped, whatever leaves it after', () => {
    const { outbox, add } = setup();
    add(message('a'));
    let idle = 0;
    outbox.whenIdle(() => idle++);
    outbox.stop(new Error('closed'), false);
    expect(outbox.withdraw('a')).toBe(true);
    expect(outbox.entries).toEqual([]);
    expect(idle).toBe(0);
  });
});

describe('Outbox: what mutation testing found', () => {
  it('expires each of several queued sends on time, the earliest first', () => {
    const { time, add, statuses } = setup({ maxAgeMs: 10_000 });
    add(message('a'));
    time.advanceTo(4_000);
    add(message('b'));
    time.advanceTo(6_000);
    add(message('c'));
    time.advanceTo(10_000);
    expect(statuses()).toEqual(['a:failed', 'b:queued', 'c:queued']);
    time.advanceTo(14_000);
    expect(statuses()).toEqual(['a:failed', 'b:failed', 'c:queued']);
    time.advanceTo(16_000);
    expect(statuses()).toEqual(['a:failed', 'b:failed', 'c:failed']);
  });

  it('due names an age limit that comes before the end of the head’s backoff', () => {
    const { time, outbox, add, last } = setup({ maxAgeMs: 10_000 }, 0.999);
    outbox.ready(true);
    add(message('a'));
    // Backoffs of 999, 1 998, 3 996 then 7 992 ms: the fourth ends at 14 985, past the age limit at 10 000.
    for (const retryAt of [999, 2_997, 6_993]) {
      last().outcome.error(lost());
      time.advanceTo(retryAt);
    }
    last().outcome.error(lost());
    expect(last().entry.attempts).toBe(4);
    time.advanceTo(9_000);
    // Woken for another part during the backoff.
    outbox.tick(time.now());
    expect(outbox.due).toBe(10_000);
    time.advanceTo(10_000);
    expect(outbox.entries[0]).toMatchObject({ status: 'failed', error: expect.any(SendExpiredError) });
  });

  it('an event other than typing is not merged into a typing event queued, nor a typing event into another event', () => {
    const { outbox, add, sent, last, statuses } = setup();
    const ack = (token: string): OutboxSend => ({ operation: 'SendEvent', input: { ContentType: 'application/vnd.amazonaws.connect.event.connection.acknowledged', ClientToken: token } });
    const t1 = add(typing('t1'));
    const k1 = add(ack('k1'));
    expect(statuses()).toEqual(['t1:queued', 'k1:queued']);

    const other = setup();
    other.add(ack('k2'));
    // A message is no typing event, whatever its ContentType says.
    other.add({ operation: 'SendMessage', input: { ContentType: TYPING_EVENT, Content: 'x', ClientToken: 'm3' } });
    other.add(typing('t2'));
    other.add({ operation: 'SendMessage', input: { ContentType: TYPING_EVENT, Content: 'y', ClientToken: 'm4' } });
    expect(other.statuses()).toEqual(['k2:queued', 'm3:queued', 't2:queued', 'm4:queued']);

    outbox.ready(true);
    last().outcome.value({ Id: 'typing' });
    expect(t1.value).toEqual({ Id: 'typing' });
    expect(k1.state).toBe('waiting');
    expect(sent()).toEqual(['t1', 'k1']);
  });
});

describe('Outbox: answers and calls that come at odd moments', () => {
  it('goes on after a runner that fails at once, fatally or retryably', () => {
    const time = virtualClock();
    const order: string[] = [];
    let failures = 0;
    const outbox = new Outbox({ maxLength: 10, maxAgeMs: 60_000 }, time.clock, (entry, outcome) => {
      const token = entry.input.ClientToken;
      order.push(token);
      if (token === 'fatal') outcome.error(refused());
      else if (token === 'flaky' && failures++ === 0) outcome.error(lost());
      else outcome.value({ Id: `m-${token}` });
      return () => order.push(`cancelled ${token}`);
    }, fixedRandom(0.5), { changed: () => undefined });
    time.drive(outbox);
    const results = ['fatal', 'flaky', 'after'].map((t) => {
      const { result, outcome } = track();
      outbox.add(message(t), outcome);
      return result;
    });
    outbox.ready(true);
    expect(order).toEqual(['fatal', 'flaky']);
    time.advanceTo(500);
    expect(order).toEqual(['fatal', 'flaky', 'flaky', 'after']);
    expect(results.map((r) => r.state)).toEqual(['error', 'value', 'value']);
    expect(outbox.entries.map((e) => `${e.input.ClientToken}:${e.status}`)).toEqual(['fatal:failed']);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
  ])('counts a failure with %s as its error as fatal', (_name, error) => {
    const { outbox, add, last, statuses } = setup();
    outbox.ready(true);
    const a = add(message('a'));
    last().outcome.error(error);
    expect(statuses()).toEqual(['a:failed']);
    expect(a.error).toBeInstanceOf(Error);
    expect((a.error as Error).message).toBe(String(error));
  });

  it('a failed send retried as the owner hears of a later one starting waits for it: one attempt in flight at a time', () => {
    const time = virtualClock();
    const attempts: { token: string; outcome: Outcome<unknown> }[] = [];
    const outbox: Outbox = new Outbox({ maxLength: 10, maxAgeMs: 60_000 }, time.clock, (entry, outcome) => {
      attempts.push({ token: entry.input.ClientToken, outcome });
      return () => undefined;
    }, fixedRandom(0.5), {
      // An app retrying on hearing of a change (from outbox$), as the session passes changes on.
      changed: (change) => {
        if (change.kind === 'sending' && change.entry.input.ClientToken === 'b') outbox.retry('a');
      },
    });
    outbox.ready(true);
    outbox.add(message('a'), track().outcome);
    outbox.add(message('b'), track().outcome);
    attempts[0]?.outcome.error(refused());
    expect(attempts.map((a) => a.token)).toEqual(['a', 'b']);
    attempts[1]?.outcome.value({ Id: 'm-b' });
    expect(attempts.map((a) => a.token)).toEqual(['a', 'b', 'a']);
  });

  it('retries a failed send nobody waits on (one restored from a store), and hears its answer', () => {
    const { outbox, add, last, statuses } = setup();
    outbox.ready(true);
    add(message('a'));
    last().outcome.error(refused());
    expect(outbox.retry('a')).toBe(true);
    expect(statuses()).toEqual(['a:sending']);
    last().outcome.value({ Id: 'm-a' });
    expect(statuses()).toEqual([]);
  });

  it('when the chat ends, fails the sends not made, and leaves those already failed with their own error, not reported again', () => {
    const { outbox, add, last, changes, statuses } = setup();
    outbox.ready(true);
    add(message('a'));
    add(message('b'));
    const error = refused();
    last().outcome.error(error);
    const ended = new Error('ended');
    outbox.stop(ended, true);
    expect(statuses()).toEqual(['a:failed', 'b:failed']);
    expect(outbox.entries.map((e) => e.error)).toEqual([error, ended]);
    expect(changes.filter((c) => c.kind === 'failed').map((c) => c.entry.input.ClientToken)).toEqual(['a', 'b']);
  });
});
