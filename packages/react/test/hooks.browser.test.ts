import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdAfterChunk, launchChromium, servePage } from '@connect-participant/conformance/chromium';
import { startEmulator, type Emulator } from '@connect-participant/emulator';

// The hooks in a real DOM: a page (test/page) built with Vite, rendered under StrictMode in Debian's headless
// Chromium, against the emulator over real sockets. One browser, one page, for the whole file.

const root = fileURLToPath(new URL('./page/', import.meta.url));
const outDir = fileURLToPath(new URL('../dist-e2e/', import.meta.url));

let emulator: Emulator;
/** The emulator's log: one line per request and per socket opened. */
const log: string[] = [];
let server: Awaited<ReturnType<typeof servePage>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let first: { ContactId: string; ParticipantToken: string };

/** Sockets ever opened for a contact (not only those open now): a naive hook's second socket would be counted even if closed since. */
const opened = (contactId: string) => log.filter((line) => line === `ws opened contact=${contactId}` || line.startsWith(`ws opened contact=${contactId} `)).length;
const open = (contactId: string) => emulator.sockets({ contactId }).length;
const harness = <T>(call: string): Promise<T> => page.evaluate(call) as Promise<T>;

beforeAll(async () => {
  await build({
    root,
    configFile: false,
    envFile: false,
    logLevel: 'silent',
    // Workspace packages from their sources, as the other tests use them; React's development build (StrictMode's
    // double mount is a development behaviour).
    mode: 'development',
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    resolve: { conditions: ['@connect-participant/source', 'module', 'browser', 'development'] },
    build: { outDir, emptyOutDir: true, minify: false, target: 'es2022' },
  });
  server = await servePage(outDir);
  emulator = await startEmulator({ throttle: false, log: (line) => log.push(line) });
  first = await emulator.startChatContact({ DisplayName: 'You' });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => 'harness' in window);
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await emulator?.close();
});

describe('the hooks under StrictMode in headless Chromium, against the emulator', () => {
  it('makes one session and opens one socket through the double mount', async () => {
    await page.evaluate(([endpoint, token]) => (window as never as { harness: { render(e: string, t: string): void } }).harness.render(endpoint, token), [emulator.endpoint, first.ParticipantToken] as const);
    await page.locator('#state[data-state="connected"]').waitFor();
    expect(await harness<string[]>('window.harness.sessions()')).toEqual(['connected']);
    expect(open(first.ContactId)).toBe(1);
    expect(opened(first.ContactId)).toBe(1);
    expect(log.filter((line) => line === 'CreateParticipantConnection 200')).toHaveLength(1);
  });

  it('shows the agent, their typing and their messages', async () => {
    const agent = emulator.agent(first.ContactId, { DisplayName: 'Grace' });
    await agent.join();
    await page.locator('#participants li[data-presence="joined"]', { hasText: 'Grace' }).waitFor();
    await agent.typing();
    await page.locator('#typing', { hasText: 'Grace' }).waitFor();
    await agent.sendMessage('Hello! How can I help?');
    await page.locator('#messages li.other', { hasText: 'Hello! How can I help?' }).waitFor();
    // Their message ends their typing.
    await page.locator('#typing:empty').waitFor({ state: 'attached' });
  });

  it('renders a streamed reply growing in one row, then whole', async () => {
    // Held after chunk 2 until the checks are done: a 1.5 s pause could end first on a loaded CI machine.
    const hold = holdAfterChunk(2);
    const streamed = emulator.streamMessage(first.ContactId, ['Let me ', 'check ', 'your order. ', 'It ships today.'], {
      onChunk: hold.onChunk,
      DisplayName: 'Bot',
    });
    try {
      const growing = page.locator('#messages li[data-streaming="yes"]', { hasText: 'Let me check' });
      await growing.waitFor();
      expect(await growing.textContent()).toBe('Let me check ');
    } finally {
      hold.release();
    }
    await streamed;
    await page.locator('#messages li[data-streaming="no"]', { hasText: 'Let me check your order. It ships today.' }).waitFor();
    expect(await page.locator('#messages li', { hasText: 'Let me' }).count()).toBe(1);
  });

  it('shows a sent message pending, then sent; a send that fails for good as failed, then retried or discarded', async () => {
    // Was 1.5 s, too tight for a loaded CI machine: both pending checks must land before the answer.
    emulator.faults.delay('SendMessage', 5_000, 1);
    await page.fill('#text', 'Where is my order?');
    await page.click('button[type="submit"]');
    await page.locator('#messages li.own[data-status="pending"]', { hasText: 'Where is my order?' }).waitFor();
    await page.locator('#unsent[data-pending="1"]').waitFor({ state: 'attached' });
    await page.locator('#messages li.own[data-status="sent"]', { hasText: 'Where is my order?' }).waitFor();
    await page.locator('#unsent[data-pending="0"]').waitFor({ state: 'attached' });
    expect(emulator.contact(first.ContactId).transcript.filter((i) => i.Content === 'Where is my order?')).toHaveLength(1);

    emulator.faults.failNext('SendMessage', 1, { name: 'ValidationException', status: 400 });
    await page.fill('#text', 'This one is refused');
    await page.click('button[type="submit"]');
    await page.locator('#messages li.own[data-status="failed"]', { hasText: 'This one is refused' }).waitFor();
    await page.locator('#unsent[data-failed="1"]', { hasText: 'ValidationException' }).waitFor();

    // Retried, with the ClientToken it had: pending, then sent, once. Another refused one, discarded, is gone.
    await page.locator('#messages li.own[data-status="failed"] .retry').click();
    await page.locator('#messages li.own[data-status="sent"]', { hasText: 'This one is refused' }).waitFor();
    await page.locator('#unsent[data-failed="0"]').waitFor({ state: 'attached' });
    expect(emulator.contact(first.ContactId).transcript.filter((i) => i.Content === 'This one is refused')).toHaveLength(1);
    emulator.faults.failNext('SendMessage', 1, { name: 'ValidationException', status: 400 });
    await page.fill('#text', 'This one is dropped');
    await page.click('button[type="submit"]');
    await page.locator('#messages li.own[data-status="failed"] .discard').click();
    await page.locator('#unsent[data-failed="0"]').waitFor({ state: 'attached' });
    expect(await page.locator('#messages li', { hasText: 'This one is dropped' }).count()).toBe(0);
  });

  it('closes the session and makes a new one when its deps change (another chat)', async () => {
    const second = await emulator.startChatContact({ DisplayName: 'You again' });
    await page.evaluate(([endpoint, token]) => (window as never as { harness: { render(e: string, t: string): void } }).harness.render(endpoint, token), [emulator.endpoint, second.ParticipantToken] as const);
    await expect.poll(() => harness<string[]>('window.harness.sessions()')).toEqual(['closed', 'connected']);
    await expect.poll(() => open(first.ContactId)).toBe(0);
    expect(open(second.ContactId)).toBe(1);
    expect(opened(second.ContactId)).toBe(1);
    // The old chat's conversation is gone with it: the new session's view is shown.
    await page.locator('#messages li', { hasText: 'Hello! How can I help?' }).waitFor({ state: 'detached' });
  });

  it('closes the session on unmount: no socket is left', async () => {
    await page.evaluate(() => (window as never as { harness: { unmount(): void } }).harness.unmount());
    await expect.poll(() => harness<string[]>('window.harness.sessions()')).toEqual(['closed', 'closed']);
    await expect.poll(() => emulator.sockets().length).toBe(0);
    expect(log.filter((line) => line.startsWith('ws opened'))).toHaveLength(2);
  });
});
