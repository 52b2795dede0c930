// CreateParticipantConnection per call, sequential, same local server: wall and CPU time of ParticipantClient,
// of the AWS SDK v3 client, and of the floor (Node's global fetch and one JSON parse).
import { ConnectParticipantClient, CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { ParticipantClient } from '@connect-participant/transport-node';
import { control, fmt, median, saveResult, startEmulatorProcess, table } from './lib.mjs';

const CALLS = Number(process.env.CREATE_CALLS ?? 6000);
// Many short rounds, interleaved: one round of one client can be a quarter slower than the next on two cores (a
// collection in the emulator, a timer), and a median of twenty rounds moves far less than one of five.
const ROUNDS = Number(process.env.CREATE_ROUNDS ?? 20);
const WARMUP = 200;

/** One round of `n` sequential calls: wall and CPU microseconds per call. */
async function round(call, n) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await call();
  const used = process.cpuUsage(cpu);
  return { wallUs: ((performance.now() - started) * 1000) / n, cpuUs: (used.user + used.system) / n };
}

/**
 * Rounds of every client interleaved, in an order reversed every other round, so that warm-up and machine noise
 * fall on all alike. Besides each client's median, the ratio to the floor is taken round by round and its median
 * reported: a slow drift of the machine moves both sides of one round together, so it cancels in the ratio.
 */
async function measureAll(clients) {
  for (const call of Object.values(clients)) await round(call, WARMUP);
  const names = Object.keys(clients);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const k of r % 2 ? [...names].reverse() : names) samples[k].push(await round(clients[k], CALLS / ROUNDS));
  }
  return Object.fromEntries(
    names.map((k) => [
      k,
      {
        wallUs: median(samples[k].map((x) => x.wallUs)),
        cpuUs: median(samples[k].map((x) => x.cpuUs)),
        wallRatio: median(samples[k].map((x, i) => x.wallUs / samples.floor[i].wallUs)),
        cpuRatio: median(samples[k].map((x, i) => x.cpuUs / samples.floor[i].cpuUs)),
      },
    ]),
  );
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
  const r = (x) => `${x.wallRatio.toFixed(2)}× wall, ${x.cpuRatio.toFixed(2)}× CPU`;
  console.log(`\nCreateParticipantConnection, ${fmt(CALLS)} sequential calls each, in ${ROUNDS} interleaved rounds after ${WARMUP} warm-up: medians, and medians of the per-round ratios (emulator in its own process)`);
  table(['client', 'wall µs/call', 'CPU µs/call', 'against the floor'], [
    ['global fetch + JSON.parse (floor)', fmt(results.floor.wallUs), fmt(results.floor.cpuUs), '1.00×'],
    ['ParticipantClient', fmt(results.participantClient.wallUs), fmt(results.participantClient.cpuUs), `${r(results.participantClient)} (target ≤ 1.1×)`],
    ['@aws-sdk/client-connectparticipant', fmt(results.awsSdk.wallUs), fmt(results.awsSdk.cpuUs), r(results.awsSdk)],
  ]);
  saveResult('create-call', { calls: CALLS, ...results, target: 1.1 });
} finally {
  emulator.stop();
}
