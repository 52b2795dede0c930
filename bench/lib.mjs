/* global window -- the callback given to page.waitForFunction runs in the page */
// Shared pieces of the benchmarks: an emulator in its own process, statistics, tables, result files and the browser pages.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Starts the emulator's CLI in a child process (built package), resolving to its endpoint and a stop(). */
export function startEmulatorProcess(args = []) {
  const cli = join(dirname(require.resolve('@connect-participant/emulator/package.json')), 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--throttle-rate', '0', '--first-connection-deadline-ms', '0', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      const m = /listening on (http:\/\/[\d.:]+)/.exec(text);
      if (m) resolve({ endpoint: m[1], pid: child.pid, stop: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
}

export async function control(endpoint, path, body, method = 'POST', retried = false) {
  let res;
  try {
    res = await fetch(`${endpoint}${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) } : {}),
    });
  } catch (error) {
    // A kept-alive connection the server closed at that moment: one retry on a fresh one.
    if (retried) throw error;
    return control(endpoint, path, body, method, true);
  }
  return finish(res, path);
}

async function finish(res, path) {
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** The value below which a fraction `q` of the samples fall (linear between neighbours). */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
};

/** The middle sample, or the mean of the middle two. */
export const median = (xs) => quantile(xs, 0.5);

export const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Prints a markdown table. */
export function table(headers, rows) {
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`| ${headers.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

/** Writes bench/results/<name>.json with the date and the figures. */
export function saveResult(name, figures) {
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', `${name}.json`), `${JSON.stringify({ date: new Date().toISOString(), ...figures }, null, 2)}\n`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(probe, what, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Compares what each session delivered with its contact's transcript on the emulator: every MESSAGE item once.
 * `chats` are `{ chat: { ContactId }, delivered: string[] }`.
 */
export async function verifyDelivery(endpoint, chats) {
  let lost = 0;
  let duplicated = 0;
  for (const c of chats) {
    const contact = await control(endpoint, `/emulator/contacts/${c.chat.ContactId}`, undefined, 'GET');
    const expected = contact.transcript.filter((i) => i.Type === 'MESSAGE').map((i) => i.Id);
    const got = new Set(c.delivered);
    lost += expected.filter((id) => !got.has(id)).length;
    duplicated += c.delivered.length - got.size;
  }
  return { lost, duplicated };
}

/**
 * Debian's Chromium, headless, with this machine's flags and a fresh profile (the same launch as the
 * conformance suite's, which also installs it with apt-get when missing: run `npm test` once first).
 */
export async function launchChromium() {
  const { existsSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { chromium } = await import('playwright-core');
  if (!existsSync('/usr/bin/chromium')) throw new Error('Chromium is missing: apt-get update && apt-get install -y chromium');
  const profile = mkdtempSync(join(tmpdir(), 'cp-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Our page of the browser benchmarks (`pages/ours-entry.ts`) bundled and minified as an app would ship it, from the
 * packages' sources; `plugins` (esbuild's) may change those sources on the way.
 */
export async function buildOurPage(plugins = []) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(here, 'pages', 'ours-entry.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@connect-participant/source', 'es2015'],
    logLevel: 'silent',
    plugins,
  });
  return result.outputFiles[0].text;
}

/**
 * Main-thread script time (CDP `Performance.getMetrics` ScriptDuration), in milliseconds, that a connected page
 * spends receiving a burst of `items` agent messages on its contact. The page counts them in `window.received`.
 */
export async function burstScriptMs(page, cdp, endpoint, contactId, items) {
  const script = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value;
  const before = await script();
  await control(endpoint, `/emulator/contacts/${contactId}/agent/burst`, { count: items });
  // Polled every 50 ms rather than every animation frame, so that the harness adds little script time of its own.
  await page.waitForFunction((n) => window.received >= n, items, { timeout: 120_000, polling: 50 });
  return ((await script()) - before) * 1000;
}

/**
 * Serves the browser benchmarks' pages on 127.0.0.1: `scripts` by path (`/ours.js`), and each of `pages` (the HTML
 * of its body by name) at `/<name>`. Resolves to the origin and a close().
 */
export async function servePages(scripts, pages) {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (scripts[path]) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(scripts[path]);
    const page = pages[path.slice(1)];
    if (page) return res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>bench</title>${page}`);
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
