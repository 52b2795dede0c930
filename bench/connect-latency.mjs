// Connect → subscribed latency, median of 200, against a hand-written minimal sequence: one create call, open,
// subscribe, ack. Both make exactly three round trips (the HTTP call, the websocket handshake, the subscribe).
import { connectParticipant } from '@connect-participant/transport-node';
import WebSocket from 'ws';
import { control, fmt, median, saveResult, startEmulatorProcess, table } from './lib.mjs';

const RUNS = Number(process.env.CONNECT_RUNS ?? 200);

async function minimal(endpoint, token) {
  const started = performance.now();
  const res = await fetch(`${endpoint}/participant/connection`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
    body: JSON.stringify({ Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }),
  });
  const { Websocket } = await res.json();
  const ws = new WebSocket(Websocket.Url);
  await new Promise((resolve) => {
    ws.on('open', () => ws.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}'));
    ws.on('message', (data) => JSON.parse(data.toString()).topic === 'aws/subscribe' && resolve());
  });
  const ms = performance.now() - started;
  ws.terminate();
  return ms;
}

async function session(endpoint, token) {
  const started = performance.now();
  const s = connectParticipant({ participantToken: token, endpoint });
  await new Promise((resolve) => s.state$.subscribe((st) => st.status === 'connected' && resolve()));
  const ms = performance.now() - started;
  await s.close();
  return ms;
}

const emulator = await startEmulatorProcess();
try {
  const base = [];
  const ours = [];
  for (let i = 0; i < RUNS; i++) {
    const a = await control(emulator.endpoint, '/emulator/contacts', {});
    base.push(await minimal(emulator.endpoint, a.ParticipantToken));
    const b = await control(emulator.endpoint, '/emulator/contacts', {});
    ours.push(await session(emulator.endpoint, b.ParticipantToken));
  }
  const baseline = median(base);
  const measured = median(ours);
  const ratio = measured / baseline;
  console.log(`\nconnect → subscribed, median of ${RUNS} (emulator in its own process, loopback)`);
  table(['client', 'median ms', 'round trips', 'ratio'], [
    ['hand-written minimal sequence (baseline)', fmt(baseline, 2), '3', '1.00×'],
    ['connectParticipant', fmt(measured, 2), '3', `${ratio.toFixed(2)}× (target ≤ 1.15×)`],
  ]);
  saveResult('connect-latency', { runs: RUNS, baselineMedianMs: baseline, sessionMedianMs: measured, ratio, roundTrips: 3, target: 1.15 });
} finally {
  emulator.stop();
}
