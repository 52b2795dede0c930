// npm run bench -w @connect-participant/emulator
//
// 1. Fan-out: items/s delivered to subscribed sockets of one contact, the emulator against a bare ws broadcast
//    server (bench/baseline-server.mjs) measured in the same run with the same clients and load.
// 2. Capacity: how many concurrent subscribed sockets one emulator process holds, each on its own contact, and
//    its resident memory per socket.
// Each server runs in its own process; the clients run here. Results go to bench/results/emulator.json.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const SOCKETS = Number(process.env.FANOUT_SOCKETS ?? 100);
const MESSAGES = Number(process.env.FANOUT_MESSAGES ?? 2000);
const CONCURRENCY = 16;
const CAPACITY = Number(process.env.CAPACITY_SOCKETS ?? 5000);

function startServer(script, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      const m = /listening on (http:\/\/[\d.:]+)/.exec(text);
      if (m) resolve({ endpoint: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function openSubscribed(url, onItem) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('error', reject);
    ws.once('open', () => ws.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}'));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.topic === 'aws/subscribe') resolve(ws);
      else if (frame.topic === 'aws/chat') onItem(JSON.parse(frame.content));
    });
  });
}

async function pool(n, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

/** Opens SOCKETS clients, posts MESSAGES through `send`, and times until every client has every item. */
async function fanout(socketUrls, send) {
  let delivered = 0;
  const target = SOCKETS * MESSAGES;
  let done;
  const all = new Promise((r) => (done = r));
  const sockets = [];
  for (const url of socketUrls) sockets.push(await openSubscribed(url, () => ++delivered === target && done()));
  const started = performance.now();
  await pool(MESSAGES, CONCURRENCY, send);
  await all;
  const seconds = (performance.now() - started) / 1000;
  for (const ws of sockets) ws.terminate();
  return { deliveries: target, seconds, itemsPerSecond: target / seconds };
}

async function emulatorFanout() {
  // Every socket is the one customer's: lift the per-participant socket limit (2 by default) for this run.
  const { endpoint, child } = await startServer(join(here, '..', 'dist', 'cli.js'), [
    '--port',
    '0',
    '--throttle-rate',
    '0',
    '--max-sockets-per-participant',
    '0',
  ]);
  try {
    const chat = await post(`${endpoint}/emulator/contacts`, { DisplayName: 'Bench' });
    await post(`${endpoint}/emulator/contacts/${chat.ContactId}/agent/join`, {});
    const urls = [];
    for (let i = 0; i < SOCKETS; i++) {
      const grant = await post(`${endpoint}/participant/connection`, { Type: ['WEBSOCKET'] }, { 'x-amz-bearer': chat.ParticipantToken });
      urls.push(grant.Websocket.Url);
    }
    return await fanout(urls, () => post(`${endpoint}/emulator/contacts/${chat.ContactId}/agent/messages`, { Content: 'benchmark message' }));
  } finally {
    child.kill();
  }
}

async function baselineFanout() {
  const { endpoint, child } = await startServer(join(here, 'baseline-server.mjs'));
  try {
    const urls = Array.from({ length: SOCKETS }, () => endpoint.replace('http', 'ws'));
    return await fanout(urls, () => post(`${endpoint}/broadcast`, {}));
  } finally {
    child.kill();
  }
}

async function capacity() {
  const { endpoint, child } = await startServer(join(here, '..', 'dist', 'cli.js'), ['--port', '0', '--throttle-rate', '0']);
  const sockets = [];
  try {
    const idle = rssOf(child.pid);
    let failed = 0;
    await pool(CAPACITY, 32, async () => {
      try {
        const chat = await post(`${endpoint}/emulator/contacts`, {});
        const grant = await post(`${endpoint}/participant/connection`, { Type: ['WEBSOCKET'] }, { 'x-amz-bearer': chat.ParticipantToken });
        sockets.push(await openSubscribed(grant.Websocket.Url, () => {}));
      } catch {
        failed++;
      }
    });
    const held = (await (await fetch(`${endpoint}/emulator/sockets`)).json()).sockets.filter((s) => s.subscribed).length;
    const rss = rssOf(child.pid);
    return { attempted: CAPACITY, held, failed, rssBytes: rss, rssPerSocketBytes: Math.round((rss - idle) / Math.max(1, held)) };
  } finally {
    for (const ws of sockets) ws.terminate();
    child.kill();
  }
}

const baseline = await baselineFanout();
const emulator = await emulatorFanout();
const cap = await capacity();
const ratio = emulator.itemsPerSecond / baseline.itemsPerSecond;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`\nfan-out: ${SOCKETS} sockets x ${MESSAGES} messages, posted ${CONCURRENCY} at a time over HTTP`);
console.log('| server | deliveries | seconds | items/s |');
console.log('| --- | --- | --- | --- |');
console.log(`| bare ws broadcast (baseline) | ${fmt(baseline.deliveries)} | ${baseline.seconds.toFixed(2)} | ${fmt(baseline.itemsPerSecond)} |`);
console.log(`| emulator | ${fmt(emulator.deliveries)} | ${emulator.seconds.toFixed(2)} | ${fmt(emulator.itemsPerSecond)} |`);
console.log(`ratio emulator / baseline: ${ratio.toFixed(2)}x`);
console.log(`\ncapacity: ${fmt(cap.held)} of ${fmt(cap.attempted)} subscribed sockets held (each its own contact), ${cap.failed} failed;`);
console.log(`emulator RSS ${(cap.rssBytes / 1048576).toFixed(0)} MiB, ${fmt(cap.rssPerSocketBytes)} bytes per socket`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'emulator.json'), `${JSON.stringify({ date: new Date().toISOString(), fanout: { sockets: SOCKETS, messages: MESSAGES, baseline, emulator, ratio }, capacity: cap }, null, 2)}\n`);
