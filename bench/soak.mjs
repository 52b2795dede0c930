// Soak: many sessions for minutes while the emulator injects random faults (dropped sockets, stalled heartbeats,
// failing and throttled calls, slow grants). Every session must have every message once, and the heap must stay
// flat. `npm run bench` runs 200 sessions × 10 min; CI runs a short form (SOAK_SESSIONS, SOAK_SECONDS).
//
// The harness verifies as it goes and forgets: each message carries its sequence number, and each session keeps
// only the next number it expects and the few that came early, so the heap measured is the library's. A warm-up
// burst first fills every session's duplicate ledger to its cap (a bounded cache of recent Ids), so that the slope
// shows the steady state rather than the ledger filling up.
import { connectParticipant } from '@connect-participant/transport-node';
import { control, fmt, saveResult, sleep, startEmulatorProcess, table, until } from './lib.mjs';

const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 200);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WARM_UP = Number(process.env.SOAK_WARM_UP ?? 2_000); // fills each session's duplicate ledger to its cap
const gc = globalThis.gc ?? (() => undefined);

/** Sequence numbers seen once each: the next one expected, and those that came before it. */
class Tally {
  next = 0;
  early = new Set();
  duplicated = 0;
  add(n) {
    if (n < this.next || this.early.has(n)) return void this.duplicated++;
    this.early.add(n);
    while (this.early.delete(this.next)) this.next++;
  }
  /** How many of 0 … expected-1 never came. */
  lost(expected) {
    return expected - this.next - [...this.early].filter((n) => n < expected).length;
  }
}

// Warm-up items read "w <n>" (the burst numbers them), soak items "s <round>".
const sequenceOf = (content) => {
  const [kind, n] = String(content).split(' ');
  return kind === 'w' ? Number(n) : WARM_UP + Number(n);
};

const emulator = await startEmulatorProcess(['--websocket-lifetime-ms', '60000']);
const random = (n) => Math.floor(Math.random() * n);
try {
  const chats = [];
  for (let i = 0; i < SESSIONS; i++) {
    const chat = await control(emulator.endpoint, '/emulator/contacts', {});
    const session = connectParticipant({
      participantToken: chat.ParticipantToken,
      endpoint: emulator.endpoint,
      heartbeat: { intervalMs: 2_000, timeoutMs: 2_000 },
      // The emulator closes sockets 60 s after they open: rotated on their age before that.
      rotation: { maxSocketLifetimeMs: 40_000, minIntervalMs: 30_000 },
      reconnect: { baseDelayMs: 200, maxDelayMs: 5_000 },
    });
    const tally = new Tally();
    session.messages$.subscribe((item) => item.Type === 'MESSAGE' && tally.add(sequenceOf(item.Content)));
    chats.push({ chat, session, tally });
  }
  await until(() => chats.every((c) => c.session.state.status === 'connected'), 'all sessions connected', 120_000);
  if (WARM_UP > 0) {
    for (let i = 0; i < chats.length; i += 8) {
      await Promise.all(chats.slice(i, i + 8).map((c) => control(emulator.endpoint, `/emulator/contacts/${c.chat.ContactId}/agent/burst`, { count: WARM_UP, Content: 'w' })));
    }
    await until(() => chats.every((c) => c.tally.next >= WARM_UP), 'the warm-up delivered', 300_000);
  }

  const faults = [
    (c) => control(emulator.endpoint, '/emulator/faults/drop-sockets', { contactId: c.chat.ContactId, code: 1006 }),
    (c) => control(emulator.endpoint, '/emulator/faults/withhold-heartbeats', { participantId: c.chat.ParticipantId, count: 2 }),
    () => control(emulator.endpoint, '/emulator/faults/fail-next', { operation: 'CreateParticipantConnection', count: 2, status: 500 }),
    () => control(emulator.endpoint, '/emulator/faults/throttle-next', { operation: 'GetTranscript', count: 2 }),
    () => control(emulator.endpoint, '/emulator/faults/delay', { operation: 'CreateParticipantConnection', ms: 1_500, count: 3 }),
  ];
  const heap = [];
  const faultCounts = new Array(faults.length).fill(0);
  const started = Date.now();
  let sent = 0;
  let nextSample = started;
  while (Date.now() - started < SECONDS * 1000) {
    // About one message per session per second, and a fault a second somewhere.
    await Promise.all(chats.map((c) => control(emulator.endpoint, `/emulator/contacts/${c.chat.ContactId}/agent/messages`, { Content: `s ${sent}` })));
    sent++;
    const f = random(faults.length);
    faultCounts[f]++;
    await faults[f](chats[random(chats.length)]);
    if (Date.now() >= nextSample) {
      gc();
      heap.push({ t: (Date.now() - started) / 60_000, bytes: process.memoryUsage().heapUsed });
      nextSample += Math.max(1_000, (SECONDS * 1000) / 30);
    }
    await sleep(Math.max(0, 1_000 - (Date.now() - started) % 1_000));
  }
  await control(emulator.endpoint, '/emulator/faults/clear', {});
  await until(() => chats.every((c) => c.session.state.status === 'connected'), 'every session connected after the faults', 120_000);
  await sleep(3_000);
  const expected = WARM_UP + sent;
  let lost = 0;
  let duplicated = 0;
  for (const c of chats) {
    lost += c.tally.lost(expected);
    duplicated += c.tally.duplicated;
    // The emulator's own record agrees on what was sent (so nothing counted as lost was never sent).
    const contact = await control(emulator.endpoint, `/emulator/contacts/${c.chat.ContactId}`, undefined, 'GET');
    const recorded = contact.transcript.filter((i) => i.Type === 'MESSAGE').length;
    if (recorded !== expected) throw new Error(`contact ${c.chat.ContactId} has ${recorded} messages, not ${expected}`);
  }
  const losses = chats.length;
  for (const c of chats) await c.session.close();
  // Heap slope by least squares over the samples after the first third (warm-up), in bytes per minute.
  const tail = heap.slice(Math.floor(heap.length / 3));
  const mt = tail.reduce((a, s) => a + s.t, 0) / tail.length;
  const mb = tail.reduce((a, s) => a + s.bytes, 0) / tail.length;
  const slope = tail.reduce((a, s) => a + (s.t - mt) * (s.bytes - mb), 0) / Math.max(1e-9, tail.reduce((a, s) => a + (s.t - mt) ** 2, 0));
  // Under 2 % of the heap per minute. A run shorter than five minutes is too short to judge: it reports the slope
  // and checks only that nothing was lost or duplicated.
  const judged = SECONDS >= 300;
  const flat = !judged || Math.abs(slope) < 0.02 * mb;
  console.log(`\nsoak: ${SESSIONS} sessions × ${SECONDS} s after a warm-up of ${fmt(WARM_UP)} messages each, about one message per session per second, a random fault a second`);
  table(['messages per session', 'faults (drop, stall, 5xx, 429, slow)', 'lost', 'duplicated', 'heap (MiB)', 'heap slope'], [
    [fmt(WARM_UP + sent), faultCounts.join(', '), String(lost), String(duplicated), fmt(mb / 1048576, 1), `${fmt(slope / 1024, 1)} KiB/min`],
  ]);
  console.log(`target: 0 lost, 0 duplicated${judged ? ', heap flat' : ' (heap not judged on a short run)'} — ${lost === 0 && duplicated === 0 && flat ? 'met' : 'MISSED'}`);
  // Only a full run is a result worth keeping; the short form is CI's check.
  if (SECONDS >= 600) saveResult('soak', { sessions: losses, seconds: SECONDS, warmUpMessagesPerSession: WARM_UP, messagesPerSession: sent, faults: faultCounts, lost, duplicated, heapMeanBytes: mb, heapSlopeBytesPerMinute: slope, flat });
  if (lost || duplicated || !flat) process.exitCode = 1;
} finally {
  emulator.stop();
}
