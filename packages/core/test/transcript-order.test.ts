import { describe, expect, it } from 'vitest';
import { CONNECTION_ACKNOWLEDGED_EVENT, TYPING_EVENT } from '../src/model/event-types.js';
import type { Item } from '../src/model/shapes.js';
import { compareItems, isPersistent } from '../src/session/transcript-order.js';

const T = (s: number) => new Date(Date.UTC(2024, 0, 1, 12, 0, s)).toISOString();

describe('isPersistent', () => {
  it('keeps messages, attachments and events other than typing and acknowledgements: what a transcript holds', () => {
    expect(isPersistent({ Type: 'MESSAGE', ContentType: 'text/plain' })).toBe(true);
    expect(isPersistent({ Type: 'ATTACHMENT', ContentType: 'image/png' })).toBe(true);
    expect(isPersistent({ Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.participant.joined' })).toBe(true);
    expect(isPersistent({ Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.chat.ended' })).toBe(true);
    expect(isPersistent({ Id: 'no-type' })).toBe(true);
  });

  it('leaves out what lives only on the socket: receipts, typing, connection acknowledgements', () => {
    expect(isPersistent({ Type: 'MESSAGEMETADATA', ContentType: 'text/plain' })).toBe(false);
    expect(isPersistent({ Type: 'TYPING' })).toBe(false);
    expect(isPersistent({ Type: 'EVENT', ContentType: TYPING_EVENT })).toBe(false);
    expect(isPersistent({ Type: 'EVENT', ContentType: CONNECTION_ACKNOWLEDGED_EVENT })).toBe(false);
    expect(isPersistent({ Type: 'CONNECTION_ACK', ContentType: CONNECTION_ACKNOWLEDGED_EVENT })).toBe(false);
  });
});

describe('compareItems', () => {
  const sorted = (items: Item[]) => [...items].sort(compareItems).map((i) => i.Id);

  it('orders by AbsoluteTime, then by Id, items without a readable time last', () => {
    const items: Item[] = [
      { Id: 'no-time' },
      { Id: 'b', AbsoluteTime: T(2) },
      { Id: 'bad-time', AbsoluteTime: 'yesterday' },
      { Id: 'z', AbsoluteTime: T(1) },
      { Id: 'a', AbsoluteTime: T(2) },
      { Id: 'c', AbsoluteTime: T(3) },
    ];
    expect(sorted(items)).toEqual(['z', 'a', 'b', 'c', 'bad-time', 'no-time']);
    expect(sorted([...items].reverse())).toEqual(['z', 'a', 'b', 'c', 'bad-time', 'no-time']);
  });

  it('compares by time, whatever the Ids', () => {
    expect(compareItems({ Id: 'b', AbsoluteTime: T(1) }, { Id: 'a', AbsoluteTime: T(2) })).toBe(-1);
    expect(compareItems({ Id: 'a', AbsoluteTime: T(2) }, { Id: 'b', AbsoluteTime: T(1) })).toBe(1);
    expect(compareItems({ Id: 'a', AbsoluteTime: T(2) }, { Id: 'b' })).toBe(-1);
    // One instant written two ways (with and without milliseconds) is one time.
    expect(compareItems({ Id: 'a', AbsoluteTime: '2024-01-01T12:00:01Z' }, { Id: 'b', AbsoluteTime: '2024-01-01T12:00:01.000Z' })).toBe(-1);
  });

  it('compares items of one time by Id, an item without an Id first, and finds an item equal to itself', () => {
    expect(compareItems({ Id: 'a', AbsoluteTime: T(1) }, { Id: 'b', AbsoluteTime: T(1) })).toBe(-1);
    expect(compareItems({ Id: 'b', AbsoluteTime: T(1) }, { Id: 'a', AbsoluteTime: T(1) })).toBe(1);
    expect(compareItems({ Id: 'a', AbsoluteTime: T(1) }, { Id: 'a', AbsoluteTime: T(1) })).toBe(0);
    expect(compareItems({ AbsoluteTime: T(1) }, { Id: 'a', AbsoluteTime: T(1) })).toBe(-1);
    expect(compareItems({ Id: 'a', AbsoluteTime: T(1) }, { AbsoluteTime: T(1) })).toBe(1);
    expect(compareItems({}, {})).toBe(0);
  });
});
