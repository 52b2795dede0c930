import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';
import {
  AccessDeniedException,
  ResourceNotFoundException,
  SessionClosedError,
  ValidationException,
  connectParticipant,
  createReceiptSender,
  createTypingSender,
  messageReceipts$,
  paginateTranscript,
  sendAttachment,
  sendAttachment$,
  typists$,
  type AttachmentProgress,
  type FetchLike,
  type Item,
  type MessageReceipt,
  type ParticipantSession,
  type Typist,
} from '@connect-participant/transport-node';

let emu: Emulator;
const sessions: ParticipantSession[] = [];
beforeAll(async () => {
  emu = await startEmulator({ throttle: false });
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});
afterAll(() => emu.close());

const until = async (probe: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function connected(options: { fetch?: FetchLike } = {}) {
  const chat = await emu.startChatContact({ DisplayName: 'Ada' });
  const session = connectParticipant({
    participantToken: chat.ParticipantToken,
    endpoint: emu.endpoint,
    ...(options.fetch ? { transport: { fetch: options.fetch } } : {}),
  });
  sessions.push(session);
  const items: Item[] = [];
  session.messages$.subscribe((i) => items.push(i));
  await until(() => session.state.status === 'connected');
  return { chat, session, items };
}

describe('session calls use the current ConnectionToken', () => {
  it('sendMessage, sendEvent, getTranscript', async () => {
    const { session, items } = await connected();
    const sent = await session.sendMessage({ ContentType: 'text/plain', Content: 'hi' });
    await session.sendEvent({ ContentType: 'application/vnd.amazonaws.connect.event.typing' });
    await until(() => items.some((i) => i.Id === sent.Id));
    const page = await session.getTranscript({ SortOrder: 'ASCENDING', MaxResults: 100 });
    expect(page.Transcript?.map((i) => i.Content).filter(Boolean)).toEqual(['hi']);
  });

  it('a retried send carries one generated ClientToken and is delivered once', async () => {
    const bodies: string[] = [];
    const spy: FetchLike = (url, init) => {
      if (url.endsWith('/participant/message')) bodies.push(String(init.body));
      return fetch(url, init);
    };
    const { chat, session } = await connected({ fetch: spy });
    emu.faults.failNext('SendMessage', 1, { name: 'InternalServerException', status: 500 });
    await session.sendMessage({ ContentType: 'text/plain', Content: 'exactly once' });
    expect(bodies).toHaveLength(2);
    const tokens = bodies.map((b) => (JSON.parse(b) as { ClientToken: string }).ClientToken);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
    expect(emu.contact(chat.ContactId).transcript.filter((i) => i.Content === 'exactly once')).toHaveLength(1);
  });

  it('describeView, getAuthenticationUrl, cancelParticipantAuthentication, and their errors', async () => {
    const { chat, session } = await connected();
    emu.defineView('vt', { Id: 'v1', Name: 'Form', Content: { Template: '{}', Actions: ['Submit'] } });
    expect((await session.describeView({ ViewToken: 'vt' })).View?.Name).toBe('Form');
    await expect(session.describeView({ ViewToken: 'missing' })).rejects.toBeInstanceOf(ResourceNotFoundException);
    const SessionId = await emu.initiateAuthentication(chat.ContactId);
    const url = await session.getAuthenticationUrl({ SessionId, RedirectUri: 'https://example.com/back' });
    expect(url.AuthenticationUrl).toContain(SessionId);
    await session.cancelParticipantAuthentication({ SessionId });
    await expect(session.getAuthenticationUrl({ SessionId: 'x'.repeat(35), RedirectUri: 'r' })).rejects.toBeInstanceOf(ValidationException);
  });

  it('sendAttachment: limits before upload, progress, then getAttachment gives a working download URL', async () => {
    const calls: string[] = [];
    const spy: FetchLike = (url, init) => {
      // The attachment's calls only: the session's own reads (its history, a gap) may come at any moment.
      if (url.includes('attachment')) calls.push(`${init.method} ${url.replace(emu.endpoint, '')}`);
      return fetch(url, init);
    };
    const { session, items } = await connected({ fetch: spy });
    calls.length = 0;
    const bytes = new TextEncoder().encode('name,score\nAda,10\n');
    // What the model constrains (an empty file) is refused before any I/O …
    await expect(sendAttachment(session, new Uint8Array(0), { name: 'a.csv', contentType: 'text/csv' })).rejects.toBeInstanceOf(ValidationException);
    expect(calls).toEqual([]);
    // … an extension the instance does not accept is the service's to refuse (the emulator plays it), not the client's.
    await expect(sendAttachment(session, bytes, { name: 'virus.exe', contentType: 'application/octet-stream' })).rejects.toBeInstanceOf(ValidationException);
    expect(calls).toEqual(['POST /participant/start-attachment-upload']);
    calls.length = 0;
    const phases: AttachmentProgress[] = [];
    await new Promise<void>((resolve, reject) =>
      sendAttachment$(session, new Blob([bytes], { type: 'text/csv' }), { name: 'scores.csv' }).subscribe({ next: (p) => phases.push(p), error: reject, complete: resolve }),
    );
    expect(phases.map((p) => p.phase)).toEqual(['starting', 'uploading', 'uploading', 'completing', 'done']);
    const done = phases.at(-1) as { AttachmentId: string };
    await until(() => items.some((i) => i.Type === 'ATTACHMENT'));
    const { Url } = await session.getAttachment({ AttachmentId: done.AttachmentId });
    expect(new Uint8Array(await (await fetch(Url as string)).arrayBuffer())).toEqual(bytes);
  });

  it('disconnect(): DisconnectParticipant, the chat-ended item, then closed; later calls are refused', async () => {
    const { session, items } = await connected();
    await session.disconnect();
    expect(items.at(-1)?.ContentType).toBe('application/vnd.amazonaws.connect.event.chat.ended');
    expect(session.state).toEqual({ status: 'ended', reason: 'chat-ended' });
    await expect(session.sendMessage({ ContentType: 'text/plain', Content: 'late' })).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('a call with a token the service refuses rejects with AccessDeniedException', async () => {
    const { chat, session } = await connected();
    await emu.endChat(chat.ContactId);
    await until(() => session.state.status === 'ended');
    const { ParticipantClient } = await import('@connect-participant/transport-node');
    const client = new ParticipantClient({ endpoint: emu.endpoint, maxAttempts: 1 });
    await expect(client.createParticipantConnection({ ParticipantToken: chat.ParticipantToken })).rejects.toBeInstanceOf(AccessDeniedException);
  });
});

describe('transcripts', () => {
  it('transcript$ holds history and live items together, ordered, without duplicates', async () => {
    const chat = await emu.startChatContact();
    const agent = emu.agent(chat.ContactId);
    for (const text of ['one', 'two', 'three']) {
      await agent.sendMessage(text);
      await new Promise((r) => setTimeout(r, 5)); // distinct AbsoluteTimes: within one millisecond the order is by Id
    }
    const session = connectParticipant({ participantToken: chat.ParticipantToken, endpoint: emu.endpoint });
    sessions.push(session);
    let transcript: readonly Item[] = [];
    session.transcript$.subscribe((t) => (transcript = t));
    await until(() => session.state.status === 'connected');
    await agent.sendMessage('four');
    await until(() => transcript.filter((i) => i.Type === 'MESSAGE').length === 4);
    expect(transcript.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content)).toEqual(['one', 'two', 'three', 'four']);
    expect(new Set(transcript.map((i) => i.Id)).size).toBe(transcript.length);
  });

  it('paginateTranscript walks every page', async () => {
    const { chat, session } = await connected();
    for (let i = 0; i < 5; i++) await emu.agent(chat.ContactId).sendMessage(`m${i}`);
    const pages: number[] = [];
    for await (const page of paginateTranscript(session, { MaxResults: 2, SortOrder: 'ASCENDING' })) pages.push(page.Transcript?.length ?? 0);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(emu.contact(chat.ContactId).transcript.length);
  });
});

describe('chat helpers', () => {
  it('typists$ shows who is typing until their message or the timeout', async () => {
    const { chat, session } = await connected();
    const seen: (readonly Typist[])[] = [];
    session.connection$.subscribe(() => undefined);
    typists$(session, { timeoutMs: 300 }).subscribe((t) => seen.push(t));
    const agent = emu.agent(chat.ContactId);
    await agent.typing();
    await until(() => (seen.at(-1)?.length ?? 0) === 1);
    expect(seen.at(-1)?.[0]?.ParticipantRole).toBe('AGENT');
    await agent.sendMessage('done typing');
    await until(() => seen.at(-1)?.length === 0);
    await agent.typing();
    await until(() => (seen.at(-1)?.length ?? 0) === 1);
    await until(() => seen.at(-1)?.length === 0, 2000); // cleared by the timeout
  });

  it('createTypingSender sends at most one typing event per window', async () => {
    const { session, items } = await connected();
    const sender = createTypingSender(session, { throttleMs: 10_000 });
    const results = await Promise.all([sender.typing(), sender.typing(), sender.typing()]);
    expect(results).toEqual([true, false, false]);
    await until(() => items.some((i) => i.ContentType?.endsWith('typing')));
    await new Promise((r) => setTimeout(r, 200));
    expect(items.filter((i) => i.ContentType?.endsWith('typing'))).toHaveLength(1);
  });

  it('createReceiptSender acknowledges once, read covering delivered, and never after the chat ended', async () => {
    const { chat, session } = await connected();
    const agent = emu.agent(chat.ContactId);
    const m1 = await agent.sendMessage('first');
    const receipts = createReceiptSender(session, { throttleMs: 200 });
    receipts.delivered(m1.Id as string);
    receipts.delivered(m1.Id as string);
    receipts.read(m1.Id as string);
    await new Promise((r) => setTimeout(r, 400));
    const recorded = () => emu.contact(chat.ContactId).transcript.find((i) => i.Id === m1.Id)?.MessageMetadata?.Receipts ?? [];
    await until(() => recorded().some((r) => r.ReadTimestamp));
    expect(recorded().filter((r) => r.DeliveredTimestamp)).toHaveLength(1);
    expect(recorded().filter((r) => r.ReadTimestamp)).toHaveLength(1);
    await emu.endChat(chat.ContactId);
    await until(() => session.state.status === 'ended');
    receipts.read('anything');
    receipts.flush();
    expect(recorded()).toHaveLength(2);
  });

  it('messageReceipts$ shows the receipts of each message', async () => {
    const { chat, session } = await connected();
    let latest: ReadonlyMap<string, MessageReceipt> = new Map();
    messageReceipts$(session).subscribe((m) => (latest = m));
    const sent = await session.sendMessage({ ContentType: 'text/plain', Content: 'read me' });
    await emu.agent(chat.ContactId).delivered(sent.Id as string);
    await until(() => latest.get(sent.Id as string)?.delivered === true);
    expect(latest.get(sent.Id as string)?.read).toBe(false);
    await emu.agent(chat.ContactId).read(sent.Id as string);
    await until(() => latest.get(sent.Id as string)?.read === true);
  });
});
