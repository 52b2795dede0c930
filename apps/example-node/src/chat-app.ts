import { createInterface } from 'node:readline';
import { startEmulator, type Emulator } from '@connect-participant/emulator';
import {
  connectParticipant,
  createReceiptSender,
  createTypingSender,
  messageReceipts$,
  typists$,
  type Item,
  type ParticipantSession,
  type SessionOptions,
} from '@connect-participant/transport-node';
import { startScriptedAgent } from './scripted-agent.js';
import { ConnectionStatus } from './status-line.js';

/** Where the chat runs: the embedded emulator (default), or a real or external service. */
export type Target = { readonly kind: 'embedded' } | { readonly kind: 'external'; readonly participantToken: string; readonly endpoint?: string; readonly region?: string };

export interface AppIo {
  write(line: string): void;
}

/**
 * Timings that make rotations visible within a minute on the embedded emulator. It plays the documented reading of
 * ConnectionExpiry (the URL's connect deadline, protocol.md §6.1), so sockets are rotated on their age: before the
 * emulator closes them at the end of their (shortened) lifetime.
 */
const EMBEDDED = { websocketLifetimeMs: 60_000, rotation: { maxSocketLifetimeMs: 40_000, minIntervalMs: 30_000 } };
const DEMO = { websocketLifetimeMs: 10_000, rotation: { maxSocketLifetimeMs: 6_000, minIntervalMs: 5_000 } };

interface Chat {
  readonly session: ParticipantSession;
  readonly status: ConnectionStatus;
  readonly emulator: Emulator | undefined;
  readonly agent: ParticipantSession | undefined;
  close(): Promise<void>;
}

const clock = () => new Date().toISOString().slice(11, 19);

/** A streamed message's chunk before the last: the terminal shows the message once, whole. */
const isPartialChunk = (item: Item) => item.MessageMetadata?.MessageCompleted === false;

function describe(item: Item): string | undefined {
  const who = item.DisplayName ?? item.ParticipantRole ?? 'system';
  if (item.Type === 'MESSAGE' && isPartialChunk(item)) return item.MessageMetadata?.ChunkNumber === 1 ? `-- ${who} is streaming a reply…` : undefined;
  const chunks = item.MessageMetadata?.MessageCompleted ? item.MessageMetadata.ChunkNumber : undefined;
  if (item.Type === 'MESSAGE') return `${who}: ${item.Content ?? ''}${chunks ? ` (streamed in ${chunks} chunks)` : ''}`;
  if (item.Type === 'ATTACHMENT') return `${who} sent ${item.Attachments?.map((a) => a.AttachmentName).join(', ')}`;
  const event = item.ContentType?.split('.').slice(-2).join('.');
  if (event === 'participant.joined') return `-- ${who} joined`;
  if (event === 'participant.left') return `-- ${who} left`;
  if (event === 'chat.ended') return '-- the chat has ended';
  return undefined;
}

/** Starts the chat: the emulator and its agent when embedded, then the customer's session. */
async function openChat(target: Target, io: AppIo, timings: typeof EMBEDDED): Promise<Chat> {
  let emulator: Emulator | undefined;
  let options: SessionOptions;
  let contactId = '';
  let customerId = '';
  if (target.kind === 'embedded') {
    emulator = await startEmulator({ websocketLifetimeMs: timings.websocketLifetimeMs, throttle: false, firstConnectionDeadlineMs: 0 });
    const chat = await emulator.startChatContact({ DisplayName: 'You' });
    contactId = chat.ContactId;
    customerId = chat.ParticipantId;
    options = { participantToken: chat.ParticipantToken, endpoint: emulator.endpoint, contactId: chat.ContactId, rotation: timings.rotation };
    io.write(`emulator on ${emulator.endpoint} (contact ${chat.ContactId})`);
  } else {
    options = {
      participantToken: target.participantToken,
      ...(target.endpoint ? { endpoint: target.endpoint } : { region: target.region as string }),
    };
  }
  const session = connectParticipant(options);
  const status = new ConnectionStatus(session);
  const receipts = createReceiptSender(session, { throttleMs: 1000 });
  session.messages$.subscribe((item) => {
    const line = describe(item);
    if (line) io.write(`[${clock()}] ${line}`);
    if (item.Type === 'MESSAGE' && item.ParticipantRole !== 'CUSTOMER' && item.Id) receipts.read(item.Id);
  });
  session.connection$.subscribe((e) => {
    if (e.type === 'lost') io.write(`-- connection lost (${e.error.message}); reconnecting`);
    if (e.type === 'rotated') io.write('-- websocket URL rotated: new socket subscribed, old one closed, nothing lost');
    if (e.type === 'gap-filled' && e.count > 0) io.write(`-- recovered ${e.count} item(s) sent while disconnected`);
    if (e.type === 'token-refreshed') io.write('-- ConnectionToken refreshed');
  });
  let typing: readonly string[] = [];
  typists$(session).subscribe((t) => {
    // Our own typing comes back on the socket too; only the other side's is news.
    const names = t.filter((x) => x.ParticipantRole !== 'CUSTOMER').map((x) => x.DisplayName ?? x.ParticipantRole ?? 'someone');
    if (names.length > 0 && names.join() !== typing.join()) io.write(`-- ${names.join(', ')} is typing…`);
    typing = names;
  });
  messageReceipts$(session).subscribe(() => undefined);
  await new Promise<void>((resolve, reject) =>
    session.state$.subscribe((s) => {
      if (s.status === 'connected') resolve();
      if (s.status === 'failed') reject(s.error);
      if (s.status === 'ended' || s.status === 'closed') reject(new Error(`the session ${s.status} before it connected`));
    }),
  );
  const agent = emulator
    ? await startScriptedAgent(emulator, contactId, { dropConnection: () => void emulator?.faults.dropSockets({ contactId, participantId: customerId }, 1006) })
    : undefined;
  return {
    session,
    status,
    emulator,
    agent,
    async close() {
      receipts.dispose();
      await session.close();
      await agent?.close();
      await emulator?.close();
    },
  };
}

/** Interactive: lines typed are sent, `/quit` leaves; the prompt carries the live status line. */
export async function runInteractive(target: Target, io: AppIo & { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Promise<number> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: (io.output as { isTTY?: boolean }).isTTY === true });
  let leaving = false;
  const say = (line: string) => {
    io.output.write(`\r\x1b[K${line}\n`);
    // Once the user has quit, no prompt: what still comes is shown, then the final state.
    if (!leaving) rl.prompt(true);
  };
  const chat = await openChat(target, { write: say }, EMBEDDED);
  const typing = createTypingSender(chat.session);
  say('type a message and press enter; "drop" or "rotate" to the agent for a demonstration; /quit to leave');
  const refresh = () => {
    rl.setPrompt(`[${chat.status.render()}] > `);
    rl.prompt(true);
  };
  const timer = setInterval(refresh, 1000);
  refresh();
  io.input.on('data', () => void typing.typing());
  const done = new Promise<number>((resolve) => {
    rl.on('line', (line) => {
      const text = line.trim();
      if (text === '/quit') return void rl.close();
      if (text) chat.session.sendMessage({ ContentType: 'text/plain', Content: text }).catch((e: Error) => say(`-- not sent: ${e.name}: ${e.message}`));
    });
    rl.on('close', () => {
      leaving = true;
      clearInterval(timer);
      // What the service still sends (a survey, a goodbye) is shown until the chat ends; then the final state.
      say('-- leaving the chat: waiting for it to end');
      void chat.session
        .disconnect()
        .catch((e: Error) => say(`-- DisconnectParticipant failed: ${e.name}: ${e.message}`))
        .then(() => say(`-- ${chat.status.summary()}`))
        .then(() => chat.close())
        .then(() => resolve(0));
    });
    chat.session.state$.subscribe((s) => {
      if (s.status === 'ended' && !leaving) say('-- the chat has ended; /quit to exit');
      if (s.status === 'failed') say(`-- failed: ${s.error.name}: ${s.error.message}`);
    });
  });
  return done;
}

/**
 * The scripted conversation: hello, a dropped connection with a message sent meanwhile, a URL rotation, goodbye.
 * Prints the transcript and checks that every message of the service's transcript was delivered once.
 */
export async function runDemo(io: AppIo): Promise<number> {
  const chat = await openChat({ kind: 'embedded' }, io, DEMO);
  const delivered: Item[] = [];
  chat.session.messages$.subscribe((i) => delivered.push(i));
  const waitFor = async (probe: () => boolean, what: string, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`demo: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const agentSaid = (text: string) => delivered.some((i) => i.ParticipantRole === 'AGENT' && i.Content?.includes(text));
  try {
    await waitFor(() => agentSaid('How can I help'), 'the greeting');
    await chat.session.sendMessage({ ContentType: 'text/plain', Content: 'Hi Grace! Can you show me a dropped connection? Please drop it.' });
    await waitFor(() => agentSaid('While you were away'), 'the message sent during the outage');
    await waitFor(() => chat.status.reconnects >= 1 && chat.session.state.status === 'connected', 'the reconnection');
    await chat.session.sendMessage({ ContentType: 'text/plain', Content: 'Got it. And how does rotate work?' });
    await waitFor(() => agentSaid('rotated before it expires'), 'the rotation answer');
    await waitFor(() => chat.status.rotations >= 1, 'a URL rotation');
    await chat.session.sendMessage({ ContentType: 'text/plain', Content: 'Can your bot stream a reply?' });
    await waitFor(() => delivered.some((i) => i.MessageMetadata?.MessageCompleted === true), 'the streamed reply');
    await chat.session.sendMessage({ ContentType: 'text/plain', Content: 'Thanks, bye!' });
    await waitFor(() => delivered.some((i) => i.Content === 'Thanks, bye!'), 'the goodbye');
    await waitFor(() => agentSaid('You said: "Thanks, bye!"'), "the agent's reply to the goodbye");
    const service = (await chat.session.getTranscript({ SortOrder: 'ASCENDING', MaxResults: 100 })).Transcript ?? [];
    // A streamed reply's chunks are updates of one message: it counts once, as the transcript holds it.
    const messages = (items: readonly Item[]) => items.filter((i) => i.Type === 'MESSAGE' && !isPartialChunk(i)).map((i) => i.Id);
    const lost = messages(service).filter((id) => !messages(delivered).includes(id));
    const duplicated = messages(delivered).length - new Set(messages(delivered)).size;
    io.write('');
    io.write('transcript:');
    for (const item of service) {
      const line = describe(item);
      if (line) io.write(`  ${line}`);
    }
    io.write(`messages: ${messages(service).length} sent, ${messages(delivered).length} delivered, ${lost.length} lost, ${duplicated} duplicated; ${chat.status.rotations} rotation(s), ${chat.status.reconnects} reconnection(s)`);
    await chat.session.disconnect().catch(() => undefined);
    return lost.length === 0 && duplicated === 0 ? 0 : 1;
  } finally {
    await chat.close();
  }
}
