/** A failed conformance check. The suite runs in browsers too, so it brings its own two assertions. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value, or fails with `message` after `timeoutMs`. */
export async function eventually<T>(probe: () => T | Promise<T>, message: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new ConformanceError(`${message} (not within ${timeoutMs} ms)`);
    await sleep(25);
  }
}
