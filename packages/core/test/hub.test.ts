import type { Subscriber } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Hub } from '../src/session/hub.js';

/** What one subscriber saw: values, and whether it completed. */
function listen<T>(hub: Hub<T>) {
  const seen = { values: [] as T[], completed: false, unsubscribe: () => undefined as void };
  const sub = hub.subscribe({ next: (v) => seen.values.push(v), complete: () => (seen.completed = true) });
  seen.unsubscribe = () => sub.unsubscribe();
  return seen;
}

describe('Hub', () => {
  it('multicasts each value to every subscriber, in order', () => {
    const hub = new Hub<number>(false);
    const a = listen(hub);
    hub.next(1);
    const b = listen(hub);
    hub.next(2);
    expect(a.values).toEqual([1, 2]);
    expect(b.values).toEqual([2]);
  });

  it('replays nothing to a late subscriber unless it replays', () => {
    const hub = new Hub<number>(false);
    listen(hub);
    hub.next(1);
    expect(listen(hub).values).toEqual([]);
  });

  it('replays the latest value (or the initial one) to each new subscriber when it replays, even if nobody listened', () => {
    const hub = new Hub<string>(true, 'initial');
    expect(listen(hub).values).toEqual(['initial']);
    expect(hub.value).toBe('initial');
    hub.next('second');
    hub.next('third');
    expect(listen(hub).values).toEqual(['third']);
    expect(hub.value).toBe('third');
    expect(listen(new Hub<string>(true)).values).toEqual([]);
  });

  it('completes every subscriber once, and a late subscriber at once, after the latest value of a replaying hub', () => {
    const hub = new Hub<number>(true, 0);
    const a = listen(hub);
    hub.next(1);
    hub.complete();
    hub.complete();
    expect(a).toMatchObject({ values: [0, 1], completed: true });
    const late = listen(hub);
    expect(late).toMatchObject({ values: [1], completed: true });
    expect(listen(new Hub<number>(false))).toMatchObject({ completed: false });
  });

  it('completes even when nobody listens, a late subscriber then completing at once', () => {
    const hub = new Hub<number>(false);
    expect(() => hub.complete()).not.toThrow();
    expect(listen(hub)).toMatchObject({ values: [], completed: true });
  });

  it('ignores values after completion: neither given out nor kept for late subscribers', () => {
    const hub = new Hub<number>(true, 1);
    const a = listen(hub);
    hub.complete();
    hub.next(2);
    expect(a.values).toEqual([1]);
    expect(listen(hub).values).toEqual([1]);
    expect(hub.value).toBe(1);
  });

  it('keeps giving values to the other subscribers when one unsubscribes, whichever it is', () => {
    for (const leaving of [0, 1, 2]) {
      const hub = new Hub<number>(false);
      const subs = [listen(hub), listen(hub), listen(hub)];
      hub.next(1);
      subs[leaving]!.unsubscribe();
      hub.next(2);
      subs.forEach((s, i) => expect(s.values).toEqual(i === leaving ? [1] : [1, 2]));
    }
  });

  it('takes subscribers again after all of them left', () => {
    const hub = new Hub<number>(false);
    const a = listen(hub);
    a.unsubscribe();
    hub.next(1);
    const b = listen(hub);
    hub.next(2);
    expect(a.values).toEqual([]);
    expect(b.values).toEqual([2]);
  });

  // A session holds several hubs and may live for hours: a listener that left must be dropped from the hub, not
  // kept and merely muted (rxjs mutes an unsubscribed Subscriber itself, which would hide such a leak). This looks
  // at the hub's own list through the subscriber it is given.
  it('drops a subscriber that left from its list, so that it no longer reaches it', () => {
    const hub = new Hub<number>(false);
    const reached: string[] = [];
    const raw = (name: string) => ({ next: () => reached.push(name), complete: () => reached.push(`${name} completed`) }) as unknown as Subscriber<number>;
    const subscribe = (s: Subscriber<number>) => (hub as unknown as { _subscribe(s: Subscriber<number>): () => void })._subscribe(s);
    const leaveA = subscribe(raw('a'));
    subscribe(raw('b'));
    leaveA();
    leaveA();
    hub.next(1);
    hub.complete();
    expect(reached).toEqual(['b', 'b completed']);
  });
});
