import { describe, expect, it } from 'vitest';
import {
  OutboxFullError,
  SendExpiredError,
  SessionClosedError,
  ValidationException,
  sendAttachment$,
  type AttachmentProgress,
  type Conversation,
  type ConversationEntry,
  type OutboxEntry,
} from '@connect-participant/core';
import { inVirtualTime, inVirtualTimeAsync, type Harness } from './session-harness.js';

/**
 * The outbox over a whole session: what the participant sends is sent in call order, once, whatever the connection
 * does meanwhile; what cannot be sent is reported failed, bounded in number and in age.
 */

const customerSaid = (h: Harness) => h.service.items.filter((i) => i.ParticipantRole === 'CUSTOMER').map((i) => i.Content);
const sendRequests = (h: Harness) => h.service.requests.filter((r) => r.operation === 'SendMessage').map((r) => r.body);
const text = (Content: string) => ({ ContentType: 'text/plain', Content });

/** The network goes down: the platform says so, and the socket is lost (what a real outage does to both). */
function cutNetwork(h: Harness): void {
  h.service.online$.next(false);
  h.service.dropSockets();
}

/** The conversation's latest emission, kept as the session emits it. */
function watch(h: Harness): { readonly last: () => Conversation | undefined; readonly own: () => ConversationEntry[] } {
  let last: Conversation | undefined;
  h.session.conversation$.subscribe((c) => (last = c));
  return { last: () => last, own: () => (last?.entries ?? []).filter((e) => e.own) };
}

describe('the outbox of a session', () => {
  it('holds sends made while connecting, then sends them in call order, each once', async () => {
    const results: unknown[] = [];
    const h = await inVirtualTimeAsync(
      async (h) => {
        for (const t of ['one', 'two', 'three']) void h.session.sendMessage(text(t)).then((r) => results.push(r.Id));
        await h.run(1_000);
        expect(h.session.state.status).not.toBe('connected');
        expect(sendRequests(h)).toEqual([]);
        await h.run(30_000);
      },
      { before: (s) => s.failNext('CreateParticipantConnection', 2, 503) },
    );
    expect(customerSaid(h)).toEqual(['one', 'two', 'three']);
    expect(results).toHaveLength(3);
    const tokens = sendRequests(h).map((b) => b['ClientToken']);
    expect(new Set(tokens).size).toBe(3);
  });

  it('sends one at a time: the second goes out only once the first is answered', () => {
    inVirtualTime(
      (h) => {
        h.advance(2_000);
        void h.session.sendMessage(text('first'));
        void h.session.sendMessage(text('second'));
        h.advance(5);
        expect(sendRequests(h).map((b) => b['Content'])).toEqual(['first']);
        h.advance(100);
        expect(sendRequests(h).map((b) => b['Content'])).toEqual(['first', 'second']);
      },
      { service: { latencyMs: 20 } },
    );
  });

  it('retries a send whose answer was lost with the same ClientToken: the service has it once, and the next keeps its place', async () => {
    const h = await inVirtualTimeAsync(
      async (h) => {
        await h.run(2_000);
        h.service.loseAnswerNext('SendMessage', 1);
        const first = h.session.sendMessage(text('lost answer'));
        const second = h.session.sendMessage(text('after it'));
        await h.run(40_000);
        await expect(first).resolves.toMatchObject({ Id: expect.any(String) });
        await expect(second).resolves.toMatchObject({ Id: expect.any(String) });
      },
      { session: { requestTimeoutMs: 5_000 } },
    );
    const bodies = sendRequests(h);
    expect(bodies.length).toBeGreaterThan(2);
    expect(bodies.filter((b) => b['Content'] === 'lost answer').map((b) => b['ClientToken'])).toEqual(
      Array(bodies.length - 1).fill(bodies[0]?.['ClientToken']),
    );
    expect(customerSaid(h)).toEqual(['lost answer', 'after it']);
  });

  it('holds sends while the network is down, shown pending, and sends them after the reconnect', () => {
    inVirtualTime((h) => {
      const view = watch(h);
      h.advance(2_000);
      cutNetwork(h);
      h.advance(100);
      void h.session.sendMessage(text('typed offline'));
      h.advance(60_000);
      expect(sendRequests(h)).toEqual([]);
      expect(view.own().map((e) => [e.item.Content, e.status])).toEqual([['typed offline', 'pending']]);
      h.service.online$.next(true);
      h.advance(10_000);
      expect(customerSaid(h)).toEqual(['typed offline']);
      expect(view.own().map((e) => [e.item.Content, e.status])).toEqual([['typed offline', 'sent']]);
    });
  });

  it('fails a send the service refuses, shown failed and reported, and the next goes on', async () => {
    let failure: unknown;
    const h = await inVirtualTimeAsync(async (h) => {
      const view = watch(h);
      await h.run(2_000);
      h.service.failNext('SendMessage', 1, 400);
      const refused = h.session.sendMessage(text('refused')).catch((e: unknown) => (failure = e));
      const next = h.session.sendMessage(text('next'));
      await h.run(2_000);
      await refused;
      await next;
      expect(view.own().map((e) => [e.item.Content, e.status])).toEqual([
        ['next', 'sent'],
        ['refused', 'failed'],
      ]);
    });
    expect(failure).toBeInstanceOf(ValidationException);
    expect(h.events.filter((e) => e.type === 'send-failed')).toHaveLength(1);
    expect(customerSaid(h)).toEqual(['next']);
  });

  it('sends a failed send again on retrySend, with its ClientToken, and drops one on discardSend', async () => {
    const h = await inVirtualTimeAsync(async (h) => {
      const view = watch(h);
      let entries: readonly OutboxEntry[] = [];
      h.session.outbox$.subscribe((e) => (entries = e));
      await h.run(2_000);
      h.service.failNext('SendMessage', 2, 400);
      void h.session.sendMessage(text('retried')).catch(() => undefined);
      void h.session.sendMessage(text('discarded')).catch(() => undefined);
      await h.run(1_000);
      expect(entries.map((e) => [e.input.ClientToken, e.status])).toEqual([
        [expect.any(String), 'failed'],
        [expect.any(String), 'failed'],
      ]);
      const [retried, discarded] = entries.map((e) => e.input.ClientToken) as [string, string];
      const again = h.session.retrySend(retried);
      await h.run(1_000);
      await expect(again).resolves.toMatchObject({ Id: expect.any(String) });
      expect(h.session.discardSend(discarded)).toBe(true);
      expect(h.session.discardSend(discarded)).toBe(false);
      await expect(h.session.retrySend('no-such-token')).rejects.toThrow(RangeError);
      await h.run(100);
      expect(entries).toEqual([]);
      expect(view.own().map((e) => [e.item.Content, e.status])).toEqual([['retried', 'sent']]);
      const tokens = sendRequests(h).filter((b) => b['Content'] === 'retried').map((b) => b['ClientToken']);
      expect(tokens).toEqual([retried, retried]);
    });
    expect(customerSaid(h)).toEqual(['retried']);
  });

  it('refuses a send past outbox.maxLength, reported, and fails sends older than outbox.maxAgeMs', async () => {
    const failures: unknown[] = [];
    const h = await inVirtualTimeAsync(
      async (h) => {
        await h.run(2_000);
        cutNetwork(h);
        await h.run(100);
        for (const t of ['a', 'b', 'c']) void h.session.sendMessage(text(t)).catch((e: unknown) => failures.push(e));
        await h.run(100);
        expect(failures).toHaveLength(1);
        expect(failures[0]).toBeInstanceOf(OutboxFullError);
        await h.run(60_000);
      },
      { session: { outbox: { maxLength: 2, maxAgeMs: 30_000 } } },
    );
    expect(failures.slice(1).map((e) => (e as Error).name)).toEqual(['SendExpiredError', 'SendExpiredError']);
    expect(failures[1]).toBeInstanceOf(SendExpiredError);
    expect(h.events.filter((e) => e.type === 'outbox-full')).toEqual([{ type: 'outbox-full', maxLength: 2 }]);
    expect(h.events.filter((e) => e.type === 'send-failed')).toHaveLength(2);
    expect(sendRequests(h)).toEqual([]);
  });

  it('refuses invalid input at once, queueing nothing', async () => {
    let error: unknown;
    const h = await inVirtualTimeAsync(async (h) => {
      await h.session.sendMessage({ ContentType: 'text/plain', Content: '' }).catch((e: unknown) => (error = e));
      let entries: readonly OutboxEntry[] | undefined;
      h.session.outbox$.subscribe((e) => (entries = e));
      expect(entries).toEqual([]);
      await h.run(2_000);
    });
    expect(error).toBeInstanceOf(ValidationException);
    expect(sendRequests(h)).toEqual([]);
  });

  it('rejects what is still queued when the session closes, and refuses sends after', async () => {
    const errors: unknown[] = [];
    await inVirtualTimeAsync(async (h) => {
      await h.run(2_000);
      cutNetwork(h);
      await h.run(100);
      void h.session.sendMessage(text('never sent')).catch((e: unknown) => errors.push(e));
      await h.run(1_000);
      await h.session.close();
      await h.session.sendMessage(text('too late')).catch((e: unknown) => errors.push(e));
    });
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toBeInstanceOf(SessionClosedError);
  });

  it('queues typing while one typing event is still queued only once', async () => {
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(2_000);
      cutNetwork(h);
      await h.run(100);
      const typing = { ContentType: 'application/vnd.amazonaws.connect.event.typing' };
      const sent = [h.session.sendEvent(typing), h.session.sendEvent(typing), h.session.sendEvent(typing)];
      await h.run(1_000);
      h.service.online$.next(true);
      await h.run(10_000);
      const ids = await Promise.all(sent);
      expect(new Set(ids.map((r) => r.Id)).size).toBe(1);
    });
    expect(h.service.events.filter((e) => e.ContentType.endsWith('typing'))).toHaveLength(1);
  });

  it('queues an attachment behind the messages sent before it, and uploads it once connected, phases in order', () => {
    inVirtualTime((h) => {
      h.advance(2_000);
      cutNetwork(h);
      h.advance(100);
      void h.session.sendMessage(text('before the file')).catch(() => undefined);
      const phases: AttachmentProgress['phase'][] = [];
      let done = false;
      sendAttachment$(h.session as never, new Uint8Array([1, 2, 3]), { name: 'receipt.pdf', contentType: 'application/pdf' }).subscribe({
        next: (p) => phases.push(p.phase),
        complete: () => (done = true),
      });
      void h.session.sendMessage(text('after the file')).catch(() => undefined);
      h.advance(30_000);
      expect(h.service.calls).not.toContain('StartAttachmentUpload');
      expect(phases).toEqual([]);
      h.service.online$.next(true);
      h.advance(10_000);
      expect(phases).toEqual(['starting', 'uploading', 'uploading', 'completing', 'done']);
      expect(done).toBe(true);
      const order = h.service.items.filter((i) => i.ParticipantRole === 'CUSTOMER').map((i) => i.Content ?? i.Type);
      expect(order).toEqual(['before the file', 'ATTACHMENT', 'after the file']);
      expect(h.service.uploads).toHaveLength(1);
    });
  });

  it('withdraws a queued attachment whose caller unsubscribes: it is never uploaded', () => {
    inVirtualTime((h) => {
      h.advance(2_000);
      cutNetwork(h);
      h.advance(100);
      let entries: readonly OutboxEntry[] = [];
      h.session.outbox$.subscribe((e) => (entries = e));
      const upload = sendAttachment$(h.session as never, new Uint8Array([1]), { name: 'a.txt', contentType: 'text/plain' }).subscribe();
      expect(entries.map((e) => e.operation)).toEqual(['attachment']);
      upload.unsubscribe();
      expect(entries).toEqual([]);
      h.service.online$.next(true);
      h.advance(10_000);
      expect(h.service.calls).not.toContain('StartAttachmentUpload');
    });
  });

  it('disconnect() goes after the sends made before it: each reaches the service, then DisconnectParticipant', async () => {
    const results: unknown[] = [];
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(2_000);
      for (const t of ['a', 'b', 'bye']) void h.session.sendMessage(text(t)).then((r) => results.push(r.Id), (e: unknown) => results.push(e));
      const left = h.session.disconnect();
      await h.run(5_000);
      await left;
    });
    const order = h.service.requests.map((r) => r.operation).filter((o) => o === 'SendMessage' || o === 'DisconnectParticipant');
    expect(order).toEqual(['SendMessage', 'SendMessage', 'SendMessage', 'DisconnectParticipant']);
    expect(customerSaid(h)).toEqual(['a', 'b', 'bye']);
    expect(results.every((r) => typeof r === 'string')).toBe(true);
    expect(h.session.state.status).toBe('ended');
  });

  it('fails the sends not made when the chat ends: shown failed, reported, and outbox$ says so before it completes', () => {
    let last: readonly OutboxEntry[] = [];
    let completed = false;
    const h = inVirtualTime((h) => {
      const view = watch(h);
      h.session.outbox$.subscribe({ next: (e) => (last = e), complete: () => (completed = true) });
      h.advance(2_000);
      cutNetwork(h);
      h.advance(100);
      void h.session.sendMessage(text('never sent')).catch(() => undefined);
      h.advance(100);
      h.service.endChat();
      h.service.online$.next(true);
      h.advance(10_000);
      expect(h.session.state.status).toBe('ended');
      expect(view.own().map((e) => [e.item.Content, e.status])).toEqual([['never sent', 'failed']]);
    });
    expect(last.map((e) => e.status)).toEqual(['failed']);
    expect(completed).toBe(true);
    expect(h.events.filter((e) => e.type === 'send-failed')).toHaveLength(1);
  });

  // A regression: the end of the outbox (its sends failed as the chat ended) once woke the disconnect waiting for it,
  // which then sent DisconnectParticipant for a chat already over.
  it('disconnect() waiting behind a send sends no DisconnectParticipant once the chat has ended', async () => {
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(2_000);
      h.service.hangNext('SendMessage', 1);
      void h.session.sendMessage(text('unanswered')).catch(() => undefined);
      const left = h.session.disconnect();
      await h.run(1_000);
      expect(h.service.calls).not.toContain('DisconnectParticipant');
      h.service.endChat();
      await h.run(5_000);
      await left;
    });
    expect(h.session.state.status).toBe('ended');
    expect(h.service.calls).not.toContain('DisconnectParticipant');
  });

  it('disconnect() does not wait for ever behind a send that cannot go: after tokenWaitMs it leaves regardless', async () => {
    const errors: unknown[] = [];
    let leftAt: number | undefined;
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(2_000);
      cutNetwork(h);
      await h.run(100);
      void h.session.sendMessage(text('stuck')).catch((e: unknown) => errors.push(e));
      const left = h.session.disconnect({ timeoutMs: 1_000 }).then(() => (leftAt = h.scheduler.now()));
      await h.run(29_000);
      expect(h.service.calls).not.toContain('DisconnectParticipant');
      await h.run(5_000);
      await left;
    });
    // It went with the ConnectionToken the session still held; offline, the chat-ended item could not come.
    expect(h.service.calls).toContain('DisconnectParticipant');
    expect(leftAt).toBeLessThan(35_000);
    expect(h.session.state.status).toBe('closed');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SessionClosedError);
    expect(customerSaid(h)).toEqual([]);
  });

  it('ends as it ends even when the app closes, discards or sends on hearing of a failed send at the chat’s end', async () => {
    const errors: unknown[] = [];
    const h = inVirtualTime((h) => {
      h.advance(2_000);
      cutNetwork(h);
      h.advance(100);
      for (const t of ['one', 'two', 'three']) void h.session.sendMessage(text(t)).catch((e: unknown) => errors.push(e));
      h.session.connection$.subscribe((e) => {
        if (e.type !== 'send-failed') return;
        h.session.discardSend(e.clientToken);
        void h.session.sendMessage(text('from the handler')).catch((err: unknown) => errors.push(err));
        void h.session.close();
      });
      h.service.endChat();
      h.service.online$.next(true);
      h.advance(10_000);
    });
    // Offline when the chat ended, the session hears of it on reconnecting (403): ended, not closed by the handler.
    expect(h.states.at(-1)).toEqual({ status: 'ended', reason: 'access-denied' });
    expect(h.events.filter((e) => e.type === 'send-failed')).toHaveLength(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(6);
    for (const e of errors) expect(e).toBeInstanceOf(SessionClosedError);
  });
});


describe('the outbox of a session: outbox$, and calls when the session is over', () => {
  it('outbox$ is one stream, however often it is asked for: each subscriber hears every change, a late one the latest', () => {
    inVirtualTime((h) => {
      h.advance(2_000);
      cutNetwork(h);
      h.advance(100);
      const first: (readonly OutboxEntry[])[] = [];
      h.session.outbox$.subscribe((e) => first.push(e));
      void h.session.sendMessage(text('one')).catch(() => undefined);
      const late: (readonly OutboxEntry[])[] = [];
      h.session.outbox$.subscribe((e) => late.push(e));
      void h.session.sendMessage(text('two')).catch(() => undefined);
      expect(first.map((e) => e.length)).toEqual([0, 1, 2]);
      expect(late.map((e) => e.length)).toEqual([1, 2]);
    });
  });

  it('outbox$ asked for first once the session is over gives the sends it kept, and completes', async () => {
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(2_000);
      cutNetwork(h);
      await h.run(100);
      void h.session.sendMessage(text('kept for a resume')).catch(() => undefined);
      await h.session.close();
    });
    let entries: readonly OutboxEntry[] = [];
    let completed = false;
    h.session.outbox$.subscribe({ next: (e) => (entries = e), complete: () => (completed = true) });
    expect(entries.map((e) => e.status)).toEqual(['queued']);
    expect(completed).toBe(true);
  });

  it('retrySend and sendAttachment$ refuse with SessionClosedError once the session is closed', async () => {
    const errors: unknown[] = [];
    await inVirtualTimeAsync(async (h) => {
      await h.run(2_000);
      h.service.failNext('SendMessage', 1, 400);
      void h.session.sendMessage(text('refused')).catch(() => undefined);
      await h.run(1_000);
      let failed = '';
      h.session.outbox$.subscribe((e) => (failed = e[0]?.input.ClientToken ?? failed));
      await h.session.close();
      await h.session.retrySend(failed).catch((e: unknown) => errors.push(e));
      sendAttachment$(h.session as never, new Uint8Array([1]), { name: 'a.txt', contentType: 'text/plain' }).subscribe({ error: (e: unknown) => errors.push(e) });
    });
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toBeInstanceOf(SessionClosedError);
  });

  it('retrySend and sendAttachment$ refuse with SessionClosedError when asked for on hearing of a failed send at the chat’s end', async () => {
    const errors: unknown[] = [];
    inVirtualTime((h) => {
      h.advance(2_000);
      cutNetwork(h);
      h.advance(100);
      void h.session.sendMessage(text('never sent')).catch(() => undefined);
      h.session.connection$.subscribe((e) => {
        if (e.type !== 'send-failed') return;
        h.session.retrySend(e.clientToken).catch((err: unknown) => errors.push(err));
        sendAttachment$(h.session as never, new Uint8Array([1]), { name: 'a.txt', contentType: 'text/plain' }).subscribe({ error: (err: unknown) => errors.push(err) });
      });
      h.service.endChat();
      h.service.online$.next(true);
      h.advance(10_000);
      expect(h.session.state.status).toBe('ended');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toBeInstanceOf(SessionClosedError);
  });

  it('queues an attachment under a ClientToken of its own, and fails its upload when no ClientToken can be made', () => {
    let broken = false;
    const error = new Error('crypto.randomUUID is not a function');
    inVirtualTime(
      (h) => {
        h.advance(2_000);
        cutNetwork(h);
        h.advance(100);
        let entries: readonly OutboxEntry[] = [];
        h.session.outbox$.subscribe((e) => (entries = e));
        sendAttachment$(h.session as never, new Uint8Array([1]), { name: 'a.txt', contentType: 'text/plain' }).subscribe({ error: () => undefined });
        expect(entries[0]?.input.ClientToken).toEqual(expect.any(String));
        expect(entries[0]?.input.ClientToken).not.toBe('');
        broken = true;
        const failures: unknown[] = [];
        sendAttachment$(h.session as never, new Uint8Array([2]), { name: 'b.txt', contentType: 'text/plain' }).subscribe({ error: (e: unknown) => failures.push(e) });
        expect(failures).toEqual([error]);
        expect(entries).toHaveLength(1);
      },
      {
        transport: (t) => ({
          ...t,
          generateClientToken: () => {
            if (broken) throw error;
            return t.generateClientToken();
          },
        }),
      },
    );
  });

  it('fails an upload the service refuses: the caller hears why, and the attachment stays, failed, for the app to retry or discard', () => {
    inVirtualTime((h) => {
      h.advance(2_000);
      let entries: readonly OutboxEntry[] = [];
      h.session.outbox$.subscribe((e) => (entries = e));
      h.service.failNext('StartAttachmentUpload', 1, 400);
      const failures: unknown[] = [];
      sendAttachment$(h.session as never, new Uint8Array([1]), { name: 'a.txt', contentType: 'text/plain' }).subscribe({ error: (e: unknown) => failures.push(e) });
      h.advance(5_000);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toBeInstanceOf(ValidationException);
      expect(entries.map((e) => [e.operation, e.status])).toEqual([['attachment', 'failed']]);
    });
  });
});
