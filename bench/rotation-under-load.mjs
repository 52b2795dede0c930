// Rotation under load: many sessions whose sockets the service closes a few seconds after they open (the emulator's
// default reading of ConnectionExpiry: the URL's connect deadline, and a socket lifetime of its own), so that each
// session rotates its socket on its age every 2.5 s, with agent messages flowing all the time, until 1,000 rotations
// have happened. Every session must have every message once: 0 lost, 0
// duplicated. No baseline: the target is absolute.
import { connectParticipant } from '@connect-participant/transport-node';
import { control, fmt, saveResult, sleep, startEmulatorProcess, table, until, verifyDelivery } from './lib.mjs';

const ROTATIONS = Number(process.env.ROTATIONS ?? 1000);
const SESSIONS = Number(process.env.ROTATION_SESSIONS ?? 50);
const LIFETIME_MS = 4_000;

const emulator = await startEmulatorProcess(['--websocket-lifetime-ms', String(LIFETIME_MS)]);
const started = performance.now();
try {
  const chats = [];
  for (let i = 0; i < SESSIONS; i++) {
    const chat = await control(emulator.endpoint, '/emulator/contacts', {});
    const session = connectParticipant({
      participantToken: chat.ParticipantToken,
      endpoint: emulator.endpoint,
      rotation: { maxSocketLifetimeMs: 2_500, minIntervalMs: 1_000 },
      grant: { safetyMarginMs: 1_000 },
    });
    const delivered = [];
    let rotations = 0;
    session.messages$.subscribe((item) => item.Type === 'MESSAGE' && delivered.push(item.Id));
    session.connection$.subscribe((e) => e.type === 'rotated' && rotations++);
    chats.push({ chat, session, delivered, rotations: () => rotations });
  }
  await until(() => chats.every((c) => c.session.state.status === 'connected'), 'all sessions connected');
  const total = () => chats.reduce((n, c) => n + c.rotations(), 0);
  let sent = 0;
  while (total() < ROTATIONS) {
    // Traffic on every contact, all the time: the overlap of two sockets is where items would be lost or doubled.
    await Promise.all(chats.map((c) => control(emulator.endpoint, `/emulator/contacts/${c.chat.ContactId}/agent/messages`, { Content: `m${sent}` })));
    sent++;
    await sleep(20);
  }
  await sleep(1_000);
  const { lost, duplicated } = await verifyDelivery(emulator.endpoint, chats);
  for (const c of chats) await c.session.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nrotation under load: ${SESSIONS} sessions, sockets closed ${LIFETIME_MS / 1000} s after they open and rotated at 2.5 s, messages on every contact every ~20 ms`);
  table(['rotations', 'messages per session', 'lost', 'duplicated', 'seconds'], [[fmt(total()), fmt(sent), String(lost), String(duplicated), fmt(seconds, 1)]]);
  console.log(`target: 0 lost, 0 duplicated — ${lost === 0 && duplicated === 0 ? 'met' : 'MISSED'}`);
  saveResult('rotation-under-load', { sessions: SESSIONS, rotations: total(), messagesPerSession: sent, lost, duplicated, seconds });
  if (lost || duplicated) process.exitCode = 1;
} finally {
  emulator.stop();
}
