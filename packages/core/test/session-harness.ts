import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import { FakeParticipantService, type FakeServiceOptions } from '@connect-participant/core/testing';
import {
  createParticipantSession,
  type ConnectionEvent,
  type Item,
  type ParticipantSession,
  type SessionOptions,
  type SessionStatus,
} from '@connect-participant/core';

export interface Harness {
  readonly scheduler: TestScheduler;
  readonly service: FakeParticipantService;
  readonly session: ParticipantSession;
  readonly statuses: SessionStatus[];
  readonly items: Item[];
  readonly events: ConnectionEvent[];
  readonly completed: { messages: boolean; state: boolean };
  /** Runs virtual time up to `ms` (absolute). */
  advanceTo(ms: number): void;
  /** Runs `ms` more of virtual time. */
  advance(ms: number): void;
  /** Schedules `run` at absolute time `at`. */
  at(at: number, run: () => void): void;
  count(type: ConnectionEvent['type']): number;
}

/** Runs `body` in virtual time with a fake service and a session on it; the session is closed at the end. */
export function inVirtualTime(
  body: (h: Harness) => void,
  options: { service?: Omit<FakeServiceOptions, 'scheduler'>; session?: Partial<SessionOptions> } = {},
): Harness {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let harness: Harness | undefined;
  scheduler.run(() => {
    const service = new FakeParticipantService({ scheduler, ...options.service });
    const session = createParticipantSession(service.transport(), {
      participantToken: service.participantToken,
      endpoint: 'https://participant.fake.invalid',
      scheduler,
      ...options.session,
    });
    const statuses: SessionStatus[] = [];
    const items: Item[] = [];
    const events: ConnectionEvent[] = [];
    const completed = { messages: false, state: false };
    session.state$.subscribe({ next: (s) => statuses.push(s.status), complete: () => (completed.state = true) });
    session.messages$.subscribe({ next: (i) => items.push(i), complete: () => (completed.messages = true) });
    session.connection$.subscribe((e) => events.push(e));
    const advanceTo = (ms: number) => {
      scheduler.maxFrames = ms;
      scheduler.flush();
      // Time has passed up to `ms` even when nothing was due then.
      scheduler.frame = Math.max(scheduler.frame, ms);
    };
    harness = {
      scheduler,
      service,
      session,
      statuses,
      items,
      events,
      completed,
      advanceTo,
      advance: (ms) => advanceTo(scheduler.now() + ms),
      at: (at, run) => void scheduler.schedule(run, Math.max(0, at - scheduler.now())),
      count: (type) => events.filter((e) => e.type === type).length,
    };
    body(harness);
    void session.close();
  });
  return harness as Harness;
}

export const ids = (items: readonly Item[]) => items.map((i) => i.Id);
