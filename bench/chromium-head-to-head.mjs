/* global window -- the callbacks given to page.waitForFunction and page.evaluate run in the page */
// Head to head in headless Chromium on the same emulator: main-thread script time (CDP Performance.getMetrics
// ScriptDuration) to receive a burst of items, and time to connected, for the official chat library, our
// transport-browser, and a raw WebSocket page doing only the two JSON parses (the floor).
import {
  burstScriptMs,
  control,
  fmt,
  headToHeadPages,
  launchChromium,
  median,
  middleHalf,
  pageQuery,
  pairedMedian,
  roundOrder,
  saveResult,
  servePages,
  sleep,
  startEmulatorProcess,
  table,
} from './lib.mjs';

const ITEMS = Number(process.env.H2H_ITEMS ?? 10_000);
// One page's script time varies by a factor of two from one load to the next on two cores (the samples are in the
// result file), so the medians need a dozen rounds to settle within about a tenth.
const ROUNDS = Number(process.env.H2H_ROUNDS ?? 12);
// Time to connected varies by tens of milliseconds from one page load to the next on two cores (the browser, its
// renderer and network processes, the emulator and this harness share them), so it gets many more samples: every
// burst round's, plus this many connect-only rounds.
const CONNECT_ROUNDS = Number(process.env.H2H_CONNECT_ROUNDS ?? 20);

const { files, pages } = await headToHeadPages();
const server = await servePages(files, pages);
const { origin } = server;

const emulator = await startEmulatorProcess();
const browser = await launchChromium();
try {
  // Milliseconds per page: main-thread script time for the burst, and time to connected.
  const scriptMs = { floor: [], ours: [], chatjs: [] };
  const connectedMs = { floor: [], ours: [], chatjs: [] };
  // Round -1 warms the browser and the emulator up and is not recorded.
  for (let round = -1; round < ROUNDS + CONNECT_ROUNDS; round++) {
    const burst = round < ROUNDS;
    for (const name of roundOrder(Object.keys(pages), round)) {
      const chat = await control(emulator.endpoint, '/emulator/contacts', {});
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(`${origin}/${name}?${pageQuery(emulator.endpoint, chat)}`);
      try {
        await page.waitForFunction(() => window.connectedMs !== undefined || window.connectError, undefined, { timeout: 30_000 });
      } catch {
        throw new Error(`${name} did not connect`);
      }
      const error = await page.evaluate(() => window.connectError);
      if (error) throw new Error(`${name} failed to connect: ${error}`);
      const connected = await page.evaluate(() => window.connectedMs);
      if (round >= 0) connectedMs[name].push(connected);
      if (!burst) {
        await page.close();
        await sleep(200);
        continue;
      }
      const ms = await burstScriptMs(page, cdp, emulator.endpoint, chat.ContactId, ITEMS);
      if (round >= 0) scriptMs[name].push(ms);
      await page.close();
      await sleep(500);
    }
  }
  const values = (name, key) => (key === 'connectedMs' ? connectedMs : scriptMs)[name];
  const med = (name, key) => median(values(name, key));
  const spread = (name, key) => middleHalf(values(name, key));
  const row = (name, label) => [
    label,
    fmt(med(name, 'scriptMs'), 1),
    spread(name, 'scriptMs'),
    `${(med(name, 'scriptMs') / med('floor', 'scriptMs')).toFixed(2)}×`,
    fmt(med(name, 'connectedMs'), 1),
    spread(name, 'connectedMs'),
    `${(med(name, 'connectedMs') / med('floor', 'connectedMs')).toFixed(2)}×`,
  ];
  console.log(`\nheadless Chromium, same emulator: script time for ${fmt(ITEMS)} items, median of ${ROUNDS}; time to connected, median of ${ROUNDS + CONNECT_ROUNDS}`);
  table(['page', `script ms for ${fmt(ITEMS)} items`, 'middle half', 'vs floor', 'ms to connected', 'middle half', 'vs floor'], [
    row('floor', 'raw WebSocket + two JSON parses (floor)'),
    row('chatjs', 'amazon-connect-chatjs 5.0.0'),
    row('ours', 'transport-browser'),
  ]);
  // The ratio within each round, whose three pages load within seconds of each other: the machine's slower and
  // faster stretches (the samples of one page range over a factor of two) then move both sides of a ratio
  // together. The targets are read from these paired ratios; the medians above are unpaired.
  const paired = (key, a, b) => pairedMedian(values(a, key), values(b, key));
  const ratios = {
    scriptVsChatjs: paired('scriptMs', 'ours', 'chatjs'),
    scriptVsFloor: paired('scriptMs', 'ours', 'floor'),
    connectVsFloor: paired('connectedMs', 'ours', 'floor'),
  };
  console.log(
    `median of the ratios within each round: script time ours / chatjs ${ratios.scriptVsChatjs.toFixed(2)}× (target ≤ 0.5×), ` +
      `ours / floor ${ratios.scriptVsFloor.toFixed(2)}× (target ≤ 1.3×); connect ours / floor ${ratios.connectVsFloor.toFixed(2)}× (target ≤ 1.1×)`,
  );
  const medians = Object.fromEntries(Object.keys(pages).map((name) => [name, { scriptMs: med(name, 'scriptMs'), connectedMs: med(name, 'connectedMs') }]));
  saveResult('chromium-head-to-head', { items: ITEMS, rounds: ROUNDS, connectRounds: ROUNDS + CONNECT_ROUNDS, medians, ratios, scriptMs, connectedMs });
} finally {
  await browser.close();
  emulator.stop();
  server.close();
}
