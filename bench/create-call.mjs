// CreateParticipantConnection per call, sequential, same local server: wall and CPU time of ParticipantClient,
// of the AWS SDK v3 client, and of the floor (Node's global fetch and one JSON parse).
import { ConnectParticipantClient, CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { ParticipantClient } from '@connect-participant/transport-node';
import { control, fmt, saveResult, startEmulatorProcess, table } from './lib.mjs';

const CALLS = Number(process.env.CREATE_CALLS ?? 2000);
const ROUNDS = 5;
const WARMUP = 200;

/** One round of `n` sequential calls: wall and CPU microseconds per call. */
async function round(call, n) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await call();
  const used = process.cpuUsage(cpu);
  return { wallUs: ((performance.now() - started) * 1000) / n, cpuUs: (used.user + used.system) / n };
}

/** Rounds of every client interleaved, so that warm-up and machine noise fall on all alike; medians per client. */
async function measureAll(clients) {
  for (const call of Object.values(clients)) await round(call, WARMUP);
  const samples = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) for (const [k, call] of Object.entries(clients)) samples[k].push(await round(call, CALLS / ROUNDS));
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, { wallUs: med(xs.map((x) => x.wallUs)), cpuUs: med(xs.map((x) => x.cpuUs)) }]));
}

const emulator = await startEmulatorProcess();
try {
  const { ParticipantToken } = await control(emulator.endpoint, '/emulator/contacts', {});
  const input = { ParticipantToken, Type: ['CONNECTION_CREDENTIALS'] };
  const floor = () =>
    fetch(`${emulator.endpoint}/participant/connection`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-bearer': ParticipantToken },
      body: '{"Type":["CONNECTION_CREDENTIALS"]}',
    }).then((r) => r.text().then(JSON.parse));
  const ours = new ParticipantClient({ endpoint: emulator.endpoint });
  const sdk = new ConnectParticipantClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const results = await measureAll({
    floor,
    participantClient: () => ours.createParticipantConnection(input),
    awsSdk: () => sdk.send(new CreateParticipantConnectionCommand(input)),
  });
  sdk.destroy();
  const r = (x) => `${(x.wallUs / results.floor.wallUs).toFixed(2)}× wall, ${(x.cpuUs / results.floor.cpuUs).toFixed(2)}× CPU`;
  console.log(`\nCreateParticipantConnection, ${fmt(CALLS)} sequential calls each, in ${ROUNDS} interleaved rounds after ${WARMUP} warm-up, medians (emulator in its own process)`);
  table(['client', 'wall µs/call', 'CPU µs/call', 'against the floor'], [
    ['global fetch + JSON.parse (floor)', fmt(results.floor.wallUs), fmt(results.floor.cpuUs), '1.00×'],
    ['ParticipantClient', fmt(results.participantClient.wallUs), fmt(results.participantClient.cpuUs), `${r(results.participantClient)} (target ≤ 1.1×)`],
    ['@aws-sdk/client-connectparticipant', fmt(results.awsSdk.wallUs), fmt(results.awsSdk.cpuUs), r(results.awsSdk)],
  ]);
  saveResult('create-call', { calls: CALLS, ...results, target: 1.1 });
} finally {
  emulator.stop();
}
