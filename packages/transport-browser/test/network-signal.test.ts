import { BehaviorSubject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserTransport, networkStatus$ } from '@connect-participant/transport-browser';

afterEach(() => {
  vi.useRealTimers();
});

describe('network signals (React Native and custom checks)', () => {
  it('takes an observable and passes on distinct values', () => {
    const source = new BehaviorSubject(true);
    const seen: boolean[] = [];
    const sub = networkStatus$(source).subscribe((v) => seen.push(v));
    source.next(true);
    source.next(false);
    source.next(false);
    source.next(true);
    sub.unsubscribe();
    expect(seen).toEqual([true, false, true]);
  });

  it('polls a function, sync or promise-returning, and counts a failing check as online', async () => {
    vi.useFakeTimers();
    const answers: (boolean | Promise<boolean> | Error)[] = [true, Promise.resolve(false), new Error('NetInfo failed'), Promise.resolve(false)];
    let n = 0;
    const check = () => {
      const a = answers[Math.min(n++, answers.length - 1)];
      if (a instanceof Error) throw a;
      return a as boolean | Promise<boolean>;
    };
    const seen: boolean[] = [];
    const sub = networkStatus$(check, 1000).subscribe((v) => seen.push(v));
    for (let i = 0; i < 4; i++) await vi.advanceTimersByTimeAsync(1000);
    sub.unsubscribe();
    expect(seen).toEqual([true, false, true, false]);
    const calls = n;
    await vi.advanceTimersByTimeAsync(5000);
    expect(n).toBe(calls);
  });

  it('takes a listener registration, (set) => unsubscribe, pushed and never polled', async () => {
    vi.useFakeTimers();
    let set: ((online: boolean) => void) | undefined;
    let registrations = 0;
    let unregistered = 0;
    const seen: boolean[] = [];
    const sub = networkStatus$((s) => {
      registrations++;
      set = s;
      return () => unregistered++;
    }, 1000).subscribe((v) => seen.push(v));
    set?.(true);
    set?.(false);
    set?.(false);
    await vi.advanceTimersByTimeAsync(5000);
    set?.(true);
    sub.unsubscribe();
    set?.(false);
    expect(seen).toEqual([true, false, true]);
    expect(registrations).toBe(1);
    expect(unregistered).toBe(1);
  });

  it('takes a registration that returns nothing (no way to unregister) without polling it', async () => {
    vi.useFakeTimers();
    let registrations = 0;
    const seen: boolean[] = [];
    const sub = networkStatus$((set: (online: boolean) => void) => {
      registrations++;
      set(false);
    }, 1000).subscribe((v) => seen.push(v));
    await vi.advanceTimersByTimeAsync(5000);
    sub.unsubscribe();
    expect(seen).toEqual([false]);
    expect(registrations).toBe(1);
  });

  it('becomes the transport\'s online$ when given', () => {
    const network = new BehaviorSubject(false);
    const transport = createBrowserTransport({ network, fetch: () => Promise.reject(new Error('unused')), WebSocket: class {} as never });
    const seen: boolean[] = [];
    transport.online$?.subscribe((v) => seen.push(v)).unsubscribe();
    expect(seen).toEqual([false]);
  });
});
