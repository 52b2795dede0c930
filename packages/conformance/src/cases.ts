import type { ConnectionEvent, Item, ParticipantSession, SessionOptions, SessionStatus } from '@connect-participant/core';
import type { ConnectionExpiryMeaning } from '@connect-participant/emulator';
import { check, eventually, sleep } from './expect.js';
import { EMULATOR_TIMINGS, SESSION_TIMINGS } from './timings.js';

/** What a runtime gives the suite. */
export interface ConformanceContext {
  /** The emulator's endpoint, as the session should reach it. */
  readonly endpoint: string;
  /** Starts a session through the runtime's transport. */
  connect(options: SessionOptions): ParticipantSession;
  /** Calls the emulator's control API (from outside the runtime, so it works while the runtime is offline). */
  control(path: string, body?: unknown, method?: 'GET' | 'POST'): Promise<Record<string, unknown>>;
  /** Takes the runtime's network down and up, where the runtime can (the browser's network emulation). */
  setOffline?(offline: boolean): Promise<void>;
}

/** A session under watch: everything it emitted, and whether each stream completed. */
export interface Watched {
  readonly session: ParticipantSession;
  readonly statuses: SessionStatus[];
  readonly items: Item[];
  readonly events: ConnectionEvent[];
  readonly tokens: string[];
  readonly completed: Set<string>;
  readonly contactId: string;
  count(type: ConnectionEvent['type']): number;
}

async function start(ctx: ConformanceContext, contact: { connectionExpiry?: ConnectionExpiryMeaning } = {}): Promise<Watched> {
  const chat = (await ctx.control('/emulator/contacts', { DisplayName: 'Conformance', ...contact })) as Record<string, string>;
  const session = ctx.connect({ participantToken: chat['ParticipantToken'] as string, endpoint: ctx.endpoint, ...SESSION_TIMINGS });
  const w: Watched = {
    session,
    statuses: [],
    items: [],
    events: [],
    tokens: [],
    completed: new Set(),
    contactId: chat['ContactId'] as string,
    count: (type) => w.events.filter((e) => e.type === type).length,
  };
  session.state$.subscribe({ next: (s) => w.statuses.push(s.status), complete: () => w.completed.add('state$') });
  session.messages$.subscribe({ next: (i) => w.items.push(i), complete: () => w.completed.add('messages$') });
  session.connection$.subscribe({ next: (e) => w.events.push(e), complete: () => w.completed.add('connection$') });
  session.credentials$.subscribe({ next: (c) => w.tokens.push(c.ConnectionToken), complete: () => w.completed.add('credentials$') });
  await eventually(() => session.state.status === 'connected', 'the session connects');
  return w;
}

const agentSays = (ctx: ConformanceContext, w: Watched, Content: string) =>
  ctx.control(`/emulator/contacts/${w.contactId}/agent/messages`, { Content });

const agentMessages = async (ctx: ConformanceContext, w: Watched) => {
  const contact = await ctx.control(`/emulator/contacts/${w.contactId}`, undefined, 'GET');
  return (contact['transcript'] as Item[]).filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'AGENT');
};

/** The delivered messages equal the service's, exactly once each and in order. */
async function checkNothingLost(ctx: ConformanceContext, w: Watched): Promise<void> {
  const expected = (await agentMessages(ctx, w)).map((i) => i.Id);
  const delivered = () => w.items.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'AGENT').map((i) => i.Id);
  await eventually(() => delivered().length >= expected.length, `all ${expected.length} agent messages arrive`);
  check(JSON.stringify(delivered()) === JSON.stringify(expected), 'every message is delivered once, in order');
}

async function socketsOf(ctx: ConformanceContext, contactId: string): Promise<number> {
  const all = (await ctx.control('/emulator/sockets', undefined, 'GET'))['sockets'] as { contactId: string }[];
  return all.filter((s) => s.contactId === contactId).length;
}

/**
 * Samples the contact's sockets on the emulator every few milliseconds until stopped, and resolves to the most
 * seen at once.
 */
function watchSockets(ctx: ConformanceContext, contactId: string): { stop(): Promise<number> } {
  let most = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      most = Math.max(most, await socketsOf(ctx, contactId));
      await sleep(10);
    }
  })();
  // A failed sample is reported by stop(), not as an unhandled rejection meanwhile.
  const done = sampling.then(
    () => undefined,
    (error: unknown) => error,
  );
  return {
    async stop() {
      running = false;
      const error = await done;
      if (error !== undefined) throw error;
      return most;
    },
  };
}

/**
 * Rotation under traffic with `ConnectionExpiry` read one way by the emulator. Either way a healthy socket is
 * rotated about 5 s after it opened (`SESSION_TIMINGS.rotation`): on its own lifetime when `ConnectionExpiry` is the
 * URL's 3 s connect deadline, or `leadMs` before a `ConnectionExpiry` 8 s after the grant, whichever is sooner.
 * Never more often: rotating on a connect deadline would open a socket every few hundred milliseconds here, and
 * every 40 s against the service.
 */
function rotationCase(connectionExpiry: ConnectionExpiryMeaning, label: string): ConformanceCase {
  return {
    name: `rotates under traffic, losing nothing (ConnectionExpiry ${label})`,
    async run(ctx) {
      const w = await start(ctx, { connectionExpiry });
      const contact = await ctx.control(`/emulator/contacts/${w.contactId}`, undefined, 'GET');
      check(contact['connectionExpiry'] === connectionExpiry, `the emulator plays ${connectionExpiry} (${String(contact['connectionExpiry'])})`);
      const sampler = watchSockets(ctx, w.contactId);
      const started = Date.now();
      try {
        for (let n = 0; Date.now() < started + 13_000; n++) {
          await agentSays(ctx, w, `traffic ${n}`);
          await sleep(50);
        }
      } catch (error) {
        await sampler.stop().catch(() => undefined);
        throw error;
      }
      const mostSockets = await sampler.stop();
      const rotated = w.count('rotated');
      const { rotation } = SESSION_TIMINGS;
      const keptMs = Math.min(rotation.maxSocketLifetimeMs, EMULATOR_TIMINGS.websocketLifetimeMs - rotation.leadMs);
      const mostRotations = Math.floor((Date.now() - started) / keptMs) + 1;
      // Every check is made and every failure reported together: they tell apart what went wrong.
      const failures = [
        rotated >= 2 ? '' : `two rotations should have happened (saw ${rotated})`,
        rotated <= mostRotations ? '' : `each socket should be kept about ${keptMs} ms: at most ${mostRotations} rotations (saw ${rotated})`,
        mostSockets >= 1 ? '' : 'the sampler should have seen the contact\'s socket',
        mostSockets <= 2 ? '' : `never more than 2 sockets for the contact at once (saw ${mostSockets})`,
        w.count('lost') === 0 ? '' : `no socket should be lost (saw ${w.count('lost')} losses)`,
        await checkNothingLost(ctx, w).then(() => '', (error: unknown) => (error as Error).message),
      ].filter((f) => f !== '');
      await w.session.close();
      check(failures.length === 0, failures.join('; '));
    },
  };
}

export interface ConformanceCase {
  readonly name: string;
  /** Only for runtimes that can take their network down. */
  readonly needsNetworkControl?: boolean;
  run(ctx: ConformanceContext): Promise<void>;
}

export const cases: readonly ConformanceCase[] = [
  {
    name: 'connects and receives',
    async run(ctx) {
      const w = await start(ctx);
      await agentSays(ctx, w, 'Hello from the agent');
      const item = await eventually(() => w.items.find((i) => i.Content === 'Hello from the agent'), 'the agent message arrives');
      check(item.ParticipantRole === 'AGENT' && item.Type === 'MESSAGE', 'the item is parsed into the service shape');
      check(JSON.stringify(w.statuses) === '["connecting","connected"]', `states were ${JSON.stringify(w.statuses)}`);
      await w.session.close();
    },
  },
  {
    name: 'sends',
    async run(ctx) {
      const w = await start(ctx);
      const sent = await w.session.sendMessage({ ContentType: 'text/plain', Content: 'Hello from the customer' });
      check(typeof sent.Id === 'string', 'SendMessage answers with an Id');
      await eventually(() => w.items.find((i) => i.Id === sent.Id), 'the sent message comes back on the socket');
      const contact = await ctx.control(`/emulator/contacts/${w.contactId}`, undefined, 'GET');
      check((contact['transcript'] as Item[]).some((i) => i.Content === 'Hello from the customer'), 'the service has the message');
      await w.session.close();
    },
  },
  rotationCase('connect-deadline', 'a connect deadline, the default'),
  rotationCase('socket-lifetime', 'a socket lifetime'),
  {
    name: 'reconnects after a dropped socket and fills the gap',
    async run(ctx) {
      const w = await start(ctx);
      await agentSays(ctx, w, 'before the drop');
      await eventually(() => w.items.some((i) => i.Content === 'before the drop'), 'the first message arrives');
      // Hold the reconnection back a little so that messages are sent while nobody listens.
      await ctx.control('/emulator/faults/delay', { operation: 'CreateParticipantConnection', ms: 800, count: 1 });
      await ctx.control('/emulator/faults/drop-sockets', { contactId: w.contactId, code: 1006 });
      for (let n = 0; n < 5; n++) await agentSays(ctx, w, `during the outage ${n}`);
      await eventually(() => w.count('gap-filled') > 0, 'the gap is filled');
      await checkNothingLost(ctx, w);
      check(w.statuses.includes('reconnecting'), 'the session reported reconnecting');
      await w.session.close();
    },
  },
  {
    name: 'replaces a socket whose heartbeat stalls',
    async run(ctx) {
      const w = await start(ctx);
      // Any reply ends the wait for one, so the stall must outlast the heartbeat's time limit: six beats, 3 s.
      const beats = Math.ceil(SESSION_TIMINGS.heartbeat.timeoutMs / SESSION_TIMINGS.heartbeat.intervalMs) + 2;
      await ctx.control('/emulator/faults/withhold-heartbeats', { contactId: w.contactId, count: beats });
      await eventually(() => w.count('heartbeat-missed') > 0, 'the missed heartbeat is noticed');
      await eventually(() => w.session.state.status === 'connected' && w.count('subscribed') >= 2, 'a new socket is subscribed');
      await agentSays(ctx, w, 'after the stall');
      await eventually(() => w.items.some((i) => i.Content === 'after the stall'), 'messages flow again');
      await w.session.close();
    },
  },
  {
    name: 'refreshes the ConnectionToken before it expires',
    async run(ctx) {
      const w = await start(ctx);
      const until = Date.now() + 12_000;
      while (Date.now() < until) {
        await w.session.sendMessage({ ContentType: 'text/plain', Content: `tick ${Date.now()}` });
        await sleep(700);
      }
      check(new Set(w.tokens).size >= 2, `the token was refreshed (saw ${new Set(w.tokens).size})`);
      await w.session.close();
    },
  },
  {
    name: 'ends when the chat ends',
    async run(ctx) {
      const w = await start(ctx);
      await ctx.control(`/emulator/contacts/${w.contactId}/end`, {});
      await eventually(() => w.session.state.status === 'ended', 'the session ends');
      check(w.session.state.status === 'ended' && w.session.state.reason === 'chat-ended', 'it ended on the chat-ended item');
      check(['state$', 'messages$', 'connection$', 'credentials$'].every((s) => w.completed.has(s)), 'every stream completed');
    },
  },
  {
    name: 'ends on 403 when the chat ended while disconnected',
    async run(ctx) {
      const w = await start(ctx);
      // The reconnect's grant is held until the chat has ended (3 s: the two control calls below, from a page, take
      // round trips through the test runner).
      await ctx.control('/emulator/faults/delay', { operation: 'CreateParticipantConnection', ms: 3_000, count: 1 });
      await ctx.control('/emulator/faults/drop-sockets', { contactId: w.contactId, code: 1006 });
      await ctx.control(`/emulator/contacts/${w.contactId}/end`, {});
      await eventually(() => w.session.state.status === 'ended', 'the session ends');
      check(w.session.state.status === 'ended' && w.session.state.reason === 'access-denied', `it ended on the 403 (${JSON.stringify(w.session.state)})`);
    },
  },
  {
    name: 'close() leaves nothing behind',
    async run(ctx) {
      const w = await start(ctx);
      check((await socketsOf(ctx, w.contactId)) === 1, 'one socket while connected');
      await w.session.close();
      await w.session.close();
      check(w.session.state.status === 'closed', 'the state is closed');
      check(['state$', 'messages$', 'connection$', 'credentials$'].every((s) => w.completed.has(s)), 'every stream completed');
      await eventually(async () => (await socketsOf(ctx, w.contactId)) === 0, 'the socket is closed on the server');
      const before = w.events.length;
      await sleep(1_500);
      check(w.events.length === before, 'no timer fires after close');
      let rejected = false;
      await w.session.sendMessage({ ContentType: 'text/plain', Content: 'late' }).catch(() => (rejected = true));
      check(rejected, 'calls after close are refused');
    },
  },
  {
    name: 'waits while offline and reconnects at once when back online',
    needsNetworkControl: true,
    async run(ctx) {
      const setOffline = ctx.setOffline;
      check(setOffline, 'this case needs network control');
      const w = await start(ctx);
      await setOffline(true);
      await ctx.control('/emulator/faults/drop-sockets', { contactId: w.contactId, code: 1006 });
      await eventually(() => w.count('waiting-for-network') > 0, 'the session waits for the network');
      const grantsBefore = w.events.filter((e) => e.type === 'grant-requested').length;
      await agentSays(ctx, w, 'while offline');
      await sleep(1_500);
      check(w.events.filter((e) => e.type === 'grant-requested').length === grantsBefore, 'no attempt is burnt while offline');
      await setOffline(false);
      await eventually(() => w.session.state.status === 'connected', 'it reconnects when back online', 8_000);
      await eventually(() => w.items.some((i) => i.Content === 'while offline'), 'the message sent while offline arrives');
      await w.session.close();
    },
  },
];
