import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';
import { launchChromium } from '../src/chromium.js';

/**
 * A cross-check of the emulator's streamed bot replies with the official chat library (amazon-connect-chatjs
 * 5.0.0, unchanged, pointed at the emulator by its endpoint setting) in headless Chromium: the library joins the
 * chunks of one Id itself, so the message it shows must be the whole text, in order or not.
 */
const chatjs = readFileSync(createRequire(import.meta.url).resolve('amazon-connect-chatjs/dist/amazon-connect-chat.js'), 'utf8');
const PAGE_SCRIPT = `
window.items = [];
window.startChat = (endpoint, chat) => {
  connect.ChatSession.setGlobalConfig({ region: 'us-east-1', endpoint: endpoint, loggerConfig: { level: connect.ChatSession.LogLevel.ERROR } });
  const session = connect.ChatSession.create({
    chatDetails: { contactId: chat.ContactId, participantId: chat.ParticipantId, participantToken: chat.ParticipantToken },
    options: { region: 'us-east-1' },
    type: 'CUSTOMER',
    disableCSM: true,
  });
  session.onMessage((event) => { if (event.data && event.data.Type === 'MESSAGE') window.items.push(event.data); });
  return session.connect().then(() => true);
};`;

let emulator: Emulator;
let server: Server;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  emulator = await startEmulator();
  server = createServer((req, res) => {
    if (req.url === '/chatjs.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(chatjs);
    else if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE_SCRIPT);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>chatjs</title><script src="/chatjs.js"></script><script src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await emulator?.close();
});

type Shown = { Id?: string; Content?: string; MessageMetadata?: { MessageCompleted?: boolean } };

async function chatjsCustomer() {
  page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const chat = await emulator.startChatContact({ DisplayName: 'Ada' });
  await page.evaluate(({ endpoint, chat }) => (window as unknown as { startChat(e: string, c: unknown): Promise<boolean> }).startChat(endpoint, chat), {
    endpoint: emulator.endpoint,
    chat,
  });
  // Stream only once the library's socket is subscribed, so that every chunk reaches it live.
  await expect.poll(() => emulator.sockets({ contactId: chat.ContactId }).some((s) => s.subscribed), { timeout: 10_000 }).toBe(true);
  return chat;
}

const shown = (id: string) => page.evaluate((messageId) => (window as unknown as { items: Shown[] }).items.filter((i) => i.Id === messageId), id);

describe('streamed replies as the official chat library sees them', () => {
  it('in order: the library grows the message chunk by chunk and ends with the whole text', async () => {
    const chat = await chatjsCustomer();
    const done = await emulator.streamMessage(chat.ContactId, ['Hel', 'lo, ', 'world'], { intervalMs: 50 });
    const id = done?.Id as string;
    await expect.poll(async () => (await shown(id)).at(-1)?.MessageMetadata?.MessageCompleted, { timeout: 10_000 }).toBe(true);
    expect((await shown(id)).map((i) => i.Content)).toEqual(['Hel', 'Hello, ', 'Hello, world']);
    await page.close();
  });

  it('out of order: the library skips the chunk that came early and shows the whole text once completed', async () => {
    const chat = await chatjsCustomer();
    const done = await emulator.streamMessage(chat.ContactId, 'abcdefgh', { chunks: 4, order: [1, 3, 2, 4], intervalMs: 50 });
    const id = done?.Id as string;
    await expect.poll(async () => (await shown(id)).at(-1)?.Content, { timeout: 10_000 }).toBe('abcdefgh');
    // Chunk 3 came before chunk 2: the library ignores it, joins 2 after 1, and the completed chunk 4 brings it all.
    expect((await shown(id)).map((i) => i.Content)).toEqual(['ab', 'abcd', 'abcdefgh']);
    await page.close();
  });
});
