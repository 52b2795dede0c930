/* global window, document -- the function given to page.evaluate runs in the page */
// Time to connected for the first connect in a fresh page, in headless Chromium on the same emulator. Each of the
// head to head's pages (the floor, ours, the official chat library) is loaded in a new browser context: an empty
// HTTP cache, code cache and CORS preflight cache, and a new renderer process. It is timed from navigation start
// (the page's performance.timeOrigin) to subscribed, the event the head to head's warm measure uses. The three
// pages are interleaved within each round, and the target is read from the ratios within a round. The page's
// Performance API (navigation and resource timing, a mark where the first script starts to run, the page code's
// start and its connection phases) splits each load into stages, printed for the floor and ours;
// `chromium-cold-profile.mjs` says which code runs in them.
// `COLD_ROUNDS` (default 20) rounds after a warm-up round of the emulator and the browser (not recorded).
import {
  control,
  fmt,
  headToHeadPages,
  launchColdChromium,
  loadCold,
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

const ROUNDS = Number(process.env.COLD_ROUNDS ?? 20);
const TARGET = 1.3;

const { files, pages } = await headToHeadPages({ mark: true });
const names = Object.keys(pages);
const labels = { floor: 'raw WebSocket + fetch (floor)', chatjs: 'amazon-connect-chatjs 5.0.0', ours: 'transport-browser' };
const server = await servePages(files, pages);
const emulator = await startEmulatorProcess();
const chromium = await launchColdChromium();

/** What a connected page's Performance API says about its load, every time in ms from navigation start. */
function readTimings() {
  const resource = (path) => {
    const entry = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === path);
    return entry && { start: entry.startTime, end: entry.responseEnd, bytes: entry.encodedBodySize };
  };
  return {
    script: resource(document.scripts[0].getAttribute('src')),
    firstScript: performance.getEntriesByName('first-script')[0].startTime,
    started: window.startedAt,
    request: resource('/participant/connection'),
    phases: Object.fromEntries(Object.entries(window.phases ?? {}).map(([k, v]) => [k, window.startedAt + v])),
    connected: window.startedAt + window.connectedMs,
  };
}

// The stages of a load, each from the previous boundary to its own; a page without a boundary (the floor asks
// for no grant before it calls fetch) has a stage of zero there.
const stages = [
  ['script requested (the browser: renderer, commit, HTML parsed)', (t) => t.script.start],
  ['script downloaded', (t) => t.script.end],
  ['script compiled, starts to run', (t) => t.firstScript],
  ['module evaluated: the page code starts', (t) => t.started],
  ['session asks for a grant', (t) => t.phases['grant-requested']],
  ['fetch of CreateParticipantConnection starts', (t) => t.request.start],
  ['its response received (with the preflight)', (t) => t.request.end],
  ['response read: grant', (t) => t.phases.granted],
  ['socket open', (t) => t.phases.opened],
  ['subscribe acknowledged', (t) => t.phases.subscribed],
  ['connected (state$)', (t) => t.connected],
];
const stageMs = (t) => {
  let last = 0;
  return stages.map(([, boundary]) => {
    const at = boundary(t) ?? last;
    const ms = at - last;
    last = at;
    return ms;
  });
};

// The spans read: the target's, and two that leave out what every page waits for alike.
const spans = {
  fromNavigation: ['navigation start → connected (target)', (t) => t.connected],
  fromScriptRequest: ['script requested → connected', (t) => t.connected - t.script.start],
  fromPageCode: ["page code starts → connected (the page's connectedMs)", (t) => t.connected - t.started],
};

try {
  const loads = Object.fromEntries(names.map((n) => [n, []]));
  // Round -1 warms the emulator and the browser process up (each page is cold all the same) and is not recorded.
  for (let round = -1; round < ROUNDS; round++) {
    for (const name of roundOrder(names, round)) {
      const chat = await control(emulator.endpoint, '/emulator/contacts', {});
      const timings = await loadCold(chromium, `${server.origin}/${name}?${pageQuery(emulator.endpoint, chat)}`, { read: readTimings });
      if (round >= 0) loads[name].push(timings);
      await sleep(300);
    }
  }

  const spanMs = Object.fromEntries(Object.entries(spans).map(([key, [, of]]) => [key, Object.fromEntries(names.map((n) => [n, loads[n].map(of)]))]));
  const ratios = Object.fromEntries(
    Object.keys(spans).map((key) => {
      const ms = spanMs[key];
      return [key, { oursVsFloor: pairedMedian(ms.ours, ms.floor), oursVsChatjs: pairedMedian(ms.ours, ms.chatjs), chatjsVsFloor: pairedMedian(ms.chatjs, ms.floor) }];
    }),
  );
  const order = ['floor', 'chatjs', 'ours'];
  console.log(`\nheadless Chromium, same emulator: the first connect in a fresh browser context, ${ROUNDS} rounds (ms: median and middle half; ratios: medians within a round)`);
  table(
    ['span', ...order.map((n) => labels[n]), 'ours / floor', 'ours / chatjs'],
    Object.entries(spans).map(([key, [label]]) => [
      label,
      ...order.map((n) => `${fmt(median(spanMs[key][n]), 1)} (${middleHalf(spanMs[key][n])})`),
      `${ratios[key].oursVsFloor.toFixed(2)}×`,
      `${ratios[key].oursVsChatjs.toFixed(2)}×`,
    ]),
  );
  const r = ratios.fromNavigation;
  console.log(
    `median of the ratios within each round, navigation start → connected: ours / floor ${r.oursVsFloor.toFixed(2)}× ` +
      `(target ≤ ${TARGET}×: ${r.oursVsFloor <= TARGET ? 'met' : 'missed'}), ours / chatjs ${r.oursVsChatjs.toFixed(2)}×; ` +
      `script bytes: ${order.map((n) => `${n} ${fmt(loads[n][0].script.bytes)}`).join(', ')}`,
  );

  // Stage by stage: each page's median, and the median within a round of ours less the floor.
  const byStage = Object.fromEntries(names.map((n) => [n, loads[n].map(stageMs)]));
  const column = (n, i) => byStage[n].map((s) => s[i]);
  const breakdown = stages.map(([stage], i) => ({
    stage,
    floorMs: median(column('floor', i)),
    oursMs: median(column('ours', i)),
    oursMinusFloorMs: median(column('ours', i).map((x, k) => x - column('floor', i)[k])),
  }));
  console.log('\nwhere the time goes: each stage from the end of the one above (ms; medians, the last column within a round)');
  table(
    ['stage ends when', 'floor', 'ours', 'ours − floor'],
    breakdown.map((b) => [b.stage, fmt(b.floorMs, 1), fmt(b.oursMs, 1), fmt(b.oursMinusFloorMs, 1)]),
  );
  const medians = Object.fromEntries(names.map((n) => [n, median(spanMs.fromNavigation[n])]));
  saveResult('chromium-cold-connect', { rounds: ROUNDS, target: TARGET, medians, ratios, breakdown, spanMs, loads });
} finally {
  await chromium.close();
  emulator.stop();
  server.close();
}
