import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdAfterChunk, launchChromium, servePage } from '@connect-participant/conformance/chromium';
import { startEmulator, type Emulator } from '@connect-participant/emulator';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist-e2e');

let emulator: Emulator;
let server: Awaited<ReturnType<typeof servePage>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let contactId: string;

beforeAll(async () => {
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  server = await servePage(outDir);
  emulator = await startEmulator({ throttle: false });
  const chat = await emulator.startChatContact({ DisplayName: 'You' });
  contactId = chat.ContactId;
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 700 });
  const url = `${server.origin}/?endpoint=${encodeURIComponent(emulator.endpoint)}&token=${encodeURIComponent(chat.ParticipantToken)}`;
  await page.goto(url);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await emulator?.close();
});

const agentSays = (text: string) => emulator.agent(contactId, { DisplayName: 'Grace (agent)' }).sendMessage(text);

describe('the web chat page in headless Chromium', () => {
  it('connects, receives, and sends', async () => {
    await page.locator('#state[data-state="connected"]').waitFor();
    await agentSays('Hello! How can I help?');
    await page.getByText('Hello! How can I help?').waitFor();
    await page.fill('#text', 'My order has not arrived.');
    await page.click('button[type="submit"]');
    await page.locator('#messages li.customer', { hasText: 'My order has not arrived.' }).waitFor();
    const sent = emulator.contact(contactId).transcript.find((i) => i.Content === 'My order has not arrived.');
    expect(sent?.ParticipantRole).toBe('CUSTOMER');
    // The page's own message carries its status from the conversation view: sent once the service answered.
    await page.locator('#messages li.customer .ticks', { hasText: '✓' }).waitFor();
  });

  it('shows a streamed bot reply growing in place, then whole', async () => {
    // Held after chunk 2 until the check is done: a 1.5 s pause could end first on a loaded CI machine.
    const hold = holdAfterChunk(2);
    const streamed = emulator.streamMessage(contactId, ['Let me ', 'check ', 'your order. ', 'It ships today.'], {
      onChunk: hold.onChunk,
      DisplayName: 'Order bot',
    });
    try {
      const growing = page.locator('#messages li.streaming', { hasText: 'Let me check' });
      await growing.waitFor();
      expect(await growing.textContent()).not.toContain('your order');
    } finally {
      hold.release();
    }
    await streamed;
    await page.locator('#messages li:not(.streaming)', { hasText: 'Let me check your order. It ships today.' }).waitFor();
    // One element throughout: the chunks were merged into one entry, not shown as four messages.
    expect(await page.locator('#messages li', { hasText: 'Let me' }).count()).toBe(1);
  });

  it('shows typing and read receipts', async () => {
    await emulator.agent(contactId).typing();
    await page.locator('#typing:not([hidden])').waitFor();
    const sent = emulator.contact(contactId).transcript.find((i) => i.Content === 'My order has not arrived.');
    await emulator.agent(contactId).delivered(sent?.Id as string);
    await page.locator('#messages li.customer .ticks', { hasText: /^✓✓$/ }).waitFor();
    await emulator.agent(contactId).read(sent?.Id as string);
    await page.locator('#messages li.customer .ticks', { hasText: 'read' }).waitFor();
  });

  it('survives a forced socket drop and shows what was sent meanwhile', async () => {
    emulator.faults.delay('CreateParticipantConnection', 500, 1);
    expect(emulator.faults.dropSockets({ contactId }, 1006)).toBe(1);
    await agentSays('Sent while your connection was down.');
    await page.getByText('Sent while your connection was down.').waitFor({ timeout: 15_000 });
    await page.locator('#state[data-state="connected"]').waitFor();
    await expect.poll(() => page.textContent('#events')).toContain('1 connection loss(es), recovered');
    await agentSays('I found your order: it arrives tomorrow.');
    await page.getByText('it arrives tomorrow').waitFor();
    // The README's screenshot: statuses on the customer's messages, and a streamed reply caught as it grows.
    await page.fill('#text', 'Can I change the address?');
    await page.click('button[type="submit"]');
    await page.locator('#messages li.customer .ticks', { hasText: /^✓$/ }).waitFor();
    // Held after chunk 2 until the screenshot is taken: a 2 s pause could end first on a loaded CI machine.
    const hold = holdAfterChunk(2);
    const chunks = ['Yes: ', 'open the link ', 'in your confirmation email ', 'and choose a new address.'];
    const streamed = emulator.streamMessage(contactId, chunks, { onChunk: hold.onChunk, DisplayName: 'Order bot' });
    try {
      await page.locator('#messages li.streaming', { hasText: 'Yes: open the link' }).waitFor();
      await page.screenshot({ path: join(root, 'screenshot.png') });
    } finally {
      hold.release();
    }
    await streamed;
  });
});
