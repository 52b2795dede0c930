// Concurrent live sessions in one Node process (the emulator in its own): how much heap each connected,
// subscribed session costs, against raw `ws` connections that only subscribe. Run with --expose-gc.
import { connectParticipant } from '@connect-participant/transport-node';
import WebSocket from 'ws';
import { control, fmt, saveResult, sleep, startEmulatorProcess, table, until } from './lib.mjs';

const SESSIONS = Number(process.env.CONCURRENT_SESSIONS ?? 10_000);
const gc = globalThis.gc ?? (() => undefined);
const heap = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed;
};

async function pool(n, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

const emulator = await startEmulatorProcess(['--idle-timeout-ms', '0']);
try {
  const tokens = [];
  await pool(SESSIONS * 2, 32, async () => tokens.push((await control(emulator.endpoint, '/emulator/contacts', {})).ParticipantToken));

  // Baseline: raw ws connections that only subscribe.
  const before = await heap();
  const raw = [];
  await pool(SESSIONS, 64, async (i) => {
    const res = await fetch(`${emulator.endpoint}/participant/connection`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-bearer': tokens[i] },
      body: '{"Type":["WEBSOCKET"]}',
    });
    const ws = new WebSocket((await res.json()).Websocket.Url);
    await new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.on('open', () => ws.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}'));
      ws.once('message', resolve);
    });
    raw.push(ws);
  });
  const rawPer = ((await heap()) - before) / SESSIONS;
  for (const ws of raw) ws.terminate();
  raw.length = 0;
  await sleep(1_000);

  // Ours: full sessions (grant, socket, subscription, heartbeats, rotation and refresh timers, ledgers).
  const before2 = await heap();
  const sessions = [];
  await pool(SESSIONS, 64, async (i) => {
    const s = connectParticipant({ participantToken: tokens[SESSIONS + i], endpoint: emulator.endpoint });
    sessions.push(s);
    await until(() => s.state.status === 'connected', 'connected', 120_000);
  });
  await sleep(12_000); // a heartbeat round for every session
  const connected = sessions.filter((s) => s.state.status === 'connected').length;
  const ourPer = ((await heap()) - before2) / SESSIONS;
  for (const s of sessions) await s.close();
  const ratio = ourPer / rawPer;
  console.log(`\nconcurrent live sessions in one Node process (emulator in its own process; fd limit 20,000)`);
  table(['client', 'connected', 'heap per connection', 'ratio'], [
    ['raw ws, subscribe only (baseline)', fmt(SESSIONS), `${fmt(rawPer / 1024, 1)} KiB`, '1.00×'],
    ['connectParticipant sessions', fmt(connected), `${fmt(ourPer / 1024, 1)} KiB`, `${ratio.toFixed(2)}× (target: ${fmt(SESSIONS)} sessions, ≤ 1.5×)`],
  ]);
  saveResult('concurrent-sessions', { sessions: SESSIONS, connected, rawHeapPerConnection: rawPer, sessionHeapPerConnection: ourPer, ratio, target: 1.5 });
  if (connected < SESSIONS) process.exitCode = 1;
} finally {
  emulator.stop();
}
