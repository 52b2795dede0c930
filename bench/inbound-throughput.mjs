// Inbound items/s through messages$ from an emulator stream, against a raw `ws` client doing only the two JSON
// parses every client needs (the frame, then its content). Same emulator, same bursts, alternating runs.
import { connectParticipant } from '@connect-participant/transport-node';
import WebSocket from 'ws';
import { control, fmt, median, saveResult, startEmulatorProcess, table, until } from './lib.mjs';

const ITEMS = Number(process.env.INBOUND_ITEMS ?? 20_000);
const ROUNDS = Number(process.env.INBOUND_ROUNDS ?? 3);

async function grant(endpoint, token) {
  const res = await fetch(`${endpoint}/participant/connection`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
    body: JSON.stringify({ Type: ['WEBSOCKET'] }),
  });
  return (await res.json()).Websocket.Url;
}

async function rawRun(endpoint) {
  const chat = await control(endpoint, '/emulator/contacts', {});
  const ws = new WebSocket(await grant(endpoint, chat.ParticipantToken));
  let count = 0;
  let first = 0;
  let last = 0;
  await new Promise((resolve) => {
    ws.on('open', () => ws.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}'));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.topic === 'aws/subscribe') return resolve();
      if (frame.topic !== 'aws/chat') return;
      const item = JSON.parse(frame.content);
      if (item.Type === 'MESSAGE') {
        if (count++ === 0) first = performance.now();
        last = performance.now();
      }
    });
  });
  await control(endpoint, `/emulator/contacts/${chat.ContactId}/agent/burst`, { count: ITEMS });
  await until(() => count >= ITEMS, 'raw items');
  ws.terminate();
  return ITEMS / ((last - first) / 1000);
}

async function sessionRun(endpoint) {
  const chat = await control(endpoint, '/emulator/contacts', {});
  const session = connectParticipant({ participantToken: chat.ParticipantToken, endpoint, heartbeat: { intervalMs: 60_000, timeoutMs: 60_000 } });
  let count = 0;
  let first = 0;
  let last = 0;
  session.messages$.subscribe((item) => {
    if (item.Type !== 'MESSAGE') return;
    if (count++ === 0) first = performance.now();
    last = performance.now();
  });
  await until(() => session.state.status === 'connected', 'connected');
  await control(endpoint, `/emulator/contacts/${chat.ContactId}/agent/burst`, { count: ITEMS });
  await until(() => count >= ITEMS, 'session items');
  await session.close();
  return ITEMS / ((last - first) / 1000);
}

const emulator = await startEmulatorProcess();
try {
  const raw = [];
  const ours = [];
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await rawRun(emulator.endpoint));
    ours.push(await sessionRun(emulator.endpoint));
  }
  const baseline = median(raw);
  const session = median(ours);
  const ratio = session / baseline;
  console.log(`\ninbound items/s, ${fmt(ITEMS)} items per burst, median of ${ROUNDS} (emulator in its own process)`);
  table(['client', 'items/s', 'ratio'], [
    ['raw ws + two JSON parses (baseline)', fmt(baseline), '1.00×'],
    ['connectParticipant → messages$', fmt(session), `${ratio.toFixed(2)}× (target ≥ 0.9×)`],
  ]);
  saveResult('inbound-throughput', { items: ITEMS, rounds: ROUNDS, baselineItemsPerSecond: baseline, sessionItemsPerSecond: session, ratio, target: 0.9 });
} finally {
  emulator.stop();
}
