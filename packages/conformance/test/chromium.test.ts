import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '@connect-participant/emulator';
import { cases } from '../src/index.js';
import { launchChromium } from '../src/chromium.js';
import { conformanceEmulator, controlOf } from './emulator-fixture.js';

let emulator: Emulator;
let server: Server;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

/** The suite and transport-browser bundled for the page, from sources; a Node built-in would fail the build. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/browser-entry.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@connect-participant/source'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

beforeAll(async () => {
  emulator = await conformanceEmulator();
  const script = await bundle();
  server = createServer((req, res) => {
    if (req.url === '/suite.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>conformance</title><script type="module" src="/suite.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchChromium();
  page = await browser.context.newPage();
  const control = controlOf(emulator);
  await page.exposeFunction('conformanceControl', (path: string, body: unknown, method: 'GET' | 'POST') => control(path, body, method));
  await page.exposeFunction('conformanceSetOffline', (offline: boolean) => browser.context.setOffline(offline));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => Boolean(window.conformance));
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  await emulator?.close();
});

describe('conformance in headless Chromium: transport-browser against the emulator', () => {
  it('the page runs the same suite', async () => {
    expect(await page.evaluate(() => window.conformance.names)).toEqual(cases.map((c) => c.name));
  });

  for (const c of cases) {
    it(c.name, async () => {
      await page.evaluate(({ name, endpoint }) => window.conformance.run(name, endpoint), { name: c.name, endpoint: emulator.endpoint });
    });
  }
});
