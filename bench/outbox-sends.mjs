// What the outbox costs a sender (issue 18): every sendMessage goes through it, one at a time in call order.
// Against the floor measured in the same run, the same SendMessage requests made with Node's fetch and the same
// ConnectionToken: one after another (what the outbox does), and all at once (what an app without order gets).
// Rounds interleave the three, so each meets the same machine; figures are medians per message over the rounds.
import { connectParticipant } from '@connect-participant/transport-node';
import { control, fmt, median, saveResult, startEmulatorProcess, table, until } from './lib.mjs';

const MESSAGES = Number(process.env.OUTBOX_MESSAGES ?? 200);
const ROUNDS = Number(process.env.OUTBOX_ROUNDS ?? 9);

const emulator = await startEmulatorProcess();
const sessions = [];
try {
  const { ParticipantToken } = await control(emulator.endpoint, '/emulator/contacts', {});
  const session = connectParticipant({ participantToken: ParticipantToken, endpoint: emulator.endpoint, start: 'now', outbox: { maxLength: MESSAGES } });
  sessions.push(session);
  await until(() => session.state.status === 'connected', 'connected');
  const token = await session.connectionToken();
  let n = 0;
  const raw = (Content) =>
    fetch(`${emulator.endpoint}/participant/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
      body: JSON.stringify({ ContentType: 'text/plain', Content, ClientToken: `raw-${++n}` }),
    }).then((r) => r.text().then(JSON.parse));
  const ways = {
    'raw fetch, one after another': async (texts) => {
      for (const t of texts) await raw(t);
    },
    'raw fetch, all at once (no order)': (texts) => Promise.all(texts.map(raw)),
    'sendMessage, all at once (the outbox: in order)': (texts) => Promise.all(texts.map((t) => session.sendMessage({ ContentType: 'text/plain', Content: t }))),
    'sendMessage, one after another': async (texts) => {
      for (const t of texts) await session.sendMessage({ ContentType: 'text/plain', Content: t });
    },
  };
  const names = Object.keys(ways);
  const perMessage = Object.fromEntries(names.map((k) => [k, []]));
  // A first round of each is warm-up.
  for (let round = -1; round < ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + Math.max(round, 0)) % names.length];
      const texts = Array.from({ length: MESSAGES }, (_, j) => `${name} ${round} ${j}`);
      const started = performance.now();
      await ways[name](texts);
      if (round >= 0) perMessage[name].push(((performance.now() - started) * 1000) / MESSAGES);
    }
  }
  const floor = median(perMessage[names[0]]);
  const figures = Object.fromEntries(names.map((k) => [k, { usPerMessage: median(perMessage[k]), ratio: median(perMessage[k]) / floor }]));
  console.log(`\n${MESSAGES} SendMessage per round, ${ROUNDS} rounds, medians per message (emulator throttling off)\n`);
  table(
    ['how', 'µs per message', '× raw one after another'],
    names.map((k) => [k, fmt(figures[k].usPerMessage), `${fmt(figures[k].ratio, 2)}×`]),
  );
  saveResult('outbox-sends', { messages: MESSAGES, rounds: ROUNDS, figures });
} finally {
  for (const s of sessions) await s.close();
  emulator.stop();
}
