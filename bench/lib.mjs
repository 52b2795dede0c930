/* global window -- the callbacks given to page.waitForFunction and page.evaluate run in the page */
// Shared pieces of the benchmarks: an emulator in its own process, statistics, tables, result files and the browser pages.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The middle half of the samples as text ("12–15"), so that a reader sees how far one run can move a median. */
export const middleHalf = (xs, digits = 0) => `${fmt(quantile(xs, 0.25), digits)}–${fmt(quantile(xs, 0.75), digits)}`;

/**
 * The median of the ratios `xs[i] / ys[i]` taken within each round. The pages of one round load within seconds of
 * each other, so the machine's slower and faster stretches move both sides of a ratio together.
 */
export const pairedMedian = (xs, ys) => median(xs.map((x, i) => x / ys[i]));

/**
 * The order of the pages in a round: each round starts with a different page, so that no page always follows
 * another one's teardown (a closing renderer takes CPU for a moment on two cores).
 */
export function roundOrder(names, round) {
  const shift = ((round % names.length) + names.length) % names.length;
  return [...names.slice(shift), ...names.slice(0, shift)];
}

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

const chromiumOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

async function chromiumType() {
  const { existsSync } = await import('node:fs');
  if (!existsSync(chromiumOptions.executablePath)) throw new Error('Chromium is missing: apt-get update && apt-get install -y chromium');
  return (await import('playwright-core')).chromium;
}

/**
 * Debian's Chromium, headless, with this machine's flags and a fresh profile (the same launch as the
 * conformance suite's, which also installs it with apt-get when missing: run `npm test` once first).
 */
export async function launchChromium() {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const chromium = await chromiumType();
  const profile = mkdtempSync(join(tmpdir(), 'cp-bench-'));
  const context = await chromium.launchPersistentContext(profile, chromiumOptions);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The same Chromium for pages that each start cold: every context of `browser.newContext()` has its own empty
 * memory cache, HTTP cache, code cache and renderer processes, and keeps nothing from the contexts before it.
 */
export async function launchColdChromium() {
  const chromium = await chromiumType();
  const browser = await chromium.launch(chromiumOptions);
  return { browser, close: () => browser.close() };
}

/**
 * One page loaded cold, for a first connect: a new context of `chromium` (from {@link launchColdChromium}), given
 * half a second to settle (making a context and its first page keeps the browser busy for a while), navigated to
 * `url`, then left alone for a second while it connects: nothing of the harness runs in the page meanwhile
 * (waitForFunction would inject and compile playwright's own script there, on the same main thread). `before(context,
 * page)` runs before the navigation and returns what runs after that second (a profiler's stop, say). Resolves to
 * what that returns and what `read` (run in the page once its `window.connectedMs` is set) returns, together.
 */
export async function loadCold(chromium, url, { before = async () => async () => ({}), read = () => ({}) } = {}) {
  const context = await chromium.browser.newContext();
  const page = new URL(url).pathname;
  try {
    const tab = await context.newPage();
    await sleep(500);
    const after = await before(context, tab);
    await tab.goto(url);
    await sleep(1_000);
    const extra = await after();
    for (let tries = 0; ; tries++) {
      const state = await tab.evaluate(() => ({ connected: window.connectedMs !== undefined, error: window.connectError }));
      if (state.error) throw new Error(`${page} failed to connect: ${state.error}`);
      if (state.connected) return { ...(await tab.evaluate(read)), ...extra };
      if (tries === 30) throw new Error(`${page} did not connect`);
      await sleep(1_000);
    }
  } finally {
    await context.close();
  }
}

/**
 * Our page of the browser benchmarks (`pages/ours-entry.ts`) bundled and minified as an app would ship it, from the
 * packages' sources; `plugins` (esbuild's) may change those sources on the way.
 */
export async function buildOurPage(plugins = []) {
  return (await bundleOurPage(plugins)).js;
}

/** {@link buildOurPage}'s bundle, and its source map (JSON text; the bundle is the same as without one). */
export async function bundleOurPage(plugins = []) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(here, 'pages', 'ours-entry.ts')],
    bundle: true,
    minify: true,
    write: false,
    outdir: join(here, 'results'),
    sourcemap: 'external',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@connect-participant/source', 'es2015'],
    logLevel: 'silent',
    plugins,
  });
  const text = (ext) => result.outputFiles.find((f) => f.path.endsWith(ext)).text;
  return { js: text('.js'), map: text('.js.map') };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A lookup of a source map (version 3, JSON text): `(line, column)` of the generated code, both from 0, to the
 * original `{ source, line, name }` (line from 1) of the nearest mapping at or before it on that line, or undefined.
 */
export function sourceMapLookup(mapText) {
  const map = JSON.parse(mapText);
  const lines = [];
  let source = 0;
  let line = 0;
  let name = 0;
  for (const text of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of text.split(',').filter(Boolean)) {
      // Base64 VLQ fields, each relative to the previous segment's (the column to the previous one on the line).
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) * 2 ** shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value % 2 ? -Math.floor(value / 2) : value / 2);
          value = shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) {
        source += fields[1];
        line += fields[2];
      }
      if (fields.length > 4) name += fields[4];
      segments.push({ column, source: fields.length > 1 ? map.sources[source] : undefined, line: line + 1, name: fields.length > 4 ? map.names[name] : undefined });
    }
    lines.push(segments);
  }
  return (line, column) => {
    let found;
    for (const s of lines[line] ?? []) {
      if (s.column > column) break;
      found = s;
    }
    return found?.source === undefined ? undefined : { source: found.source, line: found.line, name: found.name };
  };
}

/**
 * The browser benchmarks' three pages against the same emulator: `files` to serve by path, and the HTML body of
 * each page by name (`floor`: a raw WebSocket and fetch doing only the two JSON parses; `ours`: transport-browser;
 * `chatjs`: the official chat library). Each page sets `window.startedAt` (performance.now() when its own code
 * starts), `window.connectedMs` (from then to subscribed) and `window.received` (MESSAGE items). With `mark`, the
 * first script of each page starts with `performance.mark('first-script')`: when it begins to run, its download
 * and compilation done. `ours` is our bundle's source map, and the line of `/ours.js` where the bundle starts.
 */
export async function headToHeadPages({ mark = false } = {}) {
  const first = mark ? "performance.mark('first-script');\n" : '';
  const chatjs = join(dirname(require.resolve('amazon-connect-chatjs/package.json')), 'dist', 'amazon-connect-chat.js');
  const ours = await bundleOurPage();
  const files = {
    '/ours.js': first + ours.js,
    '/raw.js': first + readFileSync(join(here, 'pages', 'raw.js'), 'utf8'),
    '/chatjs.js': first + readFileSync(chatjs, 'utf8'),
    '/chatjs-page.js': readFileSync(join(here, 'pages', 'chatjs-page.js'), 'utf8'),
  };
  const pages = {
    floor: '<script type="module" src="/raw.js"></script>',
    ours: '<script type="module" src="/ours.js"></script>',
    chatjs: '<script src="/chatjs.js"></script><script src="/chatjs-page.js"></script>',
  };
  // Where our bundle's code starts in /ours.js, for reading its source map: the line after the mark.
  return { files, pages, ours: { map: ours.map, firstLine: mark ? 1 : 0 } };
}

/** A page's query string: the emulator's endpoint and a new contact's (`/emulator/contacts`) participant. */
export const pageQuery = (endpoint, chat) =>
  new URLSearchParams({ endpoint, token: chat.ParticipantToken, contact: chat.ContactId, participant: chat.ParticipantId });

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
