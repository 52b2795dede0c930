import { describe, expect, it } from 'vitest';
import { ItemLedger } from '../src/session/item-ledger.js';

describe('ItemLedger', () => {
  it('accepts each Id once and items without an Id always', () => {
    const ledger = new ItemLedger();
    expect(ledger.accept({ Id: 'a' })).toBe(true);
    expect(ledger.accept({ Id: 'a' })).toBe(false);
    expect(ledger.accept({})).toBe(true);
    expect(ledger.accept({})).toBe(true);
    expect(ledger.has('a')).toBe(true);
    expect(ledger.has(undefined)).toBe(false);
  });

  it('keeps exactly the `capacity` most recent Ids, so a long chat does not grow the session without bound', () => {
    const ledger = new ItemLedger(3);
    for (const id of ['1', '2', '3', '4', '5']) expect(ledger.accept({ Id: id })).toBe(true);
    expect(ledger.size).toBe(3);
    expect(ledger.has('1')).toBe(false);
    expect(ledger.has('2')).toBe(false);
    // A duplicate is refused and changes nothing: the oldest Id is still the next to go.
    for (const id of ['3', '4', '5']) expect(ledger.accept({ Id: id })).toBe(false);
    expect(ledger.accept({ Id: '6' })).toBe(true);
    expect(ledger.has('3')).toBe(false);
    expect(ledger.accept({ Id: '4' })).toBe(false);
    for (let i = 7; i < 1_000; i++) ledger.accept({ Id: String(i) });
    expect(ledger.size).toBe(3);
    expect(['997', '998', '999'].every((id) => ledger.has(id))).toBe(true);
    expect(ledger.has('996')).toBe(false);
  });
});
