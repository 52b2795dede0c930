import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pageFile } from '@connect-participant/conformance/chromium';
import { startEmulator, type Emulator } from '@connect-participant/emulator';

const root = fileURLToPath(new URL('..', import.meta.url));
// Its own build folder: the other e2e file builds the page at the same time and empties its folder first.
const outDir = mkdtempSync(join(tmpdir(), 'cp-offline-reload-'));
// Nothing listens here: every request to the page's origin is answered by the route below, from the build on disk.
const ORIGIN = 'http://127.0.0.1:4173';

let emulator: Emulator;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let contactId: string;

/**
 * Chromium's offline emulation fails every request, the page's own document included: a page that reloads while
 * offline gets its files from a service worker or its cache. The route plays that part, online and offline alike.
 * A document answered by a route has no network address, so Chromium's Local Network Access checks would block its
 * calls to the emulator on 127.0.0.1 (the page loaded from the server itself is on loopback and is let through):
 * the permission lets them through once the network is back.
 */
async function servePageFromDisk(target: BrowserContext): Promise<void> {
  await target.grantPermissions(['local-network-access']);
  await target.route(`${ORIGIN}/**`, async (route) => {
    const page = pageFile(outDir, new URL(route.request().url()).pathname);
    if (!page) return route.fulfill({ status: 404 });
    try {
      await route.fulfill({ status: 200, contentType: page.type, body: await readFile(page.file) });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
}

beforeAll(async () => {
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  emulator = await startEmulator({ throttle: false });
  const chat = await emulator.startChatContact({ DisplayName: 'You' });
  contactId = chat.ContactId;
  browser = await launchChromium();
  context = browser.context;
  await servePageFromDisk(context);
  page = await context.newPage();
  await page.goto(`${ORIGIN}/?endpoint=${encodeURIComponent(emulator.endpoint)}&token=${encodeURIComponent(chat.ParticipantToken)}`);
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  rmSync(outDir, { recursive: true, force: true });
});

const agentSays = (text: string) => emulator.agent(contactId, { DisplayName: 'Grace (agent)' }).sendMessage(text);
const customerMessages = () =>
  emulator
    .contact(contactId)
    .transcript.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER')
    .map((i) => i.Content);
/** How many message elements show `text` (the element's text also holds the sender's name and the ticks). */
const shownCount = (text: string) => page.locator('#messages li.customer, #messages li.other').filter({ hasText: text }).count();

describe('the web chat page offline, reloaded while offline, then online again', () => {
  it('sends what was typed offline once each, in order, and shows what the agent sent meanwhile once each', async () => {
    await page.locator('#state[data-state="connected"]').waitFor();
    await agentSays('Hello! How can I help?');
    await page.getByText('Hello! How can I help?').waitFor();

    // The outage: the browser reports it (navigator.onLine false, an `offline` event) and fails every request and
    // every new websocket. A socket already open stays open under Chromium's emulation (frames to the page are held
    // until it is lifted): the emulator drops it, as a real outage would.
    await context.setOffline(true);
    expect(emulator.faults.dropSockets({ contactId }, 1006)).toBe(1);
    await page.locator('#state:not([data-state="connected"])').waitFor();
    await agentSays('Sent during the outage, before your reload.');

    const typed = ['First, typed offline.', 'Second, typed offline.', 'Third, typed offline.'];
    for (const text of typed) {
      await page.fill('#text', text);
      await page.click('button[type="submit"]');
      await page.locator('#messages li.customer.pending', { hasText: text }).waitFor();
    }
    expect(await page.locator('#messages li.customer.pending').count()).toBe(3);

    // The reload, still offline: the page's files come from the route, its chat from sessionStorage.
    await Promise.all([page.reload(), agentSays('Sent while your page was reloading.')]);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await agentSays('Sent during the outage, after your reload.');
    // The outbox came back from the store, in the order typed, still waiting for the network.
    await expect.poll(() => page.locator('#messages li.customer.pending').allTextContents()).toEqual(typed.map((t) => expect.stringContaining(t)));
    expect(customerMessages()).toEqual([]);

    await context.setOffline(false);
    await page.locator('#state[data-state="connected"]').waitFor();
    const duringOutage = ['Sent during the outage, before your reload.', 'Sent while your page was reloading.', 'Sent during the outage, after your reload.'];
    for (const text of duringOutage) await page.getByText(text).waitFor();
    for (const text of typed) await page.locator('#messages li.customer:not(.pending)', { hasText: text }).locator('.ticks', { hasText: '✓' }).waitFor();
    await expect.poll(customerMessages).toEqual(typed);

    // Whatever was still on its way (a send made twice, an item delivered again) is in by the time a later message
    // has made the whole trip to the page.
    await agentSays('All caught up.');
    await page.getByText('All caught up.').waitFor();
    expect(customerMessages()).toEqual(typed);
    for (const text of [...typed, 'Hello! How can I help?', ...duringOutage]) expect(await shownCount(text), text).toBe(1);
    expect(await page.locator('#messages li.customer.pending, #messages li.customer.failed').count()).toBe(0);
    const ids = (await page.locator('#messages li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset['id']))).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    // The customer's messages in the order typed, on the page as in the transcript.
    const own = await page.locator('#messages li.customer').allTextContents();
    expect(own.map((t) => typed.findIndex((m) => t.includes(m)))).toEqual([0, 1, 2]);
  });
});
