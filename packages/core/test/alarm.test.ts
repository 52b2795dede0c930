import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { Alarm } from '../src/session/alarm.js';
import { runVirtualTimeTo } from './session-harness.js';

/** An alarm whose owner records when it was woken and answers each wake-up with the next due time it is given. */
function setup(answers: (number | undefined)[] = []) {
  const scheduler = new TestScheduler(() => undefined);
  const woken: number[] = [];
  let onWake: (() => void) | undefined;
  const alarm = new Alarm(scheduler, {
    wake: () => {
      woken.push(scheduler.now());
      onWake?.();
      return answers.shift();
    },
  });
  return { scheduler, alarm, woken, runTo: (ms: number) => runVirtualTimeTo(scheduler, ms), setOnWake: (f: () => void) => (onWake = f) };
}

describe('Alarm', () => {
  it('wakes its owner at the earliest time asked for, once, a later request not delaying it', () => {
    const { alarm, woken, runTo } = setup();
    alarm.at(300);
    alarm.at(100);
    alarm.at(200);
    alarm.at(undefined);
    runTo(1_000);
    expect(woken).toEqual([100]);
  });

  it('asks for nothing when given no time', () => {
    const { alarm, woken, runTo } = setup();
    alarm.at(undefined);
    runTo(1_000);
    expect(woken).toEqual([]);
  });

  it('wakes the owner again at the next due time it returns, until it returns none', () => {
    const { alarm, woken, runTo } = setup([250, 400, undefined]);
    alarm.at(100);
    runTo(10_000);
    expect(woken).toEqual([100, 250, 400]);
  });

  it('takes an unbounded next due time as none', () => {
    const { alarm, woken, runTo } = setup([Number.POSITIVE_INFINITY, 500]);
    alarm.at(100);
    runTo(10_000);
    expect(woken).toEqual([100]);
  });

  it('never asks a timer for more than 2^31 − 1 ms (longer fires at once on every platform): wakes then, and again', () => {
    const far = 5_000_000_000;
    const { alarm, woken, runTo } = setup([far, undefined]);
    alarm.at(far);
    runTo(far + 1);
    expect(woken).toEqual([2_147_483_647, 4_294_967_294]);
  });

  it('wakes at once for a time already past', () => {
    const { alarm, woken, runTo } = setup();
    runTo(500);
    alarm.at(200);
    runTo(500);
    expect(woken).toEqual([500]);
  });

  it('serves a wake-up asked for while waking, moved earlier by the due time the owner returns', () => {
    const { alarm, woken, runTo, setOnWake } = setup([300]);
    let first = true;
    setOnWake(() => {
      if (first) alarm.at(900);
      first = false;
    });
    alarm.at(100);
    runTo(10_000);
    expect(woken).toEqual([100, 300]);
  });

  it('wakes nobody once cancelled, and takes a new request after', () => {
    const { alarm, woken, runTo } = setup();
    alarm.at(100);
    alarm.cancel();
    runTo(1_000);
    expect(woken).toEqual([]);
    alarm.at(1_500);
    runTo(2_000);
    expect(woken).toEqual([1_500]);
  });
});
