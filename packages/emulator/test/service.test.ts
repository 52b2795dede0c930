import { describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';
import { customer, emulator } from './fixtures.js';
import { call } from './http-client.js';

type Page = { Transcript: { Id: string; Content?: string }[]; NextToken?: string };
const transcript = async (emu: Emulator, token: string, body: Record<string, unknown>) => {
  const r = await call(emu.endpoint, '/participant/transcript', { token, body });
  expect(r.status).toBe(200);
  return r.json as unknown as Page;
};

describe('GetTranscript', () => {
  async function withMessages(n: number) {
    const emu = await emulator();
    const c = await customer(emu);
    const agent = emu.agent(c.chat.ContactId);
    await agent.join();
    for (let i = 1; i <= n; i++) await agent.sendMessage(`m${i}`);
    return { emu, ...c };
  }
  const contents = (p: Page) => p.Transcript.map((i) => i.Content ?? 'event');

  it('defaults: BACKWARD from the most recent, 10 per page, DESCENDING', async () => {
    const { emu, token } = await withMessages(12);
    const page = await transcript(emu, token, {});
    expect(contents(page)).toEqual(['m12', 'm11', 'm10', 'm9', 'm8', 'm7', 'm6', 'm5', 'm4', 'm3']);
    expect(page.NextToken).toBeTruthy();
  });

  it('pages through everything with NextToken, in either direction and order', async () => {
    const { emu, token } = await withMessages(25);
    const all = async (body: Record<string, unknown>) => {
      const out: string[] = [];
      let next: string | undefined;
      do {
        const page = await transcript(emu, token, { ...body, MaxResults: 7, ...(next ? { NextToken: next } : {}) });
        out.push(...contents(page));
        next = page.NextToken;
      } while (next);
      return out;
    };
    const forward = await all({ ScanDirection: 'FORWARD', SortOrder: 'ASCENDING' });
    expect(forward).toEqual(['event', 'event', ...Array.from({ length: 25 }, (_, i) => `m${i + 1}`)]);
    const backward = await all({ ScanDirection: 'BACKWARD', SortOrder: 'DESCENDING' });
    expect(backward).toEqual([...forward].reverse());
    const backwardAscendingPages = await all({ ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING' });
    expect(backwardAscendingPages.slice(0, 7)).toEqual(['m19', 'm20', 'm21', 'm22', 'm23', 'm24', 'm25']);
  });

  it('starts at an Id, an AbsoluteTime or the N-th most recent item', async () => {
    const { emu, token, chat } = await withMessages(6);
    const items = emu.contact(chat.ContactId).transcript;
    const m3 = items.find((i) => i.Content === 'm3');
    const fromId = await transcript(emu, token, { StartPosition: { Id: m3?.Id }, SortOrder: 'ASCENDING' });
    expect(contents(fromId)).toEqual(['m3', 'm4', 'm5', 'm6']);
    const fromTime = await transcript(emu, token, { StartPosition: { AbsoluteTime: m3?.AbsoluteTime }, SortOrder: 'ASCENDING', MaxResults: 100 });
    expect(contents(fromTime).slice(-4)).toEqual(['m3', 'm4', 'm5', 'm6']);
    const times = (fromTime.Transcript as { AbsoluteTime?: string }[]).map((i) => Date.parse(i.AbsoluteTime ?? ''));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(m3?.AbsoluteTime ?? ''));
    const recent = await transcript(emu, token, { StartPosition: { MostRecent: 1 }, SortOrder: 'ASCENDING' });
    expect(contents(recent)).toEqual(['m5', 'm6']);
    const unknown = await call(emu.endpoint, '/participant/transcript', { token, body: { StartPosition: { Id: 'nope' } } });
    expect(unknown.status).toBe(400);
  });

  it('refuses another contact\'s ContactId and NextToken', async () => {
    const a = await withMessages(12);
    const b = await customer(a.emu);
    const other = await call(a.emu.endpoint, '/participant/transcript', { token: b.token, body: { ContactId: a.chat.ContactId } });
    expect(other.status).toBe(403);
    const page = await transcript(a.emu, a.token, {});
    const stolen = await call(a.emu.endpoint, '/participant/transcript', { token: b.token, body: { NextToken: page.NextToken } });
    expect(stolen.status).toBe(400);
  });
});

describe('idempotency by ClientToken', () => {
  it('SendMessage and SendEvent deliver a retried call once and answer it the same', async () => {
    const emu = await emulator();
    const { chat, token } = await customer(emu);
    const body = { ContentType: 'text/plain', Content: 'once', ClientToken: 'ct-1' };
    const first = await call(emu.endpoint, '/participant/message', { token, body });
    const retry = await call(emu.endpoint, '/participant/message', { token, body });
    expect(retry.json).toEqual(first.json);
    expect(emu.contact(chat.ContactId).transcript.filter((i) => i.Content === 'once')).toHaveLength(1);
    const typing = { ContentType: 'application/vnd.amazonaws.connect.event.typing', ClientToken: 'ct-2' };
    const t1 = await call(emu.endpoint, '/participant/event', { token, body: typing });
    const t2 = await call(emu.endpoint, '/participant/event', { token, body: typing });
    expect(t2.json['Id']).toBe(t1.json['Id']);
  });
});

describe('lifecycle', () => {
  it('ConnectParticipant emits connection.acknowledged; a ConnectionToken expires', async () => {
    // The lifetime was 200 ms with a real sleep past it, and the first call had to land within it: too tight on a
    // loaded CI machine. Expiry reads the emulator's clock, so shifting it past the lifetime expires the token.
    const emu = await emulator({ connectionTokenLifetimeMs: 60_000 });
    const { token } = await customer(emu);
    expect((await call(emu.endpoint, '/participant/transcript', { token, body: {} })).status).toBe(200);
    emu.faults.shiftClock(60_000 + 1);
    const expired = await call(emu.endpoint, '/participant/transcript', { token, body: {} });
    expect(expired.status).toBe(403);
    expect(expired.json['message']).toBe('The ConnectionToken has expired');
  });

  it('ends a chat whose customer never connects within the first-connection deadline', async () => {
    const emu = await emulator({ firstConnectionDeadlineMs: 100 });
    const chat = await emu.startChatContact();
    await new Promise((r) => setTimeout(r, 200));
    expect(emu.contact(chat.ContactId).ended).toBe(true);
    const late = await call(emu.endpoint, '/participant/connection', { token: chat.ParticipantToken, body: { Type: ['WEBSOCKET'] } });
    expect(late.status).toBe(403);
  });

  it('an agent leaving does not end the chat; the customer leaving does', async () => {
    const emu = await emulator();
    const { chat, token } = await customer(emu);
    await emu.agent(chat.ContactId).join();
    await emu.agent(chat.ContactId).leave();
    expect(emu.contact(chat.ContactId).ended).toBe(false);
    await call(emu.endpoint, '/participant/disconnect', { token, body: {} });
    expect(emu.contact(chat.ContactId).ended).toBe(true);
  });

  it('receipts with three active participants are a ConflictException', async () => {
    const emu = await emulator();
    const { chat, token } = await customer(emu);
    const msg = await emu.agent(chat.ContactId).sendMessage('hi');
    await emu.agent(chat.ContactId, { role: 'SUPERVISOR', DisplayName: 'Sup' }).join();
    const r = await call(emu.endpoint, '/participant/event', {
      token,
      body: { ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: JSON.stringify({ messageId: msg.Id }) },
    });
    expect(r.status).toBe(409);
  });
});

describe('attachments', () => {
  it('enforces extension, type, size and quota', async () => {
    const emu = await emulator({ maxAttachmentsPerContact: 1, maxAttachmentBytes: 100 });
    const { token } = await customer(emu);
    const start = (body: Record<string, unknown>) =>
      call(emu.endpoint, '/participant/start-attachment-upload', { token, body: { ClientToken: String(Math.random()), ...body } });
    expect((await start({ ContentType: 'application/x-msdownload', AttachmentName: 'a.exe', AttachmentSizeInBytes: 1 })).status).toBe(400);
    expect((await start({ ContentType: 'image/png', AttachmentName: 'a.pdf', AttachmentSizeInBytes: 1 })).status).toBe(400);
    expect((await start({ ContentType: 'image/png', AttachmentName: 'a.png', AttachmentSizeInBytes: 101 })).status).toBe(400);
    const ok = await start({ ContentType: 'image/png', AttachmentName: 'a.png', AttachmentSizeInBytes: 3 });
    expect(ok.status).toBe(200);
    const quota = await start({ ContentType: 'image/png', AttachmentName: 'b.png', AttachmentSizeInBytes: 3 });
    expect(quota.status).toBe(402);
    expect(quota.headers.get('x-amzn-errortype')).toMatch(/^ServiceQuotaExceededException:/);
    const meta = ok.json['UploadMetadata'] as { Url: string; HeadersToInclude: Record<string, string> };
    const wrongSize = await fetch(meta.Url, { method: 'PUT', headers: meta.HeadersToInclude, body: new Uint8Array(2) });
    expect(wrongSize.status).toBe(400);
    const noHeaders = await fetch(meta.Url, { method: 'PUT', body: new Uint8Array(3) });
    expect(noHeaders.status).toBe(400);
  });
});

describe('throttling', () => {
  it('over the per-token rate is 429 ThrottlingException; other tokens are unaffected', async () => {
    // ratePerSecond was 1: calls taking over 1 s on a loaded CI machine refilled a token before the 4th.
    const emu = await emulator({ throttle: { ratePerSecond: 0.01, burst: 3 } });
    const a = await customer(emu);
    const b = await customer(emu);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(emu.endpoint, '/participant/transcript', { token: a.token, body: {} })).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect((await call(emu.endpoint, '/participant/transcript', { token: b.token, body: {} })).status).toBe(200);
  });
});

describe('security and robustness', () => {
  it('one contact\'s token never reaches another contact', async () => {
    const emu = await emulator();
    const a = await customer(emu);
    const b = await customer(emu);
    await emu.agent(a.chat.ContactId).sendMessage('for A only');
    const page = await transcript(emu, b.token, { MaxResults: 100 });
    expect(JSON.stringify(page)).not.toContain('for A only');
  });

  it('tokens and URL keys are 256-bit random and never repeat', async () => {
    const emu = await emulator();
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { chat, grant } = await customer(emu);
      for (const secret of [chat.ParticipantToken, grant.connectionToken, grant.url.split('/').at(-1) as string]) {
        expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
        expect(seen.has(secret)).toBe(false);
        seen.add(secret);
      }
    }
  });

  it('answers bad input with the service\'s errors and keeps its state', async () => {
    const emu = await emulator({ maxRequestBytes: 1024 });
    const { chat, token } = await customer(emu);
    const cases: [string, Parameters<typeof call>[2], number, string][] = [
      ['/participant/message', { token, body: '{oops' }, 400, 'SerializationException'],
      ['/participant/message', { token, body: '[1,2]' }, 400, 'SerializationException'],
      ['/participant/message', { token, body: { ContentType: 'text/plain', Content: 'x'.repeat(2000) } }, 413, 'RequestEntityTooLargeException'],
      ['/participant/message', { body: { ContentType: 'text/plain', Content: 'x' } }, 400, 'ValidationException'],
      ['/participant/message', { token: 'forged', body: { ContentType: 'text/plain', Content: 'x' } }, 403, 'AccessDeniedException'],
      ['/participant/message', { token, body: { ContentType: 'text/plain', Content: 42 } }, 400, 'ValidationException'],
      ['/participant/nothing', { token, body: {} }, 404, 'UnknownOperationException'],
      ['/participant/connection', { token: chat.ParticipantToken, body: { Type: ['CARRIER_PIGEON'] } }, 400, 'ValidationException'],
      ['/participant/views/%E0%A4%A', { token, method: 'GET' }, 404, 'UnknownOperationException'],
    ];
    for (const [path, init, status, name] of cases) {
      const r = await call(emu.endpoint, path, init);
      expect([path, r.status]).toEqual([path, status]);
      expect(r.headers.get('x-amzn-errortype')).toBe(`${name}:http://internal.amazon.com/coral/com.amazonaws.connectparticipant/`);
      expect(typeof r.json['message']).toBe('string');
      expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await call(emu.endpoint, '/participant/message', { token, body: { ContentType: 'text/plain', Content: 'still here' } })).status).toBe(200);
  });

  it('answers CORS preflights as a public API does, and ignores Authorization', async () => {
    const emu = await emulator();
    const { token } = await customer(emu);
    const pre = await fetch(`${emu.endpoint}/participant/message`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-amz-bearer,content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-amz-bearer');
    const r = await call(emu.endpoint, '/participant/transcript', { token, body: {}, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=garbage' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-expose-headers')).toContain('x-amzn-requestid');
    // Date is not exposed by default (unknown for the service, so the harder case), only on request.
    expect(r.headers.get('access-control-expose-headers')).not.toContain('date');
    const exposing = await emulator({ exposeDateHeader: true });
    const c = await customer(exposing);
    const r2 = await call(exposing.endpoint, '/participant/transcript', { token: c.token, body: {} });
    expect(r2.headers.get('access-control-expose-headers')).toContain('date');
  });
});

describe('options', () => {
  it('refuses nonsense before listening', async () => {
    await expect(startEmulator({ connectWindowMs: -1 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ port: 70_000 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ throttle: { ratePerSecond: 0, burst: 1 } })).rejects.toThrow(RangeError);
    await expect(startEmulator({ connectionExpiry: 'forever' as never })).rejects.toThrow(RangeError);
  });

  it('closes idempotently and works with await using', async () => {
    let endpoint = '';
    {
      await using emu = await startEmulator();
      endpoint = emu.endpoint;
      expect((await fetch(`${endpoint}/emulator/health`)).status).toBe(200);
    }
    await expect(fetch(`${endpoint}/emulator/health`)).rejects.toThrow();
    const emu = await startEmulator();
    await Promise.all([emu.close(), emu.close()]);
  });
});
