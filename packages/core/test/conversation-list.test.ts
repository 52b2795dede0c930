import { describe, expect, it } from 'vitest';
import type { Item } from '../src/model/shapes.js';
import { ConversationList, type Conversation, type Placed } from '../src/session/conversation-list.js';

// ---- helpers --------------------------------------------------------------------------------------------------

/** A slot as the view makes them: its key is its name, its time the service's text form. */
const slot = (key: string, time: string, seq: number): Placed => ({ entry: { key, Id: key, item: { Id: key } as Item, own: false }, time, seq });

/** A list with every emission recorded. */
function listed() {
  const list = new ConversationList<Placed>();
  const emitted: Conversation[] = [];
  list.hub.subscribe((c) => emitted.push(c));
  const keys = () => list.slots.map((s) => s.entry.key);
  /** The list's two views agree: the slots and the entries every emission carries, in the same order. */
  const consistent = () => expect((emitted.at(-1)?.entries ?? []).map((e) => e.key)).toEqual(keys());
  return { list, emitted, keys, consistent };
}

/** A small deterministic random source (a linear congruential generator), so a failure can be replayed. */
const seeded = (seed: number) => () => ((seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);

const byTimeThenArrival = (a: Placed, b: Placed) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.seq - b.seq);

// ---- tests ----------------------------------------------------------------------------------------------------

describe('ConversationList: order', () => {
  it('orders by time, then by arrival among entries of one time, wherever each is inserted', () => {
    const { list, keys, consistent } = listed();
    list.insert(slot('t2-a', 't2', 3));
    list.insert(slot('t3', 't3', 4));
    list.insert(slot('t1', 't1', 5));
    // Same time, arrived earlier: before those of its time that arrived later, after those of an earlier time.
    list.insert(slot('t2-first', 't2', 1));
    list.insert(slot('t2-last', 't2', 9));
    list.insert(slot('t0', 't0', 6));
    expect(keys()).toEqual(['t0', 't1', 't2-first', 't2-a', 't2-last', 't3']);
    consistent();
  });

  it('puts an entry of an existing time that arrived later after it, at the end as in the middle', () => {
    const { list, keys } = listed();
    list.insert(slot('a', 't1', 1));
    list.insert(slot('b', 't2', 2));
    list.insert(slot('a2', 't1', 3));
    list.insert(slot('b2', 't2', 4));
    expect(keys()).toEqual(['a', 'a2', 'b', 'b2']);
  });

  it('moves an entry to the place of its new time, among those of that time by its arrival', () => {
    const { list, emitted, keys, consistent } = listed();
    const pending = slot('pending', '~', 2);
    list.insert(slot('a', 't1', 1));
    list.insert(pending);
    list.insert(slot('b', 't2', 3));
    list.insert(slot('c', 't3', 4));
    expect(keys()).toEqual(['a', 'b', 'c', 'pending']);
    const sent = { ...pending.entry, Id: 'm-1' };
    list.move(pending, sent, 't2');
    // Arrived before b: first of t2.
    expect(keys()).toEqual(['a', 'pending', 'b', 'c']);
    expect(list.slots[1]?.entry).toBe(sent);
    expect(emitted.at(-1)?.changed).toBe(sent);
    consistent();
    // To the same time: it stays where it is, replaced.
    const again = { ...sent, own: true };
    list.move(pending, again, 't2');
    expect(keys()).toEqual(['a', 'pending', 'b', 'c']);
    expect(emitted.at(-1)?.entries[1]).toBe(again);
  });

  it('replaces and removes the entry of the slot given, wherever it is', () => {
    const { list, emitted, keys, consistent } = listed();
    const slots = ['a', 'b', 'c', 'd', 'e'].map((k, i) => slot(k, `t${i}`, i));
    for (const s of slots) list.insert(s);
    for (const [i, s] of slots.entries()) {
      const entry = { ...s.entry, own: true };
      list.replace(s, entry);
      expect(emitted.at(-1)?.entries[i]).toBe(entry);
      expect(emitted.at(-1)?.changed).toBe(entry);
    }
    list.remove(slots[1] as Placed);
    expect(emitted.at(-1)?.changed?.key).toBe('b');
    list.remove(slots[4] as Placed);
    list.remove(slots[0] as Placed);
    expect(keys()).toEqual(['c', 'd']);
    consistent();
  });

  it('keeps the order of a reference sort through many inserts, moves, replaces and removes', () => {
    const random = seeded(18);
    const { list, keys, consistent } = listed();
    const live: Placed[] = [];
    const time = () => `t${String(Math.floor(random() * 20)).padStart(2, '0')}`;
    for (let seq = 0; seq < 400; seq++) {
      const pick = live[Math.floor(random() * live.length)];
      const r = random();
      if (!pick || r < 0.5) {
        const s = slot(`k${seq}`, time(), seq);
        live.push(s);
        list.insert(s);
      } else if (r < 0.7) {
        list.move(pick, { ...pick.entry }, time());
      } else if (r < 0.85) {
        list.replace(pick, { ...pick.entry });
      } else {
        live.splice(live.indexOf(pick), 1);
        list.remove(pick);
      }
      expect(keys()).toEqual([...live].sort(byTimeThenArrival).map((s) => s.entry.key));
    }
    consistent();
  });
});

describe('ConversationList: emissions', () => {
  it('emits the one live list with each change, a new version each time; a late subscriber gets the latest', () => {
    const { list, emitted } = listed();
    expect(emitted).toEqual([{ entries: [], version: 0 }]);
    list.insert(slot('a', 't1', 1));
    list.insert(slot('b', 't2', 2));
    expect(emitted.map((c) => c.version)).toEqual([0, 1, 2]);
    expect(new Set(emitted.map((c) => c.entries)).size).toBe(1);

    const late: Conversation[] = [];
    list.hub.subscribe((c) => late.push(c));
    expect(late).toHaveLength(1);
    expect(late[0]?.version).toBe(2);
    expect(late[0]?.changed?.key).toBe('b');
  });
});
