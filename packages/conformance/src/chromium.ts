import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, installed with apt-get when missing (CI runs as root on a fresh machine). Never a browser
 * downloaded by a test tool. Fails with a clear message when it cannot be had.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  try {
    // Two test files may get here at once: wait for apt's lock rather than fail on it.
    const wait = ['-o', 'DPkg::Lock::Timeout=600'];
    execFileSync('apt-get', [...wait, 'update'], { stdio: 'ignore', timeout: 300_000 });
    if (!existsSync(CHROMIUM)) {
      execFileSync('apt-get', [...wait, 'install', '-y', 'chromium'], {
        stdio: 'ignore',
        timeout: 600_000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    }
  } catch (error) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM} and could not be installed with "apt-get update && apt-get install -y chromium" ` +
        `(${(error as Error).message}). Install Debian's chromium package and run the tests again.`,
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} does not exist`);
  return CHROMIUM;
}

/** Headless Chromium with the flags this machine needs and a fresh profile, removed on close. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'cp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/**
 * The file of a built page a request path names (`/` is `index.html`, a query ignored) and its content type; none
 * for a path that leads out of `dir`.
 */
export function pageFile(dir: string, urlPath: string): { readonly file: string; readonly type: string } | undefined {
  const path = urlPath.split('?')[0] as string;
  const file = normalize(join(dir, path === '/' ? 'index.html' : path));
  if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return undefined;
  return { file, type: TYPES[extname(file)] ?? 'text/html' };
}

/** A built page's folder served on 127.0.0.1 (a free port) for a browser test: its origin, and what stops it. */
export async function servePage(dir: string): Promise<{ readonly origin: string; close(): void }> {
  const server = createServer((req, res) => {
    const page = pageFile(dir, req.url ?? '/');
    if (!page) return void res.writeHead(404).end();
    readFile(page.file).then(
      (body) => res.writeHead(200, { 'content-type': page.type }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => void server.close() };
}

/**
 * An `onChunk` for the emulator's `streamMessage` that holds the stream after the chunk at `position` until
 * `release()`: a browser test looks at the half-grown reply for as long as it needs (a timed pause can end first on
 * a loaded machine). Release it in a `finally`, so that a failed check never leaves the stream waiting.
 */
export function holdAfterChunk(position: number): { onChunk(item: unknown, at: number): Promise<void> | undefined; release(): void } {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { onChunk: (_item, at) => (at === position ? gate : undefined), release: () => release() };
}
