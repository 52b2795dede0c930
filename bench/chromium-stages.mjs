/* global window */
// Where our page's script time for a burst goes, stage by stage: pages built from the same sources with one stage
// cut out each, loaded with the whole page and the floor in the same rounds (each round loads every page once, in a
// rotating order), and each page's script time divided by the floor's and by the whole page's within a round. Not
// part of `npm run bench`: it explains the head to head's script time rather than measuring a target.
// `STAGES_ROUNDS` (default 24) rounds of `STAGES_ITEMS` (default 10,000) items.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOurPage, burstScriptMs, control, fmt, launchChromium, median, roundOrder, saveResult, servePages, sleep, startEmulatorProcess, table } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ITEMS = Number(process.env.STAGES_ITEMS ?? 10_000);
const ROUNDS = Number(process.env.STAGES_ROUNDS ?? 24);

// Each cut replaces one piece of source text; a cut whose text is no longer in the source stops the benchmark, so
// that a refactoring cannot silently turn a cut into the whole page.
const count = '(globalThis as { received: number }).received++';
const cuts = {
  'parse-only': {
    label: "our bundle loaded, each frame handled by the floor's two parses",
    file: 'core/src/adapters/websocket-port.ts',
    from: '      if (!this.#closed) handlers.message(event.data);',
    to: `      const f = JSON.parse(event.data as string);
      if (f.topic !== 'aws/chat') { if (!this.#closed) handlers.message(event.data); }
      else if (JSON.parse(f.content).Type === 'MESSAGE') ${count};`,
  },
  'not-delivered': {
    label: 'socket link, frame decoder and item checks; nothing handed to the session',
    file: 'core/src/session/socket-connection.ts',
    from: '        if (this.#subscribed) this.#sink.socketItem(this, frame.item);',
    to: `        if (this.#subscribed && frame.item.Type === 'MESSAGE') ${count};`,
  },
  'no-item-checks': {
    label: 'the whole page, items handed on unchecked',
    file: 'core/src/codec/frame/frame-codec.ts',
    from: "  const item = itemDecoder(parsed, '');",
    to: '  const item = { ok: true, value: parsed } as ReturnType<typeof itemDecoder>;',
  },
  'no-duplicate-check': {
    label: 'the whole page, every item taken as new',
    file: 'core/src/session/item-ledger.ts',
    from: '    const id = item.Id;\n    if (id === undefined) return true;',
    to: '    return true;\n    const id = item.Id;\n    if (id === undefined) return true;',
  },
};

/** Our page with the cut made: its file's text replaced as it is loaded. */
function withCut(cut) {
  const target = join(here, '..', 'packages', cut.file);
  return {
    name: 'cut',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path !== target) return undefined;
        const source = readFileSync(target, 'utf8');
        if (!source.includes(cut.from)) throw new Error(`${cut.file} no longer has the text this cut replaces: update bench/chromium-stages.mjs`);
        return { contents: source.replace(cut.from, cut.to), loader: 'ts' };
      });
    },
  };
}

const files = { '/floor.js': readFileSync(join(here, 'pages', 'raw.js'), 'utf8'), '/whole.js': await buildOurPage() };
for (const [name, cut] of Object.entries(cuts)) files[`/${name}.js`] = await buildOurPage([withCut(cut)]);
const labels = { floor: 'raw WebSocket + two JSON parses (floor)', whole: 'transport-browser, the whole page', ...Object.fromEntries(Object.entries(cuts).map(([n, c]) => [n, c.label])) };
const names = Object.keys(labels);

const server = await servePages(files, Object.fromEntries(names.map((n) => [n, `<script type="module" src="/${n}.js"></script>`])));
const { origin } = server;
const emulator = await startEmulatorProcess();
const browser = await launchChromium();
try {
  const scriptMs = Object.fromEntries(names.map((n) => [n, []]));
  // Round -1 warms the browser and the emulator up and is not recorded.
  for (let round = -1; round < ROUNDS; round++) {
    for (const name of roundOrder(names, round)) {
      const chat = await control(emulator.endpoint, '/emulator/contacts', {});
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(`${origin}/${name}?${new URLSearchParams({ endpoint: emulator.endpoint, token: chat.ParticipantToken })}`);
      await page.waitForFunction(() => window.connectedMs !== undefined, undefined, { timeout: 30_000 });
      const ms = await burstScriptMs(page, cdp, emulator.endpoint, chat.ContactId, ITEMS);
      if (round >= 0) scriptMs[name].push(ms);
      await page.close();
      await sleep(400);
    }
  }
  const paired = (a, b) => median(scriptMs[a].map((x, i) => x / scriptMs[b][i]));
  console.log(`\nheadless Chromium, same emulator: script time for ${fmt(ITEMS)} items by stage, ${ROUNDS} rounds; ratios are medians of the ratios within a round`);
  table(
    ['page', 'script ms (median)', 'vs floor', 'vs the whole page'],
    names.map((n) => [labels[n], fmt(median(scriptMs[n]), 1), `${paired(n, 'floor').toFixed(2)}×`, `${paired(n, 'whole').toFixed(2)}×`]),
  );
  const ratios = Object.fromEntries(names.map((n) => [n, { vsFloor: paired(n, 'floor'), vsWhole: paired(n, 'whole') }]));
  saveResult('chromium-stages', { items: ITEMS, rounds: ROUNDS, ratios, scriptMs });
} finally {
  await browser.close();
  emulator.stop();
  server.close();
}
