import { describe, expect, it } from 'vitest';
import {
  createParticipantSession,
  DEFAULT_RESUME_KEY,
  formatTimestamp,
  hasSavedChat,
  memoryStore,
  ValidationException,
  type Conversation,
  type ConnectionEvent,
  type Item,
  type ParticipantSession,
  type ResumeStore,
  type SessionOptions,
} from '@connect-participant/core';
import { inVirtualTime, inVirtualTimeAsync, type Harness } from './session-harness.js';

/**
 * Resuming from a store: a session that stops (a reload, a killed process) and a new one that takes over from what
 * the first kept: its place in the chat (the cursor), its sends not yet made, its ParticipantToken.
 */

const ENDPOINT = 'https://participant.fake.invalid';
const text = (Content: string) => ({ ContentType: 'text/plain', Content });
const customerSaid = (h: Harness) => h.service.items.filter((i) => i.ParticipantRole === 'CUSTOMER').map((i) => i.Content);

interface Next {
  readonly session: ParticipantSession;
  readonly items: Item[];
  readonly events: ConnectionEvent[];
  conversation(): Conversation | undefined;
}

/** Another session on the same service and scheduler: the page after a reload, the process restarted. */
function nextSession(h: Harness, options: Partial<SessionOptions>): Next {
  const session = createParticipantSession(h.service.transport(), { endpoint: ENDPOINT, scheduler: h.scheduler, ...options } as SessionOptions);
  const items: Item[] = [];
  const events: ConnectionEvent[] = [];
  let conversation: Conversation | undefined;
  session.messages$.subscribe((i) => items.push(i));
  session.connection$.subscribe((e) => events.push(e));
  session.conversation$.subscribe((c) => (conversation = c));
  return { session, items, events, conversation: () => conversation };
}

/** A chat with `n` messages before anyone connects. */
const history = (n: number) => (service: Harness['service']) => {
  for (let i = 1; i <= n; i++) {
    service.record({ Id: `old-${i}`, AbsoluteTime: formatTimestamp(i * 10 - 600_000), Type: 'MESSAGE', ContentType: 'text/plain', Content: `old ${i}`, ParticipantRole: 'AGENT' });
  }
};

describe('a session resumed from its store', () => {
  it('goes on after its cursor: what came meanwhile, once, with the transcript read back to the cursor only', () => {
    const store = memoryStore();
    inVirtualTime(
      (h) => {
        h.advance(3_000);
        expect(h.items).toHaveLength(250);
        h.service.publish('live before the reload');
        h.advance(100);
        void h.session.close();
        h.service.publish('meanwhile 1');
        h.service.publish('meanwhile 2');
        const readsBefore = h.service.requests.filter((r) => r.operation === 'GetTranscript').length;
        const next = nextSession(h, { resume: { store } });
        h.advance(3_000);
        expect(next.session.state.status).toBe('connected');
        expect(next.items.map((i) => i.Content)).toEqual(['meanwhile 1', 'meanwhile 2']);
        // The chat has 253 items (three pages): messages$ read one page back to its cursor. The conversation view,
        // rebuilt from the transcript, reads the whole chat once.
        const reads = h.service.requests.slice(0).filter((r) => r.operation === 'GetTranscript').length - readsBefore;
        expect(reads).toBeLessThanOrEqual(1 + 3);
        expect(next.conversation()?.entries.map((e) => e.item.Content).slice(-3)).toEqual(['live before the reload', 'meanwhile 1', 'meanwhile 2']);
        expect(next.conversation()?.entries).toHaveLength(253);
        h.service.publish('after');
        h.advance(100);
        expect(next.items.map((i) => i.Content)).toEqual(['meanwhile 1', 'meanwhile 2', 'after']);
        void next.session.close();
      },
      { before: history(250), session: { resume: { store } } },
    );
  });

  it('reads only back to its cursor for messages$ (one page in a long chat)', () => {
    const store = memoryStore();
    inVirtualTime(
      (h) => {
        h.advance(3_000);
        void h.session.close();
        h.service.publish('meanwhile');
        const before = h.service.requests.length;
        const session = createParticipantSession(h.service.transport(), { endpoint: ENDPOINT, scheduler: h.scheduler, resume: { store } });
        const items: Item[] = [];
        session.messages$.subscribe((i) => items.push(i));
        h.advance(3_000);
        expect(items.map((i) => i.Content)).toEqual(['meanwhile']);
        expect(h.service.requests.slice(before).filter((r) => r.operation === 'GetTranscript')).toHaveLength(1);
        void session.close();
      },
      { before: history(500), session: { resume: { store } } },
    );
  });

  it('sends what the last session could not, in call order, once each, shown pending then sent', () => {
    const store = memoryStore();
    inVirtualTime(
      (h) => {
        h.advance(2_000);
        h.service.online$.next(false);
        h.service.dropSockets();
        h.advance(100);
        for (const t of ['first', 'second', 'third']) void h.session.sendMessage(text(t)).catch(() => undefined);
        h.advance(1_000);
        void h.session.close();
        h.service.online$.next(true);
        const next = nextSession(h, { resume: { store } });
        h.advance(1);
        expect(h.service.subscribedSockets).toBe(0);
        expect(next.conversation()?.entries.filter((e) => e.own).map((e) => [e.item.Content, e.status])).toEqual([
          ['first', 'pending'],
          ['second', 'pending'],
          ['third', 'pending'],
        ]);
        h.advance(5_000);
        expect(customerSaid(h)).toEqual(['first', 'second', 'third']);
        expect(next.conversation()?.entries.filter((e) => e.own).map((e) => [e.item.Content, e.status])).toEqual([
          ['first', 'sent'],
          ['second', 'sent'],
          ['third', 'sent'],
        ]);
        void next.session.close();
      },
      { session: { resume: { store } } },
    );
  });

  it('does not send twice what reached the service before the reload, unanswered', () => {
    const store = memoryStore();
    inVirtualTime(
      (h) => {
        h.advance(2_000);
        h.service.loseAnswerNext('SendMessage', 1);
        void h.session.sendMessage(text('once')).catch(() => undefined);
        h.advance(1_000);
        void h.session.close();
        const next = nextSession(h, { resume: { store } });
        h.advance(5_000);
        expect(customerSaid(h)).toEqual(['once']);
        const tokens = h.service.requests.filter((r) => r.operation === 'SendMessage').map((r) => r.body['ClientToken']);
        expect(tokens).toEqual([tokens[0], tokens[0]]);
        expect(next.conversation()?.entries.filter((e) => e.item.Content === 'once')).toHaveLength(1);
        void next.session.close();
      },
      { session: { resume: { store } } },
    );
  });

  it('forgets the chat once it ended', async () => {
    const store = memoryStore();
    inVirtualTime(
      (h) => {
        h.advance(2_000);
        expect(store.get(DEFAULT_RESUME_KEY)).toBeDefined();
        h.service.endChat();
        h.advance(1_000);
        expect(h.session.state.status).toBe('ended');
      },
      { session: { resume: { store } } },
    );
    expect(store.get(DEFAULT_RESUME_KEY)).toBeUndefined();
    await expect(hasSavedChat(store)).resolves.toBe(false);
  });

  it('does not resume the record of another chat, and replaces it', () => {
    const store = memoryStore();
    store.set('chat', { v: 1, tag: 'another', token: 'another-token', cursor: { Id: 'x', AbsoluteTime: '2019-11-08T02:41:28.172Z' }, outbox: [] });
    const h = inVirtualTime((h) => h.advance(3_000), { before: history(3), session: { resume: { store, key: 'chat' } } });
    expect(h.items.map((i) => i.Content)).toEqual(['old 1', 'old 2', 'old 3']);
    expect(JSON.stringify(store.get('chat'))).not.toContain('another');
  });

  it('keeps the ParticipantToken out of the store with saveToken: false, and then cannot resume without it', () => {
    const store = memoryStore();
    inVirtualTime(
      (h) => {
        h.advance(2_000);
        expect(JSON.stringify(store.get(DEFAULT_RESUME_KEY))).not.toContain(h.service.participantToken);
        void h.session.close();
        const next = nextSession(h, { resume: { store, saveToken: false } });
        h.advance(1_000);
        const state = next.session.state;
        expect(state.status).toBe('failed');
        expect(state.status === 'failed' && state.error).toBeInstanceOf(ValidationException);
        expect(h.service.calls.filter((c) => c === 'CreateParticipantConnection')).toHaveLength(1);
      },
      { session: { resume: { store, saveToken: false } } },
    );
  });

  it('works over a store that answers with promises', async () => {
    const inner = memoryStore();
    const store: ResumeStore = {
      get: (key) => Promise.resolve().then(() => inner.get(key)),
      set: (key, value) => Promise.resolve().then(() => inner.set(key, value)),
      delete: (key) => Promise.resolve().then(() => inner.delete(key)),
    };
    let next: ParticipantSession | undefined;
    const items: Item[] = [];
    await inVirtualTimeAsync(
      async (h) => {
        await h.run(2_000);
        await h.session.close();
        h.service.publish('meanwhile');
        next = createParticipantSession(h.service.transport(), { endpoint: ENDPOINT, scheduler: h.scheduler, resume: { store } });
        next.messages$.subscribe((i) => items.push(i));
        await h.run(3_000);
        expect(next.state.status).toBe('connected');
        await next.close();
      },
      { before: history(3), session: { resume: { store } } },
    );
    expect(items.map((i) => i.Content)).toEqual(['meanwhile']);
    await expect(hasSavedChat(store)).resolves.toBe(true);
  });

  it('carries on from memory when the store fails, and says so', () => {
    const store: ResumeStore = {
      get: () => undefined,
      set: () => {
        throw new Error('QuotaExceededError');
      },
      delete: () => undefined,
    };
    const h = inVirtualTime(
      (h) => {
        h.advance(2_000);
        h.service.publish('still delivered');
        h.advance(100);
      },
      { before: history(1), session: { resume: { store } } },
    );
    expect(h.items.map((i) => i.Content)).toEqual(['old 1', 'still delivered']);
    expect(h.events.some((e) => e.type === 'store-failed')).toBe(true);
    expect(h.statuses).toEqual(['connecting', 'connected', 'closed']);
  });

  it('starts from what the app passed when the store does not answer within requestTimeoutMs, and says so', () => {
    const store: ResumeStore = { get: () => new Promise(() => undefined), set: () => new Promise(() => undefined), delete: () => undefined };
    const h = inVirtualTime(
      (h) => {
        h.advance(4_000);
        expect(h.session.state.status).not.toBe('connected');
        h.advance(4_000);
        expect(h.session.state.status).toBe('connected');
        // A store whose read failed is not written: what it holds is not replaced by less.
        h.advance(10_000);
      },
      { before: history(1), session: { resume: { store }, requestTimeoutMs: 5_000 } },
    );
    const failures = h.events.flatMap((e) => (e.type === 'store-failed' ? [e.error] : []));
    expect(failures.map((e) => [e.name, (e as Error & { operation?: string }).operation])).toEqual([['StoreTimeoutError', 'read']]);
    expect(h.items.map((i) => i.Content)).toEqual(['old 1']);
  });
});
