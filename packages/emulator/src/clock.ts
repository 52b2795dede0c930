import { formatTimestamp } from '@connect-participant/core';

/**
 * The emulator's clock: the machine's, plus a shift a test can set to simulate a service whose clock disagrees
 * with the client's. Every timestamp and expiry the emulator reports is read from here; the `Date` header too.
 */
export class EmulatorClock {
  #shiftMs = 0;

  now(): number {
    return Date.now() + this.#shiftMs;
  }

  iso(at = this.now()): string {
    return formatTimestamp(at);
  }

  /** The current time as an HTTP `Date` header. */
  httpDate(): string {
    return new Date(this.now()).toUTCString();
  }

  get shiftMs(): number {
    return this.#shiftMs;
  }

  shift(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('clock shift must be a finite number of milliseconds');
    this.#shiftMs = ms;
  }
}
