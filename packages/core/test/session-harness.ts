import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import { FakeParticipantService, type FakeServiceOptions } from '@connect-participant/core/testing';
import {
  createParticipantSession,
  type ConnectionEvent,
  type Item,
  type ParticipantSession,
  type ParticipantTransport,
  type SessionOptions,
  type SessionState,
  type SessionStatus,
} from '@connect-participant/core';

export interface Harness {
  readonly scheduler: TestScheduler;
  readonly service: FakeParticipantService;
  readonly session: ParticipantSession;
  /** Each status the session went through (a status coming again with new progress is recorded once). */
  readonly statuses: SessionStatus[];
  /** Every state `state$` emitted. */
  readonly states: SessionState[];
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

/** Runs a TestScheduler's virtual time up to `ms` (absolute): every action due by then, and the clock at `ms`. */
export function runVirtualTimeTo(scheduler: TestScheduler, ms: number): void {
  scheduler.maxFrames = ms;
  scheduler.flush();
  // Time has passed up to `ms` even when nothing was due then.
  scheduler.frame = Math.max(scheduler.frame, ms);
}

type HarnessOptions = {
  service?: Omit<FakeServiceOptions, 'scheduler'>;
  session?: Partial<SessionOptions>;
  /** Wraps the fake service's transport (a platform that throws, errs or answers oddly). */
  transport?: (transport: ParticipantTransport) => ParticipantTransport;
  /** Set up the service before the session starts. */
  before?: (service: FakeParticipantService) => void;
};

function createHarness(scheduler: TestScheduler, options: HarnessOptions): Harness {
  const service = new FakeParticipantService({ scheduler, ...options.service });
  options.before?.(service);
  const transport = options.transport ? options.transport(service.transport()) : service.transport();
  const session = createParticipantSession(transport, {
    participantToken: service.participantToken,
    endpoint: 'https://participant.fake.invalid',
    scheduler,
    ...options.session,
  });
  const statuses: SessionStatus[] = [];
  const states: SessionState[] = [];
  const items: Item[] = [];
  const events: ConnectionEvent[] = [];
  const completed = { messages: false, state: false };
  session.state$.subscribe({
    next: (s) => {
      states.push(s);
      if (statuses.at(-1) !== s.status) statuses.push(s.status);
    },
    complete: () => (completed.state = true),
  });
  session.messages$.subscribe({ next: (i) => items.push(i), complete: () => (completed.messages = true) });
  session.connection$.subscribe((e) => events.push(e));
  const advanceTo = (ms: number) => runVirtualTimeTo(scheduler, ms);
  return {
    scheduler,
    service,
    session,
    statuses,
    states,
    items,
    events,
    completed,
    advanceTo,
    advance: (ms) => advanceTo(scheduler.now() + ms),
    at: (at, run) => void scheduler.schedule(run, Math.max(0, at - scheduler.now())),
    count: (type) => events.filter((e) => e.type === type).length,
  };
}

/** Runs `body` in virtual time with a fake service and a session on it; the session is closed at the end. */
export function inVirtualTime(body: (h: Harness) => void, options: HarnessOptions = {}): Harness {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let harness: Harness | undefined;
  scheduler.run(() => {
    harness = createHarness(scheduler, options);
    body(harness);
    void harness.session.close();
  });
  return harness as Harness;
}

/**
 * As {@link inVirtualTime}, for code that awaits promises: `advance` runs virtual time in steps of 100 ms and lets
 * the promises settled in each step run their continuations (as real time would) before the next.
 */
export async function inVirtualTimeAsync(body: (h: Harness & { run(ms: number): Promise<void> }) => Promise<void>, options: HarnessOptions = {}): Promise<Harness> {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  const harness = createHarness(scheduler, options);
  const run = async (ms: number) => {
    const end = scheduler.now() + ms;
    while (scheduler.now() < end) {
      harness.advanceTo(Math.min(end, scheduler.now() + 100));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await body({ ...harness, run });
  await harness.session.close();
  harness.advance(0);
  return harness;
}

export const ids = (items: readonly Item[]) => items.map((i) => i.Id);
