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
  // A development build: the page runs under StrictMode, whose double mount only happens in React's development build.
  await build({ root, mode: 'development', logLevel: 'silent', build: { outDir, emptyOutDir: true, minify: false } });
  server = await servePage(outDir);
  emulator = await startEmulator({ throttle: false });
  const chat = await emulator.startChatContact({ DisplayName: 'You' });
  contactId = chat.ContactId;
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 640, height: 560 });
  await page.goto(`${server.origin}/?endpoint=${encodeURIComponent(emulator.endpoint)}&token=${encodeURIComponent(chat.ParticipantToken)}`);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await emulator?.close();
});

describe('the React chat in headless Chromium, under StrictMode', () => {
  it('connects with one socket, receives, sends (pending, then sent), and shows a streamed reply growing', async () => {
    await page.locator('header[data-state="connected"]').waitFor();
    expect(emulator.sockets({ contactId })).toHaveLength(1);
    const agent = emulator.agent(contactId, { DisplayName: 'Grace (agent)' });
    await agent.sendMessage('Hello! How can I help?');
    await page.getByText('Hello! How can I help?').waitFor();

    // Was 1 s, too tight for a loaded CI machine: the pending check must land before the answer.
    emulator.faults.delay('SendMessage', 5_000, 1);
    await page.fill('input', 'My order has not arrived.');
    await page.click('button');
    await page.locator('li.own[data-status="pending"]', { hasText: 'My order has not arrived.' }).waitFor();
    await page.locator('li.own[data-status="sent"]', { hasText: 'My order has not arrived.' }).waitFor();

    await agent.typing();
    await page.getByText('Grace (agent) is typing…').waitFor();
    // Held after chunk 2 until the screenshot is taken: a 2 s pause could end first on a loaded CI machine.
    const hold = holdAfterChunk(2);
    const streamed = emulator.streamMessage(contactId, ['Let me ', 'check: ', 'it ships ', 'today.'], {
      onChunk: hold.onChunk,
      DisplayName: 'Order bot',
    });
    try {
      await page.locator('li[data-streaming="true"]', { hasText: 'Let me check:' }).waitFor();
      // The README's screenshot: a sent message with its status, and a streamed reply caught as it grows.
      await page.screenshot({ path: join(root, 'screenshot.png') });
    } finally {
      hold.release();
    }
    await streamed;
    await page.locator('li[data-streaming="false"]', { hasText: 'Let me check: it ships today.' }).waitFor();
    expect(await page.locator('li', { hasText: 'Let me' }).count()).toBe(1);
    expect(emulator.sockets({ contactId })).toHaveLength(1);
  });
});
