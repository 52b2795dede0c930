import type { ThrottleOptions } from '../options.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per caller key (a participant or connection token); over the rate, calls are throttled. */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(private readonly limit: ThrottleOptions | false) {}

  /** Takes one call's worth from the key's bucket; false when the key is over its rate. */
  take(key: string, now: number): boolean {
    if (this.limit === false) return true;
    const { ratePerSecond, burst } = this.limit;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Drops a key's bucket when its token is gone, so the map does not grow with dead tokens. */
  forget(key: string): void {
    this.#buckets.delete(key);
  }
}
