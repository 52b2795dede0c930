import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario, runCli, type Scenario } from '@connect-participant/emulator';
import { emulator, subscribed, track } from './fixtures.js';
import { call, connect } from './http-client.js';
import { chatItems } from './socket-client.js';

const EVENT = 'application/vnd.amazonaws.connect.event.';
const example = (name: string) => new URL(`../scenarios/${name}.json`, import.meta.url);

const QUICK: Scenario = {
  name: 'quick',
  agent: { DisplayName: 'Sam' },
  onJoin: [{ typing: true }, { say: 'Hello!' }],
  replies: [
    { keywords: ['refund'], steps: [{ receipt: 'read' }, { say: 'Order number?', contentType: 'text/markdown' }] },
    { pattern: '^\\d+$', steps: [{ stream: 'Found your order.', chunks: 3 }] },
    { keywords: ['billing'], steps: [{ transfer: 'succeeded', to: 'Alex' }, { say: 'Alex here.' }] },
    { keywords: ['invite'], steps: [{ event: 'participant.invited' }] },
    { keywords: ['bye'], steps: [{ wait: 10 }, { end: true }] },
  ],
  fallback: [{ receipt: 'delivered' }, { say: 'Tell me more?' }],
};

async function customerOf(emu: Awaited<ReturnType<typeof emulator>>) {
  const chat = await emu.startChatContact();
  const grant = await connect(emu.endpoint, chat.ParticipantToken);
  const client = await subscribed(grant.url);
  const say = (Content: string) => call(emu.endpoint, '/participant/message', { token: grant.connectionToken, body: { ContentType: 'text/plain', Content } });
  return { chat, client, say };
}

describe('scenarios', () => {
  it('greet on join, answer keywords and patterns, stream, receipts, transfer, fallback and end', async () => {
    const emu = await emulator({ scenario: QUICK });
    const { chat, client, say } = await customerOf(emu);
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}typing`);
    const hello = await client.next((f) => f.kind === 'chat' && f.item.Content === 'Hello!');
    expect(hello.kind === 'chat' && hello.item.DisplayName).toBe('Sam');

    const refund = await say('I want a refund');
    await client.next((f) => f.kind === 'chat' && f.item.Type === 'MESSAGEMETADATA' && f.item.MessageMetadata?.MessageId === refund.json['Id']);
    await client.next((f) => f.kind === 'chat' && f.item.Content === 'Order number?' && f.item.ContentType === 'text/markdown');

    await say('123456');
    const done = await client.next((f) => f.kind === 'chat' && f.item.MessageMetadata?.MessageCompleted === true);
    expect(done.kind === 'chat' && done.item.Content).toBe('Found your order.');

    await say('what about the weather');
    await client.next((f) => f.kind === 'chat' && f.item.Content === 'Tell me more?');

    await say('billing please');
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}transfer.succeeded`);
    const alex = await client.next((f) => f.kind === 'chat' && f.item.Content === 'Alex here.');
    expect(alex.kind === 'chat' && alex.item.DisplayName).toBe('Alex');

    await say('please invite someone');
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}participant.invited`);
    await say('bye');
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}chat.ended`);
    // Replies ran one list at a time, in the order their messages came.
    const transcript = emu.contact(chat.ContactId).transcript;
    const replies = transcript.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole !== 'CUSTOMER').map((i) => i.Content);
    expect(replies).toEqual(['Hello!', 'Order number?', 'Found your order.', 'Tell me more?', 'Alex here.']);
  });

  it('ends chats after endAfterMs and applies its idle timers', async () => {
    // endAfterMs was 500, too tight on a loaded CI machine for connect, open, subscribe and the idle event before it.
    const emu = await emulator({ scenario: { endAfterMs: 2_000, idleTimers: { idleAfterMs: 50 } } });
    const { client } = await customerOf(emu);
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}participant.idle`);
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}chat.ended`, 5_000);
  });

  it('refuses a bad scenario before listening, naming the member', async () => {
    await expect(emulator({ scenario: { replies: [{ keywords: ['x'], steps: [{ say: '' }] }] } as never })).rejects.toThrow(
      'scenario.replies[0].steps[0]: say must be a non-empty string',
    );
    expect(() => checkScenario({ onJoin: [{ wait: 1, say: 'two kinds' }] })).toThrow(/exactly one/);
    expect(() => checkScenario({ replies: [{ steps: [] }] })).toThrow(/keywords or a pattern/);
    expect(() => checkScenario({ replies: [{ pattern: '(', steps: [] }] })).toThrow(/regular expression/);
    expect(() => checkScenario({ onJoin: [{ event: 'chat.exploded' }] })).toThrow(/event must be/);
    expect(() => checkScenario({ greeting: 'hi' })).toThrow(/greeting: is not a scenario member/);
    expect(() => checkScenario([])).toThrow(/JSON object/);
  });

  it('ships two example scenarios that are valid', () => {
    for (const name of ['support-agent', 'streaming-bot']) {
      const scenario = checkScenario(JSON.parse(readFileSync(example(name), 'utf8')));
      expect(scenario.name).toBeTruthy();
      expect(scenario.replies?.length).toBeGreaterThan(1);
    }
  });

  it('the streaming bot example greets with a streamed reply, from the CLI with --scenario', async () => {
    const err: string[] = [];
    const out: string[] = [];
    const outcome = await runCli(['--port', '0', '--scenario', example('streaming-bot').pathname], { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
    if (!('emulator' in outcome)) throw new Error(err.join(''));
    const emu = track(outcome.emulator);
    expect(out.join('')).toContain('scenario: Streaming bot');
    const { client } = await customerOf(emu);
    const greeting = await client.next((f) => f.kind === 'chat' && f.item.MessageMetadata?.MessageCompleted === true, 5000);
    expect(greeting.kind === 'chat' && greeting.item.Content).toMatch(/^Hello! I'm the virtual assistant/);
    expect(chatItems(client).filter((i) => i.MessageMetadata?.MessageCompleted === false).length).toBe(5);
  });

  it('--scenario refuses a missing file or a bad one with usage and exit code 2', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => err.push(t) };
    expect(await runCli(['--scenario', '/nonexistent/scenario.json'], io, {})).toEqual({ exitCode: 2 });
    expect(err.join('')).toContain('--scenario cannot read /nonexistent/scenario.json: ENOENT');
    expect(await runCli(['--scenario', new URL('../package.json', import.meta.url).pathname], io, {})).toEqual({ exitCode: 2 });
    expect(err.join('')).toMatch(/is not a scenario member/);
  });
});
