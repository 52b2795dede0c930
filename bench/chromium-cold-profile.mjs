/* global window -- the functions given to page.evaluate run in the page */
// Which code runs on the main thread while a fresh page connects, for the floor and ours: what the stages of
// `chromium-cold-connect.mjs` are made of. Not part of `npm run bench`: it explains that measure rather than
// measuring a target, and the profiler and the trace slow the pages down (none of these loads is timed).
// - `COLD_PROFILED` (default 8) loads of each page under the CDP sampling profiler (100 µs), from before the
//   navigation until the page is connected and idle: main-thread time by where it runs, our bundle's functions
//   mapped back to their sources by its source map.
// - `COLD_TRACED` (default 4) loads of each under a Chromium trace of V8's compiler, navigation start to connected:
//   how many times the main thread stops to compile (a function's first call, mostly), and how long it and the
//   renderer's other threads compile. Tracing each compile inflates those times: compare the pages, not the
//   figures with the stages' of the timed measure.
import { control, fmt, headToHeadPages, launchColdChromium, loadCold, pageQuery, roundOrder, saveResult, servePages, sleep, sourceMapLookup, startEmulatorProcess, table } from './lib.mjs';

const PROFILED = Number(process.env.COLD_PROFILED ?? 8);
const TRACED = Number(process.env.COLD_TRACED ?? 4);

const { files, pages, ours } = await headToHeadPages({ mark: true });
const names = ['floor', 'ours'];
const server = await servePages(files, pages);
const emulator = await startEmulatorProcess();
const chromium = await launchColdChromium();
const lookup = sourceMapLookup(ours.map);

const add = (to, key, v) => (to[key] = (to[key] ?? 0) + v);

/** Main-thread ms of a CPU profile by where it ran (`where`) and, for our bundle, by function (`fn`). */
function attribute(profile) {
  const ms = new Map(profile.nodes.map((n) => [n.id, 0]));
  profile.samples.forEach((id, i) => ms.set(id, ms.get(id) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
  const where = {};
  const fn = {};
  for (const { id, callFrame: f } of profile.nodes) {
    if (f.functionName === '(idle)' || !ms.get(id)) continue;
    if (!f.url.includes('/ours.js')) {
      // (program) is the renderer's own work outside JavaScript; a function without a script is the platform's.
      add(where, f.url ? new URL(f.url).pathname.slice(1) : f.functionName.startsWith('(') ? f.functionName : 'platform functions (fetch, WebSocket …)', ms.get(id));
      continue;
    }
    const line = f.lineNumber - ours.firstLine;
    const original = line < 0 ? undefined : lookup(line, f.columnNumber);
    const file = original ? original.source.replace(/^.*?\b(packages|node_modules|bench)\//, '') : '(our module top level)';
    add(where, file, ms.get(id));
    add(fn, original ? `${original.name ?? (f.functionName || '(anonymous)')} (${file}:${original.line})` : file, ms.get(id));
  }
  return { where, fn };
}

const profiler = async (context, page) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return async () => attribute((await cdp.send('Profiler.stop')).profile);
};

const COMPILE = /^V8\.(Compile|ParseFunction|ParseProgram|PreParse)|^v8\.(compile|parseOnBackground)|BackgroundCompileTask/;

// The parts of a load the compiles are counted in, each up to its boundary (ms from navigation start). The floor
// asks for no grant: its part for that is empty.
const parts = [
  ['until the script starts to run', (t) => t.firstScript],
  ['module evaluation', (t) => t.started],
  ['page code starts → the session asks for a grant', (t) => t.grantRequested ?? t.started],
  ['→ fetch of CreateParticipantConnection starts', (t) => t.request.start],
  ['→ its response received (off the critical path)', (t) => t.request.end],
  ['→ connected', (t) => t.connected],
];

/** Where a connected page is, for {@link compileStats}: the boundaries of `parts`. */
function readBoundaries() {
  const request = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/participant/connection');
  const grantRequested = window.phases?.['grant-requested'];
  return {
    firstScript: performance.getEntriesByName('first-script')[0].startTime,
    started: window.startedAt,
    grantRequested: grantRequested === undefined ? undefined : window.startedAt + grantRequested,
    request: { start: request.startTime, end: request.responseEnd },
    connected: window.startedAt + window.connectedMs,
  };
}

/**
 * From a trace of one load: the main thread's compiles (outermost compile events) and their ms in each of `parts`,
 * and the ms the renderer's other threads compiled, from navigation start to connected. The page's times are
 * moved onto the trace's clock from the navigation start event's.
 */
function compileStats(events, at) {
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith('http'));
  const ends = parts.map(([, boundary]) => nav.ts + boundary(at) * 1000);
  const stats = { main: parts.map(() => ({ compiles: 0, ms: 0 })), otherThreadsMs: 0 };
  const busyUntil = new Map();
  const inPage = events.filter((e) => e.ph === 'X' && e.pid === nav.pid && e.ts >= nav.ts && e.ts < ends.at(-1) && COMPILE.test(e.name)).sort((a, b) => a.ts - b.ts);
  for (const e of inPage) {
    if ((busyUntil.get(e.tid) ?? 0) > e.ts) continue; // inside a compile already counted
    busyUntil.set(e.tid, e.ts + e.dur);
    if (e.tid !== nav.tid) {
      stats.otherThreadsMs += e.dur / 1000;
      continue;
    }
    const part = stats.main[ends.findIndex((end) => e.ts < end)];
    part.compiles++;
    part.ms += e.dur / 1000;
  }
  return stats;
}

const tracer = async (_context, page) => {
  await chromium.browser.startTracing(page, { categories: ['disabled-by-default-v8.compile', 'v8', 'blink.user_timing'] });
  return async () => ({ trace: JSON.parse(String(await chromium.browser.stopTracing())).traceEvents });
};

try {
  const profiled = { floor: [], ours: [] };
  const traced = { floor: [], ours: [] };
  for (const [runs, before, into] of [
    [PROFILED, profiler, (name, r) => profiled[name].push(r)],
    [TRACED, tracer, (name, r) => traced[name].push(compileStats(r.trace, r))],
  ]) {
    for (let i = 0; i < runs; i++) {
      for (const name of roundOrder(names, i)) {
        const chat = await control(emulator.endpoint, '/emulator/contacts', {});
        const url = `${server.origin}/${name}?${pageQuery(emulator.endpoint, chat)}`;
        into(name, await loadCold(chromium, url, { before, read: readBoundaries }));
        await sleep(300);
      }
    }
  }

  const mean = (runs, pick) => runs.reduce((sum, run) => sum + (pick(run) ?? 0), 0) / runs.length;
  const ranked = (runs, part) =>
    [...new Set(runs.flatMap((run) => Object.keys(run[part])))].map((key) => [key, mean(runs, (run) => run[part][key])]).sort((a, b) => b[1] - a[1]);
  const jsMs = (run) => Object.entries(run.where).reduce((sum, [key, v]) => sum + (key.startsWith('(') && !key.startsWith('(our') ? 0 : v), 0);
  const rows = [...new Set([...ranked(profiled.floor, 'where').slice(0, 5), ...ranked(profiled.ours, 'where').slice(0, 16)].map(([key]) => key))];
  console.log(`\nheadless Chromium, a fresh browser context per page: main thread from before the navigation to connected, by where it runs (sampling profiler, 100 µs; mean ms of ${PROFILED} loads each)`);
  table(
    ['where', 'floor', 'ours'],
    [
      ...rows.map((key) => [key, ...names.map((n) => fmt(mean(profiled[n], (run) => run.where[key]), 2))]),
      ['JavaScript, with the platform functions it calls', ...names.map((n) => fmt(mean(profiled[n], jsMs), 1))],
    ],
  );
  console.log('\nour functions with the most main-thread time (self; mean ms per load)');
  table(['function (source)', 'ms'], ranked(profiled.ours, 'fn').slice(0, 15).map(([key, v]) => [key, fmt(v, 2)]));
  console.log(`\nV8 compiling from navigation start to connected: how often the main thread compiled (a function on its first call, mostly) and ms (a trace; mean of ${TRACED} loads each; traced compiles are slower than untraced ones)`);
  const compile = Object.fromEntries(
    names.map((n) => [
      n,
      {
        main: parts.map(([part], i) => ({ part, compiles: mean(traced[n], (s) => s.main[i].compiles), ms: mean(traced[n], (s) => s.main[i].ms) })),
        otherThreadsMs: mean(traced[n], (s) => s.otherThreadsMs),
      },
    ]),
  );
  table(
    ['main thread', 'floor', 'ours'],
    [
      ...parts.map(([part], i) => [part, ...names.map((n) => `${fmt(compile[n].main[i].compiles)} (${fmt(compile[n].main[i].ms, 1)} ms)`)]),
      ["the renderer's other threads (the script's compile, streamed as it downloads)", ...names.map((n) => `${fmt(compile[n].otherThreadsMs, 1)} ms`)],
    ],
  );
  const summary = (n) => ({ where: Object.fromEntries(ranked(profiled[n], 'where')), javascriptMs: mean(profiled[n], jsMs) });
  saveResult('chromium-cold-profile', {
    profiledLoads: PROFILED,
    tracedLoads: TRACED,
    mainThreadMs: { floor: summary('floor'), ours: { ...summary('ours'), functions: Object.fromEntries(ranked(profiled.ours, 'fn').slice(0, 40)) } },
    compile,
  });
} finally {
  await chromium.close();
  emulator.stop();
  server.close();
}
