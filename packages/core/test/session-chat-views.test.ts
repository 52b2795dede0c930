import { describe, expect, it } from 'vitest';
import { formatTimestamp, type Conversation, type Item } from '@connect-participant/core';
import { inVirtualTime, inVirtualTimeAsync, type Harness } from './session-harness.js';

/**
 * The session's chat views (`transcript$`, `conversation$`) over a whole session: made when first asked for, they
 * hold the chat from its beginning whatever `start` says, reading the history themselves only when delivery does
 * not bring it.
 */

/** Three messages already in the chat before the session starts. */
const history = (service: Harness['service']) => {
  for (const n of [1, 2, 3]) service.record({ Id: `old-${n}`, AbsoluteTime: formatTimestamp(n * 1_000 - 60_000), Type: 'MESSAGE', ContentType: 'text/plain', Content: `old ${n}` });
};

const contents = (items: readonly Item[] | undefined) => (items ?? []).map((i) => i.Content);
const transcriptReads = (h: Harness) => h.service.calls.filter((c) => c === 'GetTranscript').length;

describe('the chat views of a session', () => {
  it('give a late subscriber the conversation so far, at once', () => {
    inVirtualTime(
      (h) => {
        let first: readonly Item[] | undefined;
        h.session.transcript$.subscribe((t) => (first = t));
        h.advanceTo(2_000);
        h.service.publish('live');
        h.advance(100);
        let late: readonly Item[] | undefined;
        h.session.transcript$.subscribe((t) => (late = t));
        expect(contents(late)).toEqual(['old 1', 'old 2', 'old 3', 'live']);
        expect(late).toEqual(first);
      },
      { before: history },
    );
  });

  it('with start "beginning", take the history delivery reads: the transcript is read once', () => {
    const h = inVirtualTime(
      (h) => {
        let transcript: readonly Item[] | undefined;
        h.session.transcript$.subscribe((t) => (transcript = t));
        h.advanceTo(5_000);
        expect(contents(transcript)).toEqual(['old 1', 'old 2', 'old 3']);
      },
      { before: history },
    );
    expect(transcriptReads(h)).toBe(1);
    expect(h.items.map((i) => i.Content)).toEqual(['old 1', 'old 2', 'old 3']);
  });

  it('with start "now", asked for once connected, read the history themselves', () => {
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(2_000);
        expect(transcriptReads(h)).toBe(0);
        let transcript: readonly Item[] | undefined;
        h.session.transcript$.subscribe((t) => (transcript = t));
        h.advanceTo(5_000);
        expect(contents(transcript)).toEqual(['old 1', 'old 2', 'old 3']);
      },
      { before: history, session: { start: 'now' } },
    );
    expect(transcriptReads(h)).toBe(1);
    expect(h.items).toEqual([]);
  });

  it('with a cursor, hold the whole chat though delivery brings only what follows the cursor', () => {
    const h = inVirtualTime(
      (h) => {
        let transcript: readonly Item[] | undefined;
        h.session.transcript$.subscribe((t) => (transcript = t));
        h.advanceTo(5_000);
        expect(contents(transcript)).toEqual(['old 1', 'old 2', 'old 3']);
      },
      { before: history, session: { start: { after: { Id: 'old-2', AbsoluteTime: formatTimestamp(2_000 - 60_000) } } } },
    );
    expect(h.items.map((i) => i.Content)).toEqual(['old 3']);
  });

  it('read the history once, not again when the socket is subscribed again while the read is under way', () => {
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(2_000);
        h.service.hangNext('GetTranscript', 1);
        h.session.transcript$.subscribe();
        h.advance(10);
        expect(transcriptReads(h)).toBe(1);
        h.service.dropSockets();
        h.advance(3_000);
        expect(h.session.state.status).toBe('connected');
        // The reconnection's gap fill reads the transcript once more; the history read is not started again.
        expect(transcriptReads(h)).toBe(2);
      },
      { before: history, session: { start: 'now', requestTimeoutMs: 60_000, reconnect: { baseDelayMs: 100, maxDelayMs: 100 } } },
    );
    expect(h.statuses).toContain('reconnecting');
  });

  it('report a history read that failed', () => {
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(2_000);
        h.service.failNext('GetTranscript', 1, 400);
        h.session.transcript$.subscribe();
        h.advanceTo(5_000);
      },
      { before: history, session: { start: 'now' } },
    );
    expect(h.events.filter((e) => e.type === 'history-failed')).toEqual([{ type: 'history-failed', error: expect.objectContaining({ name: 'ValidationException' }) }]);
  });

  it('asked for after the session ended, complete at once', () => {
    inVirtualTime((h) => {
      h.advanceTo(2_000);
      void h.session.close();
      let completed = false;
      h.session.transcript$.subscribe({ complete: () => (completed = true) });
      expect(completed).toBe(true);
    });
  });
});

describe('sendMessage with the chat views in use', () => {
  it('sends under the ClientToken the app gave', async () => {
    const h = await inVirtualTimeAsync(async (h) => {
      h.session.transcript$.subscribe();
      await h.run(2_000);
      void h.session.sendMessage({ ContentType: 'text/plain', Content: 'hello', ClientToken: 'app-token-1' });
      await h.run(1_000);
    });
    expect(h.service.requests.filter((r) => r.operation === 'SendMessage').map((r) => r.body['ClientToken'])).toEqual(['app-token-1']);
  });

  it('marks the message sent, under its Id, from the call’s answer alone (its copy on the socket may never come)', async () => {
    await inVirtualTimeAsync(async (h) => {
      let conversation: Conversation | undefined;
      let transcript: readonly Item[] | undefined;
      h.session.conversation$.subscribe((c) => (conversation = c));
      h.session.transcript$.subscribe((t) => (transcript = t));
      await h.run(2_000);
      h.service.killSockets(); // half-open: nothing more arrives on the socket, which the session does not know yet
      const sent = h.session.sendMessage({ ContentType: 'text/plain', Content: 'my question' });
      expect(conversation?.entries.at(-1)).toMatchObject({ own: true, status: 'pending', Id: undefined });
      // transcript$ holds items with an Id: not a message still on its way.
      expect(contents(transcript)).toEqual([]);
      await h.run(500);
      const { Id } = await sent;
      expect(h.items).toEqual([]);
      expect(conversation?.entries.at(-1)).toMatchObject({ own: true, status: 'sent', Id });
      expect(contents(transcript)).toEqual(['my question']);
    });
  });

  it('rejects, sending nothing, when no ClientToken can be made', async () => {
    let rejected: unknown;
    const failure = new Error('crypto.randomUUID is not available');
    const h = await inVirtualTimeAsync(
      async (h) => {
        h.session.transcript$.subscribe();
        await h.run(2_000);
        await h.session.sendMessage({ ContentType: 'text/plain', Content: 'hello' }).catch((e: unknown) => (rejected = e));
      },
      {
        transport: (t) => ({
          ...t,
          generateClientToken: () => {
            throw failure;
          },
        }),
      },
    );
    expect(rejected).toBe(failure);
    expect(h.service.calls).not.toContain('SendMessage');
  });
});

describe('disconnectParticipant', () => {
  it('sends DisconnectParticipant with the ConnectionToken', async () => {
    let output: unknown;
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(1_000);
      void h.session.disconnectParticipant().then((o) => (output = o));
      await h.run(1_000);
    });
    expect(h.service.calls).toContain('DisconnectParticipant');
    expect(output).toBeDefined();
    expect(h.statuses).toContain('ended');
  });
});
