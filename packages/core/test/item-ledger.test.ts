import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ItemLedger } from '../src/session/item-ledger.js';

const at = (ms: number): string => new Date(Date.UTC(2026, 11, 1) + ms).toISOString();

/** What the ledger promises, the plain way: the Ids it remembers, in order, each looked for in all of them. */
class Reference {
  readonly #ids: string[] = [];
  constructor(readonly capacity: number) {}
  accept(id: string): boolean {
    if (this.#ids.includes(id)) return false;
    this.#ids.push(id);
    if (this.#ids.length > this.capacity * 1.03) this.#ids.splice(0, this.#ids.length - this.capacity);
    return true;
  }
}

describe('ItemLedger', () => {
  it('accepts each Id once and items without an Id always', () => {
    const ledger = new ItemLedger();
    expect(ledger.accept({ Id: 'a' })).toBe(true);
    expect(ledger.accept({ Id: 'a' })).toBe(false);
    expect(ledger.accept({})).toBe(true);
    expect(ledger.accept({})).toBe(true);
    expect(ledger.has('a')).toBe(true);
    expect(ledger.has(undefined)).toBe(false);
    expect(new ItemLedger().has('a')).toBe(false);
  });

  it('keeps the `capacity` most recent Ids and at most 3 % more, so a long chat does not grow the session', () => {
    const ledger = new ItemLedger(100);
    for (let i = 0; i < 103; i++) expect(ledger.accept({ Id: String(i) })).toBe(true);
    expect(ledger.has('0')).toBe(true);
    // A duplicate is refused and changes nothing.
    for (const id of ['0', '50', '102']) expect(ledger.accept({ Id: id })).toBe(false);
    // One more than 3 % over: the oldest go, and the last 100 stay.
    expect(ledger.accept({ Id: '103' })).toBe(true);
    expect(['0', '1', '2', '3'].map((id) => ledger.has(id))).toEqual([false, false, false, false]);
    expect(['4', '5', '103'].map((id) => ledger.has(id))).toEqual([true, true, true]);
    expect(ledger.accept({ Id: '3' })).toBe(true);
    for (let i = 104; i < 10_000; i++) ledger.accept({ Id: String(i) });
    const remembered = Array.from({ length: 10_000 }, (_, i) => String(i)).filter((id) => ledger.has(id));
    expect(remembered.length).toBeGreaterThanOrEqual(100);
    expect(remembered.length).toBeLessThanOrEqual(103);
    expect(remembered.at(-1)).toBe('9999');
  });

  it('keeps exactly the `capacity` most recent Ids when that is small', () => {
    const ledger = new ItemLedger(3);
    for (const id of ['1', '2', '3', '4', '5']) expect(ledger.accept({ Id: id })).toBe(true);
    expect(['1', '2', '3', '4', '5'].map((id) => ledger.has(id))).toEqual([false, false, true, true, true]);
    expect(ledger.accept({ Id: '3' })).toBe(false);
    expect(ledger.accept({ Id: '2' })).toBe(true);
  });

  it('refuses a duplicate that comes in order, at the newest time, among many items of that time, or late', () => {
    const ledger = new ItemLedger(100);
    expect(ledger.accept({ Id: 'a', AbsoluteTime: at(1) })).toBe(true);
    expect(ledger.accept({ Id: 'a', AbsoluteTime: at(1) })).toBe(false);
    // Forty items in one millisecond, as a burst delivers them: each looked for among those of that time.
    for (let i = 0; i < 40; i++) expect(ledger.accept({ Id: `b${i}`, AbsoluteTime: at(2) })).toBe(true);
    for (let i = 0; i < 40; i++) expect(ledger.accept({ Id: `b${i}`, AbsoluteTime: at(2) })).toBe(false);
    expect(ledger.accept({ Id: 'c', AbsoluteTime: at(3) })).toBe(true);
    // The old socket of a rotation still delivering what the new one already has.
    expect(ledger.accept({ Id: 'b7', AbsoluteTime: at(2) })).toBe(false);
    expect(ledger.accept({ Id: 'a', AbsoluteTime: at(1) })).toBe(false);
    expect(ledger.accept({ Id: 'late', AbsoluteTime: at(0) })).toBe(true);
    expect(ledger.accept({ Id: 'c', AbsoluteTime: at(3) })).toBe(false);
  });

  it('looks for an item at the newest time among every Id accepted since that time became the newest', () => {
    const ledger = new ItemLedger(4);
    ledger.accept({ Id: 'x', AbsoluteTime: at(10) });
    expect(ledger.accept({ Id: 'early', AbsoluteTime: at(5) })).toBe(true);
    // 'x' is no longer the newest entry ('early' came after it), yet still refused at its time.
    expect(ledger.accept({ Id: 'y', AbsoluteTime: at(10) })).toBe(true);
    expect(ledger.accept({ Id: 'x', AbsoluteTime: at(10) })).toBe(false);
    expect(ledger.accept({ Id: 'early', AbsoluteTime: at(5) })).toBe(false);
    // A newer time: what came before it is looked for in the whole list.
    expect(ledger.accept({ Id: 'z', AbsoluteTime: at(11) })).toBe(true);
    expect(ledger.accept({ Id: 'y', AbsoluteTime: at(10) })).toBe(false);
    expect(ledger.accept({ Id: 'z', AbsoluteTime: at(11) })).toBe(false);
  });

  it('checks the items after a gap fill exactly, whatever their times: the transcript and the socket may write one differently', () => {
    const ledger = new ItemLedger();
    ledger.accept({ Id: 'a', AbsoluteTime: at(1) });
    expect(ledger.has('x')).toBe(false);
    expect(ledger.accept({ Id: 'x', AbsoluteTime: '2026-12-01T00:00:00.005000Z' })).toBe(true);
    // The same item, buffered from the socket while the transcript was read: later than every time accepted.
    expect(ledger.accept({ Id: 'x', AbsoluteTime: at(5) })).toBe(false);
    // Or at the time of a newer item, which 'x' came before.
    expect(ledger.accept({ Id: 'y', AbsoluteTime: '2026-12-01T00:00:00.003+00:00' })).toBe(true);
    expect(ledger.accept({ Id: 'z', AbsoluteTime: at(7) })).toBe(true);
    expect(ledger.accept({ Id: 'y', AbsoluteTime: at(7) })).toBe(false);
  });

  it('keeps the newest time up to date while it checks exactly, so that repeats after the window are still refused', () => {
    const ledger = new ItemLedger(4);
    ledger.has('w');
    for (const id of ['x', 'a', 'b', 'c']) expect(ledger.accept({ Id: id, AbsoluteTime: at(5) })).toBe(true);
    expect(ledger.accept({ Id: 'x', AbsoluteTime: at(5) })).toBe(false);
  });

  it('refuses a repeated item that has no AbsoluteTime, before and after timed ones', () => {
    const ledger = new ItemLedger();
    expect(ledger.accept({ Id: 'untimed' })).toBe(true);
    expect(ledger.accept({ Id: 'untimed' })).toBe(false);
    expect(ledger.accept({ Id: 'a', AbsoluteTime: at(1) })).toBe(true);
    expect(ledger.accept({ Id: 'b', AbsoluteTime: at(2) })).toBe(true);
    expect(ledger.accept({ Id: 'untimed' })).toBe(false);
    expect(ledger.accept({ Id: 'a', AbsoluteTime: at(1) })).toBe(false);
    expect(ledger.accept({ Id: 'b', AbsoluteTime: at(2) })).toBe(false);
  });

  it('refuses an item again without the AbsoluteTime it came with (a copy whose unreadable time was dropped)', () => {
    const ledger = new ItemLedger();
    expect(ledger.accept({ Id: 'a', AbsoluteTime: at(1) })).toBe(true);
    expect(ledger.accept({ Id: 'a' })).toBe(false);
  });

  it('refuses exactly what a plain list of the Ids would, whatever the order, times and duplicates', () => {
    // Each Id has one AbsoluteTime, as an item has on every socket; some are not in the service's form.
    const time = (id: number, spread: number, form: number): string | undefined =>
      form === 0 ? undefined : form === 1 ? `t${id % spread}` : at(id % spread);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.nat(80), fc.nat(9)), { maxLength: 400 }),
        (capacity, spread, arrivals) => {
          const ledger = new ItemLedger(capacity);
          const reference = new Reference(capacity);
          // Mostly in order, as a socket delivers: arrival n is item n unless the draw picks an earlier one.
          arrivals.forEach(([back, kind], n) => {
            const id = kind < 6 ? n : Math.max(0, n - back);
            const form = id % 13 === 0 ? 0 : id % 17 === 0 ? 1 : 2;
            const item = { Id: `i${id}`, AbsoluteTime: time(Math.floor(id / 3), spread * 100, form) };
            expect(ledger.accept(item)).toBe(reference.accept(item.Id));
            if (kind === 9) expect(ledger.has(item.Id)).toBe(true);
          });
        },
      ),
    );
  });

  describe('updates under one Id', () => {
    const chunk = (n: number, Content: string, completed = false) => ({
      Id: 'm',
      AbsoluteTime: at(0),
      Content,
      MessageMetadata: { ChunkNumber: n, MessageCompleted: completed },
    });

    it('accepts each chunk of a streamed message once, and the completed message once', () => {
      const ledger = new ItemLedger();
      expect(ledger.accept(chunk(1, 'Hel'))).toBe(true);
      expect(ledger.accept(chunk(2, 'lo'))).toBe(true);
      expect(ledger.accept(chunk(2, 'lo'))).toBe(false);
      expect(ledger.accept(chunk(1, 'Hel'))).toBe(false);
      // Partials do not settle the Id: a gap fill must still read the message's whole text.
      expect(ledger.has('m')).toBe(false);
      expect(ledger.accept(chunk(3, 'Hello', true))).toBe(true);
      expect(ledger.has('m')).toBe(true);
      // The transcript's copy of the completed message (no metadata) is the same message.
      expect(ledger.accept({ Id: 'm', AbsoluteTime: at(0), Content: 'Hello' })).toBe(false);
    });

    it('accepts a chunk without MessageCompleted as partial, and the message read from the transcript after partials', () => {
      const ledger = new ItemLedger();
      expect(ledger.accept({ Id: 'm', AbsoluteTime: at(0), MessageMetadata: { ChunkNumber: 1 } })).toBe(true);
      expect(ledger.has('m')).toBe(false);
      expect(ledger.accept({ Id: 'm', AbsoluteTime: at(0), Content: 'whole' })).toBe(true);
      expect(ledger.has('m')).toBe(true);
    });

    it('accepts each processing status, scan status and receipt as an update', () => {
      const ledger = new ItemLedger();
      const status = (s: string) => ({ Id: 'm', AbsoluteTime: at(0), MessageMetadata: { MessageProcessingStatus: s } });
      expect(ledger.accept(status('PROCESSING'))).toBe(true);
      expect(ledger.accept(status('PROCESSING'))).toBe(false);
      // While the message is processed its outcome is owed: a gap fill reads past it.
      expect(ledger.has('m')).toBe(false);
      expect(ledger.accept(status('FAILED'))).toBe(true);
      expect(ledger.has('m')).toBe(true);
      const scan = (Status: string) => ({ Id: 'a', AbsoluteTime: at(1), Type: 'ATTACHMENT', Attachments: [{ AttachmentId: 'x', Status }] });
      expect(ledger.accept(scan('IN_PROGRESS'))).toBe(true);
      expect(ledger.accept(scan('APPROVED'))).toBe(true);
      expect(ledger.accept(scan('APPROVED'))).toBe(false);
      const receipt = (r: Record<string, string>) => ({ Id: 'r', AbsoluteTime: at(2), Type: 'MESSAGEMETADATA', MessageMetadata: { MessageId: 'm', Receipts: [r] } });
      expect(ledger.accept(receipt({ DeliveredTimestamp: at(2), RecipientParticipantId: 'p' }))).toBe(true);
      expect(ledger.accept(receipt({ ReadTimestamp: at(3), RecipientParticipantId: 'p' }))).toBe(true);
      expect(ledger.accept(receipt({ ReadTimestamp: at(3), RecipientParticipantId: 'p' }))).toBe(false);
    });
  });
});
