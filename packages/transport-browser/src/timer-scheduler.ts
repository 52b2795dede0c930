import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** One scheduled piece of work on the platform's setTimeout; `schedule` again (from the work, too) reuses it. */
class TimerAction<T> extends Subscription implements SchedulerAction<T> {
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #work: (this: SchedulerAction<T>, state?: T) => void;

  constructor(work: (this: SchedulerAction<T>, state?: T) => void) {
    super(() => clearTimeout(this.#timer));
    this.#work = work;
  }

  schedule(state?: T, delay = 0): Subscription {
    clearTimeout(this.#timer);
    if (!this.closed) this.#timer = setTimeout(() => this.#work.call(this, state), delay);
    return this;
  }
}

/**
 * The browser transport's clock and timers: `Date.now` and `setTimeout`, as an rxjs scheduler. It does what the
 * session needs of rxjs's `asyncScheduler` (timed work that can be cancelled and rescheduled) at a fifth of its
 * bundle weight, which matters on a page: the scheduler machinery of rxjs was 1.9 KB of a 46 KB chat app.
 */
export const timerScheduler: SchedulerLike = {
  now: () => Date.now(),
  schedule: <T>(work: (this: SchedulerAction<T>, state: T) => void, delay?: number, state?: T): Subscription =>
    new TimerAction<T>(work as (this: SchedulerAction<T>, state?: T) => void).schedule(state, delay),
};
