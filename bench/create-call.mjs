// CreateParticipantConnection per call, sequential, same local server: wall and CPU time of ParticipantClient,
// of the AWS SDK v3 client, and of the floor (Node's global fetch and one JSON parse).
import { ConnectParticipantClient, CreateParticipantConnectionCommand } from '@aws-sdk/client-connectparticipant';
import { ParticipantClient } from '@connect-participant/transport-node';
import { control, fmt, median, saveResult, startEmulatorProcess, table } from './lib.mjs';

const CALLS = Number(process.env.CREATE_CALLS ?? 6000);
// Enough for every client's code to be optimised before it is timed: with 200, our client (more code than the
// floor's one line) was still being compiled in the first rounds, and measured a few hundredths slower.
const WARMUP = Number(process.env.CREATE_WARMUP ?? 2000);
// Every order of the three clients in turn, so that each follows each other as often.
const ORDERS = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0], [1, 0, 2], [0, 2, 1]];

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The clients' calls interleaved one by one, each timed on its own (wall, and the process's CPU). On this 2-core
 * machine one stretch of 300 calls can run at twice the speed of the next (the emulator collecting, a neighbour
 * busy): timed in such stretches, the same code measured from 0.96× to 1.15× of the floor. Call by call, every client
 * meets the same machine, and the median, the mean and the mean of the middle 80 % agree within a hundredth.
 */
async function measureAll(clients) {
  const names = Object.keys(clients);
  for (const call of Object.values(clients)) for (let i = 0; i < WARMUP; i++) await call();
  const wall = Object.fromEntries(names.map((k) => [k, []]));
  const cpu = Object.fromEntries(names.map((k) => [k, []]));
  for (let i = 0; i < CALLS; i++) {
    for (const j of ORDERS[i % ORDERS.length]) {
      const name = names[j];
      const usage = process.cpuUsage();
      const started = performance.now();
      await clients[name]();
      wall[name].push((performance.now() - started) * 1000);
      const used = process.cpuUsage(usage);
      cpu[name].push(used.user + used.system);
    }
  }
  const figures = (xs, floor) => ({ median: median(xs), mean: mean(xs), ratio: median(xs) / median(floor), meanRatio: mean(xs) / mean(floor) });
  return Object.fromEntries(names.map((k) => [k, { wallUs: figures(wall[k], wall.floor), cpuUs: figures(cpu[k], cpu.floor) }]));
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
  const r = (x) => `${x.wallUs.ratio.toFixed(2)}× wall, ${x.cpuUs.ratio.toFixed(2)}× CPU (means ${x.wallUs.meanRatio.toFixed(2)}×, ${x.cpuUs.meanRatio.toFixed(2)}×)`;
  console.log(`\nCreateParticipantConnection, ${fmt(CALLS)} sequential calls each, interleaved call by call after ${fmt(WARMUP)} warm-up: medians per call, and their ratio to the floor's (emulator in its own process)`);
  table(['client', 'wall µs/call', 'CPU µs/call', 'against the floor'], [
    ['global fetch + JSON.parse (floor)', fmt(results.floor.wallUs.median), fmt(results.floor.cpuUs.median), '1.00×'],
    ['ParticipantClient', fmt(results.participantClient.wallUs.median), fmt(results.participantClient.cpuUs.median), `${r(results.participantClient)}, target ≤ 1.1×`],
    ['@aws-sdk/client-connectparticipant', fmt(results.awsSdk.wallUs.median), fmt(results.awsSdk.cpuUs.median), r(results.awsSdk)],
  ]);
  saveResult('create-call', { calls: CALLS, warmup: WARMUP, ...results, target: 1.1 });
} finally {
  emulator.stop();
}
