import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';
import { launchChromium } from '../src/chromium.js';

/**
 * The emulator's console end to end in headless Chromium: a customer session on one page (plain fetch and
 * WebSocket, as any web client), the console on another; what the console sends reaches the customer, and what
 * the customer sends shows in the console.
 */
const CUSTOMER_PAGE = `<!doctype html><title>customer</title><script type="module">
window.customer = {
  items: [],
  async start(endpoint, participantToken) {
    const res = await fetch(endpoint + '/participant/connection', {
      method: 'POST',
      headers: { 'x-amz-bearer': participantToken, 'content-type': 'application/json' },
      body: JSON.stringify({ Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }),
    });
    const grant = await res.json();
    this.endpoint = endpoint;
    this.token = grant.ConnectionCredentials.ConnectionToken;
    await new Promise((resolve, reject) => {
      const ws = new WebSocket(grant.Websocket.Url);
      ws.onopen = () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
      ws.onerror = () => reject(new Error('socket failed'));
      ws.onmessage = (event) => {
        const frame = JSON.parse(event.data);
        if (frame.topic === 'aws/subscribe') resolve();
        if (frame.topic === 'aws/chat') this.items.push(JSON.parse(frame.content));
      };
    });
  },
  async send(text) {
    const res = await fetch(this.endpoint + '/participant/message', {
      method: 'POST',
      headers: { 'x-amz-bearer': this.token, 'content-type': 'application/json' },
      body: JSON.stringify({ ContentType: 'text/plain', Content: text }),
    });
    if (!res.ok) throw new Error('SendMessage ' + res.status);
  },
};
</script>`;

let emulator: Emulator;
let server: Server;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let customerPage: Page;
let consolePage: Page;

beforeAll(async () => {
  emulator = await startEmulator();
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(CUSTOMER_PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  customerPage = await browser.context.newPage();
  consolePage = await browser.context.newPage();
  await customerPage.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await customerPage.waitForFunction(() => Boolean((window as unknown as { customer?: unknown }).customer));
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await emulator?.close();
});

type CustomerWindow = { customer: { items: { Content?: string; MessageMetadata?: { MessageCompleted?: boolean } }[]; start(e: string, t: string): Promise<void>; send(t: string): Promise<void> } };

describe('the emulator console in headless Chromium', () => {
  it('a message typed in the console reaches the customer, and the customer\'s reply shows in the console', async () => {
    const chat = await emulator.startChatContact({ DisplayName: 'Ada' });
    await customerPage.evaluate(({ endpoint, token }) => (window as unknown as CustomerWindow).customer.start(endpoint, token), {
      endpoint: emulator.endpoint,
      token: chat.ParticipantToken,
    });

    await consolePage.goto(`${emulator.endpoint}/emulator/console`);
    await expect.poll(() => consolePage.locator('#security-note').textContent()).toContain('No authentication beyond the bind address');
    const entry = consolePage.locator(`#contacts li[data-contact-id="${chat.ContactId}"]`);
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Ada');
    await entry.click();
    await consolePage.locator('#message:not([disabled])').waitFor();

    await consolePage.fill('#message', 'Hello from the console');
    await consolePage.click('#send');
    await customerPage.waitForFunction(() => (window as unknown as CustomerWindow).customer.items.some((i) => i.Content === 'Hello from the console'));

    await customerPage.evaluate(() => (window as unknown as CustomerWindow).customer.send('Thanks, console!'));
    await consolePage.locator('#transcript li.CUSTOMER', { hasText: 'Thanks, console!' }).waitFor();

    // A streamed bot reply from the composer reaches the customer as chunks, completed with the whole text.
    await consolePage.selectOption('#mode', 'stream');
    await consolePage.fill('#chunks', '3');
    await consolePage.fill('#message', 'A streamed answer');
    await consolePage.click('#send');
    await customerPage.waitForFunction(() =>
      (window as unknown as CustomerWindow).customer.items.some((i) => i.MessageMetadata?.MessageCompleted === true && i.Content === 'A streamed answer'),
    );
    await consolePage.locator('#transcript li.SYSTEM', { hasText: 'A streamed answer' }).waitFor();

    // The read receipt for the customer's message, and the end of the chat, from the console's buttons.
    await consolePage.click('#read-button');
    await expect.poll(() => emulator.contact(chat.ContactId).transcript.find((i) => i.Content === 'Thanks, console!')?.MessageMetadata?.Receipts?.length).toBe(1);
    await consolePage.click('#end-button');
    await customerPage.waitForFunction(() =>
      (window as unknown as CustomerWindow).customer.items.some((i) => (i as { ContentType?: string }).ContentType === 'application/vnd.amazonaws.connect.event.chat.ended'),
    );
    await consolePage.locator('#chat-state', { hasText: 'ended' }).waitFor();
  });
});
