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

  it('keeps only the most recent Ids, so a long chat does not grow the session without bound', () => {
    const ledger = new ItemLedger(3);
    for (const id of ['1', '2', '3', '4']) expect(ledger.accept({ Id: id })).toBe(true);
    expect(ledger.size).toBe(3);
    expect(ledger.has('1')).toBe(false);
    expect(ledger.has('4')).toBe(true);
    expect(ledger.accept({ Id: '2' })).toBe(false);
  });
});
