/** Backoff settings: attempt n waits a random share of min(maxDelayMs, baseDelayMs × 2^n). */
export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter (the AWS architecture blog's "full jitter"): spreads reconnecting clients
 * evenly instead of in waves. `attempt` counts from 0; `random` is in [0, 1).
 */
export function exponentialBackoff(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt, 30));
  const r = random();
  return Math.floor(ceiling * (r >= 0 && r < 1 ? r : 0.5));
}
