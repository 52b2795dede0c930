import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/client/invoke.js';
import type { PartClock } from '../src/session/alarm.js';
import type { BackoffOptions } from '../src/session/backoff.js';
import { RetryingTask, type TaskWork } from '../src/session/retrying-task.js';

/** A clock whose time the test moves, recording every wake-up asked for. */
class FakeClock implements PartClock {
  time = 0;
  readonly wakeups: number[] = [];
  now(): number {
    return this.time;
  }
  at(time: number): void {
    this.wakeups.push(time);
  }
}

/** One attempt the task started: its outcome, and how often it was cancelled. */
interface Attempt {
  readonly outcome: Outcome<string>;
  cancels: number;
}

interface Setup {
  /** Whether a failure is retried (default: always). */
  retry?: (error: unknown, attempt: number) => boolean;
  random?: number;
  backoff?: BackoffOptions;
  resetOnSuccess?: boolean;
  /** Runs inside `attempt`, before it returns (an owner reacting at once, or a throwing start). */
  onAttempt?: (outcome: Outcome<string>, task: RetryingTask<string>) => void;
  /** Runs inside `failed`, before it answers. */
  onFailed?: (task: RetryingTask<string>) => void;
  withoutScheduled?: boolean;
}

function setup(options: Setup = {}) {
  const clock = new FakeClock();
  const attempts: Attempt[] = [];
  const log: string[] = [];
  const errors: unknown[] = [];
  const randoms: number[] = [];
  const work: TaskWork<string> = {
    attempt(outcome) {
      const attempt: Attempt = { outcome, cancels: 0 };
      attempts.push(attempt);
      log.push(`attempt@${clock.time}`);
      options.onAttempt?.(outcome, task);
      return () => void attempt.cancels++;
    },
    succeeded: (value) => void log.push(`succeeded ${value}`),
    failed(error, attempt) {
      errors.push(error);
      log.push(`failed #${attempt}`);
      options.onFailed?.(task);
      return options.retry ? options.retry(error, attempt) : true;
    },
    ...(options.withoutScheduled ? {} : { scheduled: (attempt: number, delayMs: number, at: number) => void log.push(`scheduled #${attempt} in ${delayMs} at ${at}`) }),
  };
  const random = () => {
    const r = options.random ?? 0.5;
    randoms.push(r);
    return r;
  };
  const task: RetryingTask<string> = new RetryingTask<string>(clock, options.backoff ?? { baseDelayMs: 100, maxDelayMs: 1_000 }, random, work, options.resetOnSuccess);
  /** Moves time to `ms` and ticks the task, as its owner's alarm does. */
  const tickAt = (ms: number) => {
    clock.time = ms;
    task.tick(ms);
  };
  const last = () => attempts.at(-1) as Attempt;
  return { task, clock, attempts, log, errors, randoms, tickAt, last };
}

const boom = new Error('boom');

describe('RetryingTask: at rest', () => {
  it('starts idle, with nothing due and no failures', () => {
    const { task, attempts, clock } = setup();
    expect(task.state).toEqual({ kind: 'idle' });
    expect(task.due).toBeUndefined();
    expect(task.failures).toBe(0);
    expect(attempts).toHaveLength(0);
    expect(clock.wakeups).toEqual([]);
  });

  it('a tick while idle starts nothing', () => {
    const { task, attempts, tickAt } = setup();
    tickAt(1_000_000);
    expect(attempts).toHaveLength(0);
    expect(task.state.kind).toBe('idle');
  });
});

describe('RetryingTask: one attempt at a time', () => {
  it('run starts exactly one attempt; run again while it is in flight starts no second one', () => {
    const { task, attempts } = setup();
    task.run();
    task.run();
    expect(attempts).toHaveLength(1);
    expect(task.state.kind).toBe('running');
    expect(task.due).toBeUndefined();
  });

  it('a success makes it idle and is reported with the value', () => {
    const { task, log, last } = setup();
    task.run();
    last().outcome.value('v1');
    expect(task.state.kind).toBe('idle');
    expect(log).toEqual(['attempt@0', 'succeeded v1']);
  });

  it('a tick while an attempt is in flight starts nothing', () => {
    const { task, attempts, tickAt } = setup();
    task.run();
    tickAt(5_000);
    expect(attempts).toHaveLength(1);
  });

  it('only the first report of an attempt counts (value then error, error then value)', () => {
    const a = setup();
    a.task.run();
    a.last().outcome.value('first');
    a.last().outcome.error(boom);
    a.last().outcome.value('again');
    expect(a.log).toEqual(['attempt@0', 'succeeded first']);
    expect(a.task.failures).toBe(0);

    const b = setup();
    b.task.run();
    b.last().outcome.error(boom);
    b.last().outcome.value('late');
    b.last().outcome.error(boom);
    expect(b.log).toEqual(['attempt@0', 'failed #1', 'scheduled #1 in 50 at 50']);
    expect(b.task.failures).toBe(1);
  });
});

describe('RetryingTask: backoff between failures', () => {
  it('a failure schedules the next attempt after a full-jitter delay, exact under a fixed random, and asks to be woken then', () => {
    const { task, clock, log, last } = setup({ random: 0.25, backoff: { baseDelayMs: 1_000, maxDelayMs: 30_000 } });
    clock.time = 10_000;
    task.run();
    last().outcome.error(boom);
    expect(task.state).toEqual({ kind: 'waiting', at: 10_250 });
    expect(task.due).toBe(10_250);
    expect(clock.wakeups).toEqual([10_250]);
    expect(log).toEqual(['attempt@10000', 'failed #1', 'scheduled #1 in 250 at 10250']);
  });

  it('waits 50, 100, 200, 400, 500, 500, 500 ms after failures 1 to 7 (base 100, cap 1000, random 0.5): growing, then capped', () => {
    const { task, clock, log, last, tickAt } = setup({ random: 0.5 });
    clock.time = 10_000;
    task.run();
    const delays: number[] = [];
    for (let failure = 1; failure <= 7; failure++) {
      last().outcome.error(boom);
      expect(task.failures).toBe(failure);
      const due = task.due as number;
      delays.push(due - clock.time);
      expect(task.state).toEqual({ kind: 'waiting', at: due });
      expect(clock.wakeups.at(-1)).toBe(due);
      tickAt(due);
    }
    expect(delays).toEqual([50, 100, 200, 400, 500, 500, 500]);
    expect(log.filter((l) => l.startsWith('failed'))).toEqual(['failed #1', 'failed #2', 'failed #3', 'failed #4', 'failed #5', 'failed #6', 'failed #7']);
    expect(log.filter((l) => l.startsWith('scheduled'))[0]).toBe('scheduled #1 in 50 at 10050');
  });

  it('hands the failure to the work with the count of failures in a row, and asks the random source once per wait', () => {
    const { task, last, errors, randoms } = setup();
    task.run();
    last().outcome.error(boom);
    expect(errors).toEqual([boom]);
    expect(randoms).toHaveLength(1);
  });

  it('a wait of 0 (random 0) is due at once', () => {
    const { task, clock, attempts, last, tickAt } = setup({ random: 0 });
    clock.time = 700;
    task.run();
    last().outcome.error(boom);
    expect(task.due).toBe(700);
    tickAt(700);
    expect(attempts).toHaveLength(2);
  });

  it('the next attempt starts at its due time exactly, not a moment before', () => {
    const { task, attempts, last, tickAt, log } = setup();
    task.run();
    last().outcome.error(boom);
    tickAt(49);
    expect(attempts).toHaveLength(1);
    expect(task.state.kind).toBe('waiting');
    tickAt(50);
    expect(attempts).toHaveLength(2);
    expect(log.at(-1)).toBe('attempt@50');
  });

  it('a failure the work will not retry leaves it idle: no wait, no wake-up, nothing scheduled', () => {
    const { task, clock, log, last, tickAt, attempts } = setup({ retry: () => false });
    task.run();
    last().outcome.error(boom);
    expect(task.state.kind).toBe('idle');
    expect(task.due).toBeUndefined();
    expect(task.failures).toBe(1);
    expect(clock.wakeups).toEqual([]);
    expect(log).toEqual(['attempt@0', 'failed #1']);
    tickAt(1_000_000);
    expect(attempts).toHaveLength(1);
  });

  it('works without a `scheduled` listener', () => {
    const { task, last } = setup({ withoutScheduled: true });
    task.run();
    last().outcome.error(boom);
    expect(task.due).toBe(50);
  });

  it('an owner that starts the task itself while hearing of the failure is not overridden by a backoff', () => {
    const ran = setup({ onFailed: (task) => (task.failures === 1 ? task.run() : undefined) });
    ran.task.run();
    ran.last().outcome.error(boom);
    expect(ran.attempts).toHaveLength(2);
    expect(ran.task.state.kind).toBe('running');
    expect(ran.log.some((l) => l.startsWith('scheduled'))).toBe(false);

    const rescheduled = setup({ onFailed: (task) => task.runAt(5_000) });
    rescheduled.task.run();
    rescheduled.last().outcome.error(boom);
    expect(rescheduled.task.state).toEqual({ kind: 'waiting', at: 5_000 });
    expect(rescheduled.log.some((l) => l.startsWith('scheduled'))).toBe(false);
  });
});

describe('RetryingTask: failures are forgotten on success, reset, or not', () => {
  it('a success forgets past failures: the next backoff starts from the base again', () => {
    const { task, last, tickAt } = setup();
    task.run();
    last().outcome.error(boom);
    tickAt(50);
    last().outcome.error(boom);
    expect(task.failures).toBe(2);
    tickAt(150);
    last().outcome.value('ok');
    expect(task.failures).toBe(0);
    task.run();
    last().outcome.error(boom);
    expect(task.due).toBe(150 + 50);
  });

  it('with resetOnSuccess false a success keeps the count (a connection forgets only once it stayed up)', () => {
    const { task, last, tickAt, log } = setup({ resetOnSuccess: false });
    task.run();
    last().outcome.error(boom);
    tickAt(50);
    last().outcome.value('up');
    expect(task.failures).toBe(1);
    task.run();
    last().outcome.error(boom);
    expect(task.failures).toBe(2);
    expect(task.due).toBe(50 + 100);
    expect(log).toContain('succeeded up');
  });

  it('reset forgets past failures without touching a wait', () => {
    const { task, last } = setup();
    task.run();
    last().outcome.error(boom);
    task.reset();
    expect(task.failures).toBe(0);
    expect(task.state).toEqual({ kind: 'waiting', at: 50 });
  });
});

describe('RetryingTask: run, runAt and tick', () => {
  it('run cuts a wait short, and the old due time then starts nothing more', () => {
    const { task, attempts, last, tickAt } = setup();
    task.run();
    last().outcome.error(boom);
    expect(task.due).toBe(50);
    tickAt(10);
    task.run();
    expect(attempts).toHaveLength(2);
    expect(task.due).toBeUndefined();
    tickAt(50);
    expect(attempts).toHaveLength(2);
  });

  it('runAt makes an attempt due at that time and asks to be woken then', () => {
    const { task, clock, attempts, tickAt } = setup();
    task.runAt(3_000);
    expect(task.state).toEqual({ kind: 'waiting', at: 3_000 });
    expect(task.due).toBe(3_000);
    expect(clock.wakeups).toEqual([3_000]);
    tickAt(2_999);
    expect(attempts).toHaveLength(0);
    tickAt(3_000);
    expect(attempts).toHaveLength(1);
  });

  it('runAt replaces a wait, later or earlier', () => {
    const { task, attempts, tickAt } = setup();
    task.runAt(3_000);
    task.runAt(8_000);
    tickAt(3_000);
    expect(attempts).toHaveLength(0);
    task.runAt(4_000);
    expect(task.due).toBe(4_000);
    tickAt(4_000);
    expect(attempts).toHaveLength(1);
  });

  it('runAt changes nothing while an attempt is in flight', () => {
    const { task, clock } = setup();
    task.run();
    task.runAt(3_000);
    expect(task.state.kind).toBe('running');
    expect(clock.wakeups).toEqual([]);
  });

  it('runAt a time already past is due at the next tick', () => {
    const { task, clock, attempts, tickAt } = setup();
    clock.time = 5_000;
    task.runAt(1_000);
    tickAt(5_000);
    expect(attempts).toHaveLength(1);
  });
});

describe('RetryingTask: cancel', () => {
  it('cancels the attempt in flight once, is idle, and ignores the late report', () => {
    const { task, last, log } = setup();
    task.run();
    task.cancel();
    expect(last().cancels).toBe(1);
    expect(task.state.kind).toBe('idle');
    last().outcome.value('late');
    last().outcome.error(boom);
    expect(log).toEqual(['attempt@0']);
    expect(task.failures).toBe(0);
  });

  it('cancels a wait: its due time starts nothing', () => {
    const { task, attempts, last, tickAt } = setup();
    task.run();
    last().outcome.error(boom);
    task.cancel();
    expect(task.due).toBeUndefined();
    tickAt(50);
    expect(attempts).toHaveLength(1);
  });

  it('keeps the failure count: the next failure is the second in a row', () => {
    const { task, last, log } = setup();
    task.run();
    last().outcome.error(boom);
    task.cancel();
    task.run();
    last().outcome.error(boom);
    expect(log.at(-2)).toBe('failed #2');
    expect(task.due).toBe(100);
  });

  it('cancelling while idle is harmless, and a cancelled attempt is not cancelled again', () => {
    const { task, last } = setup();
    task.cancel();
    task.run();
    task.cancel();
    task.cancel();
    expect(last().cancels).toBe(1);
  });

  it('a report from an attempt that a newer one replaced is ignored', () => {
    const { task, attempts, log } = setup();
    task.run();
    task.cancel();
    task.run();
    const [first, second] = attempts as [Attempt, Attempt];
    first.outcome.value('stale');
    first.outcome.error(boom);
    expect(task.state.kind).toBe('running');
    second.outcome.value('fresh');
    expect(log).toEqual(['attempt@0', 'attempt@0', 'succeeded fresh']);
  });

  it('the cancel an attempt returns is kept: cancelling later reaches it', () => {
    const { task, last } = setup();
    task.run();
    expect(last().cancels).toBe(0);
    task.cancel();
    expect(last().cancels).toBe(1);
  });
});

describe('RetryingTask: attempts that settle or stop while starting', () => {
  it('a value reported before attempt returns is a success, and its cancel is not called', () => {
    const { task, last, log } = setup({ onAttempt: (outcome) => outcome.value('sync') });
    task.run();
    expect(task.state.kind).toBe('idle');
    expect(last().cancels).toBe(0);
    expect(log).toEqual(['attempt@0', 'succeeded sync']);
  });

  it('an error reported before attempt returns schedules the retry, and its cancel is not called', () => {
    const { task, last } = setup({ onAttempt: (outcome) => outcome.error(boom) });
    task.run();
    expect(task.state).toEqual({ kind: 'waiting', at: 50 });
    expect(last().cancels).toBe(0);
  });

  it('an attempt that throws is a failed attempt, with the thrown error', () => {
    const thrown = new Error('cannot start');
    const { task, errors, log } = setup({
      onAttempt: () => {
        throw thrown;
      },
    });
    task.run();
    expect(errors).toEqual([thrown]);
    expect(task.failures).toBe(1);
    expect(log).toEqual(['attempt@0', 'failed #1', 'scheduled #1 in 50 at 50']);
  });

  it('an attempt that reports a value and then throws is a success', () => {
    const { task, log } = setup({
      onAttempt: (outcome) => {
        outcome.value('done');
        throw new Error('after');
      },
    });
    task.run();
    expect(log).toEqual(['attempt@0', 'succeeded done']);
    expect(task.failures).toBe(0);
  });

  it('an attempt the owner cancels while it starts is stopped with the cancel it returns', () => {
    const { task, last } = setup({ onAttempt: (_, task) => task.cancel() });
    task.run();
    expect(task.state.kind).toBe('idle');
    expect(last().cancels).toBe(1);
  });
});

describe('RetryingTask: fail (work done outside an attempt failed)', () => {
  it('counts a failure and retries after a backoff, as after a failed attempt', () => {
    const { task, log, errors, clock } = setup();
    clock.time = 1_000;
    task.fail(boom);
    expect(errors).toEqual([boom]);
    expect(task.failures).toBe(1);
    expect(task.state).toEqual({ kind: 'waiting', at: 1_050 });
    expect(log).toEqual(['failed #1', 'scheduled #1 in 50 at 1050']);
  });

  it('does nothing while an attempt is in flight', () => {
    const { task, log } = setup();
    task.run();
    task.fail(boom);
    expect(task.failures).toBe(0);
    expect(task.state.kind).toBe('running');
    expect(log).toEqual(['attempt@0']);
  });

  it('while waiting, counts one more failure and waits longer in place of the old wait', () => {
    const { task } = setup();
    task.fail(boom);
    task.fail(boom);
    expect(task.failures).toBe(2);
    expect(task.state).toEqual({ kind: 'waiting', at: 100 });
  });

  it('a failure the work will not retry leaves it idle', () => {
    const { task } = setup({ retry: () => false });
    task.fail(boom);
    expect(task.state.kind).toBe('idle');
    expect(task.failures).toBe(1);
  });
});
