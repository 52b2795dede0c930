import { describe, expect, it } from 'vitest';
import type { RotationOptions } from '../src/session/options.js';
import { expiryIsLifetime, rotationDueAt } from '../src/session/rotation-policy.js';
import { grantOf } from './part-harness.js';

const MIN = 60_000;
/** The defaults: lead 60 s, 59 min at most, 5 min at least, an expiry under 5 min is a connect deadline. */
const DEFAULTS: RotationOptions = { leadMs: MIN, maxSocketLifetimeMs: 59 * MIN, minIntervalMs: 5 * MIN, minLifetimeMs: 5 * MIN };
/** No floor, so that the other rules show alone. */
const NO_FLOOR: RotationOptions = { ...DEFAULTS, minIntervalMs: 0 };

/** A grant received at `receivedAt` whose ConnectionExpiry is `lifetime` after it. */
const granted = (receivedAt: number, lifetime: number) => grantOf({ receivedAt, connectionExpiry: receivedAt + lifetime });

describe('rotationDueAt: an expiry soon after the grant is the URL connect deadline', () => {
  it('a lifetime just under minLifetimeMs rotates on maxSocketLifetimeMs after the socket opened', () => {
    expect(rotationDueAt(granted(1_000, 5 * MIN - 1), 2_000, NO_FLOOR)).toBe(2_000 + 59 * MIN);
    expect(expiryIsLifetime(granted(1_000, 5 * MIN - 1), NO_FLOOR)).toBe(false);
  });

  it('the 100 s of the service connect window: rotated after 59 minutes, not before the expiry', () => {
    expect(rotationDueAt(granted(0, 100_000), 500, DEFAULTS)).toBe(500 + 59 * MIN);
  });

  it('an expiry already past when granted (negative lifetime) also rotates by age', () => {
    expect(rotationDueAt(granted(10_000, -5_000), 10_000, DEFAULTS)).toBe(10_000 + 59 * MIN);
    expect(expiryIsLifetime(granted(10_000, -5_000), DEFAULTS)).toBe(false);
  });
});

describe('rotationDueAt: an expiry at least minLifetimeMs after the grant is the socket lifetime', () => {
  it('a lifetime of exactly minLifetimeMs counts as one: rotated the lead before it', () => {
    expect(expiryIsLifetime(granted(1_000, 5 * MIN), NO_FLOOR)).toBe(true);
    // A quarter of 5 min is 75 s, more than the 60 s lead: the lead stands.
    expect(rotationDueAt(granted(1_000, 5 * MIN), 1_000, NO_FLOOR)).toBe(1_000 + 5 * MIN - MIN);
  });

  it('the lead is at most a quarter of the lifetime', () => {
    const options: RotationOptions = { ...NO_FLOOR, minLifetimeMs: MIN, leadMs: 10 * MIN };
    // 2 min granted: 30 s before it, not 10 min.
    expect(rotationDueAt(granted(0, 2 * MIN), 0, options)).toBe(2 * MIN - 30_000);
    // Exactly four leads: the lead and the quarter agree.
    expect(rotationDueAt(granted(0, 4 * MIN), 0, { ...options, leadMs: MIN })).toBe(3 * MIN);
    // Just under four leads: the quarter, a little smaller, wins.
    expect(rotationDueAt(granted(0, 4 * MIN - 4), 0, { ...options, leadMs: MIN })).toBe(4 * MIN - 4 - (MIN - 1));
  });

  it('rotates on maxSocketLifetimeMs after opening when that comes before the expiry less the lead', () => {
    expect(rotationDueAt(granted(0, 2 * 60 * MIN), 1_000, DEFAULTS)).toBe(1_000 + 59 * MIN);
    // And on the expiry less the lead when that comes first.
    expect(rotationDueAt(granted(0, 30 * MIN), 1_000, DEFAULTS)).toBe(29 * MIN);
  });

  it('counts the lifetime from the grant, not from the socket opening', () => {
    // Granted at 0 with 5 min, opened at 4 min: still a lifetime, rotated 60 s before the expiry (then the floor).
    expect(rotationDueAt(granted(0, 5 * MIN), 4 * MIN, NO_FLOOR)).toBe(4 * MIN);
  });
});

describe('rotationDueAt: never sooner than minIntervalMs after the socket opened', () => {
  it('a due time before the floor is moved to the floor', () => {
    expect(rotationDueAt(granted(0, 5 * MIN), 0, DEFAULTS)).toBe(5 * MIN);
    expect(rotationDueAt(granted(0, 6 * MIN), 2_000, DEFAULTS)).toBe(2_000 + 5 * MIN);
  });

  it('a due time exactly at the floor, or after it, is kept', () => {
    expect(rotationDueAt(granted(0, 6 * MIN), 0, DEFAULTS)).toBe(5 * MIN);
    expect(rotationDueAt(granted(0, 6 * MIN + 1), 0, DEFAULTS)).toBe(5 * MIN + 1);
  });

  it('an expiry already past when the socket opened is rotated at the floor, not at once', () => {
    expect(rotationDueAt(granted(0, 10 * MIN), 20 * MIN, DEFAULTS)).toBe(25 * MIN);
  });

  it('the floor also bounds a maxSocketLifetimeMs set below it', () => {
    expect(rotationDueAt(granted(0, 100_000), 1_000, { ...DEFAULTS, maxSocketLifetimeMs: MIN })).toBe(1_000 + 5 * MIN);
  });
});
