import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/** The clock a part of the session runs on: the time, and a wake-up (then its `tick`) at or before a due time. */
export interface PartClock {
  now(): number;
  at(time: number): void;
}

/** The owner of an {@link Alarm}: handles what is due now and returns the next due time (undefined for none). */
export interface AlarmOwner {
  wake(): number | undefined;
}

/** The longest delay a platform timer takes (2^31 − 1 ms). */
export const MAX_DELAY_MS = 2_147_483_647;

/**
 * One scheduled action standing in for all of a session's deadlines (heartbeats, reply and ack deadlines, rotation,
 * token refresh, reconnect). Each pending `scheduler.schedule` costs an action and a platform timer; a session with
 * a dozen of them cost kilobytes, and a process holds thousands of sessions. Owners keep their due times in plain
 * fields, ask with {@link Alarm.at} to be woken at or before the earliest, and on waking handle whatever is due and
 * return the next due time. A deadline that is cancelled leaves at most one early wake-up, which finds nothing due.
 */
export class Alarm implements PartClock {
  readonly #scheduler: SchedulerLike;
  readonly #owner: AlarmOwner;
  #timer: Subscription | undefined;
  #at = Number.POSITIVE_INFINITY;

  constructor(scheduler: SchedulerLike, owner: AlarmOwner) {
    this.#scheduler = scheduler;
    this.#owner = owner;
  }

  now(): number {
    return this.#scheduler.now();
  }

  /** Makes sure of a wake-up at or before `time` (local clock; undefined asks for nothing). */
  at(time: number | undefined): void {
    if (time === undefined || !(time < this.#at)) return;
    this.#timer?.unsubscribe();
    this.#at = time;
    this.#timer = this.#scheduler.schedule(ring, this.#delay(time), this);
  }

  cancel(): void {
    this.#timer?.unsubscribe();
    this.#timer = undefined;
    this.#at = Number.POSITIVE_INFINITY;
  }

  #delay(time: number): number {
    // Timers take at most 2^31 − 1 ms (about 24.8 days); a longer delay fires at once. Woken early, the owner
    // finds nothing due and asks again.
    return Math.min(MAX_DELAY_MS, Math.max(0, time - this.#scheduler.now()));
  }

  /** @internal Runs in the scheduled action; the next wake-up reuses it (and, on Node, its timer when the delay repeats). */
  ring(action: SchedulerAction<Alarm>): void {
    this.#timer = undefined;
    this.#at = Number.POSITIVE_INFINITY;
    const next = this.#owner.wake();
    // The owner asked for a wake-up while waking: that new action serves, moved earlier if need be.
    if (this.#timer) return this.at(next);
    if (next === undefined || !(next < Number.POSITIVE_INFINITY)) return;
    this.#at = next;
    this.#timer = action.schedule(this, this.#delay(next));
  }
}

/** The scheduled work: a module function, so that scheduling allocates no closure. */
function ring(this: SchedulerAction<Alarm>, alarm: Alarm | undefined): void {
  alarm?.ring(this);
}
