import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';

/**
 * Issue 18 on Node, with real processes: a client killed mid-conversation (SIGKILL, no clean close) and started
 * again on the same file store resumes from its cursor and sends what its outbox held. The child runs the package's
 * built dist, as an app would.
 */
const CHILD = fileURLToPath(new URL('./fixtures/resume-child.mjs', import.meta.url));
const KEY = 'connect-participant';

/** What the child prints, one JSON object a line (see the fixture). */
interface Line {
  state?: string;
  error?: string;
  item?: { Id?: string; Type?: string; ContentType?: string; Content?: string; ParticipantRole?: string };
  outbox?: { Content?: string; status: string }[];
  event?: string;
  sent?: { Content: string; Id?: string };
  sendFailed?: { Content: string; error: string };
  /** A line that was not JSON (a warning of Node's, say), kept for the failure message. */
  raw?: string;
}

function parseLine(line: string): Line {
  try {
    return JSON.parse(line) as Line;
  } catch {
    return { raw: line };
  }
}

/** The record a session keeps in its file (core's saved-chat.ts), as far as these tests read it. */
interface SavedRecord {
  token?: string;
  cursor?: { Id: string; AbsoluteTime: string };
  outbox: { input: { Content?: string; ClientToken: string } }[];
}

class Child {
  readonly lines: Line[] = [];
  stderr = '';
  killed = false;
  readonly process: ChildProcessWithoutNullStreams;
  readonly exited: Promise<void>;

  constructor(store: string, endpoint: string, participantToken?: string) {
    const env = { ...process.env };
    delete env['CP_PARTICIPANT_TOKEN'];
    if (participantToken !== undefined) env['CP_PARTICIPANT_TOKEN'] = participantToken;
    this.process = spawn(process.execPath, [CHILD, store, endpoint], { env, stdio: 'pipe' });
    createInterface({ input: this.process.stdout }).on('line', (line) => this.lines.push(parseLine(line)));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** The Content of every MESSAGE delivered on messages$, in order. */
  messages(): (string | undefined)[] {
    return this.lines.flatMap((l) => (l.item?.Type === 'MESSAGE' ? [l.item.Content] : []));
  }

  itemIds(): (string | undefined)[] {
    return this.lines.flatMap((l) => (l.item ? [l.item.Id] : []));
  }

  statuses(): string[] {
    return this.lines.flatMap((l) => (l.state === undefined ? [] : [l.state]));
  }

  /** The latest outbox the child printed. */
  outbox(): { Content?: string; status: string }[] | undefined {
    return this.lines.filter((l) => l.outbox !== undefined).at(-1)?.outbox;
  }

  send(text: string): void {
    this.process.stdin.write(`${text}\n`);
  }

  /** SIGKILL: no close, no flush, no exit handler; the process is gone when this resolves. */
  async kill(): Promise<void> {
    this.killed = true;
    if (this.alive) this.process.kill('SIGKILL');
    await this.exited;
  }

  describe(): string {
    return `child lines:\n${this.lines.map((l) => JSON.stringify(l)).join('\n')}\nchild stderr:\n${this.stderr}`;
  }
}

let emu: Emulator;
/** The emulator's log: one line per call answered (`SendMessage 200`), even to a client gone meanwhile. */
const log: string[] = [];
const children: Child[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  // The child imports the package as an app does, from its build: say so rather than time out without one.
  await access(fileURLToPath(new URL('../dist/index.js', import.meta.url))).catch(() => {
    throw new Error('resume-restart needs the built packages: npm run build -w @connect-participant/core -w @connect-participant/transport-node');
  });
  emu = await startEmulator({ throttle: false, log: (line) => log.push(line) });
});
afterEach(async () => {
  emu.faults.clear();
  // A failed test leaves its children running: none outlives it.
  await Promise.all(children.splice(0).map((c) => c.kill()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
afterAll(() => emu.close());

const until = async (probe: () => boolean | Promise<boolean>, what: string, ms = 10_000, about?: Child) => {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (about && !about.alive && !about.killed) throw new Error(`the child exited while waiting for ${what}\n${about.describe()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${about ? `\n${about.describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

function start(store: string, participantToken?: string): Child {
  const child = new Child(store, emu.endpoint, participantToken);
  children.push(child);
  return child;
}

async function connected(child: Child): Promise<Child> {
  await until(() => child.statuses().includes('connected'), 'the child to connect', 10_000, child);
  return child;
}

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-resume-'));
  dirs.push(dir);
  return join(dir, 'chat.json');
}

/** The session's record in the file, or undefined before its first write. */
async function record(store: string): Promise<SavedRecord | undefined> {
  try {
    return (JSON.parse(await readFile(store, 'utf8')) as { [KEY]?: SavedRecord })[KEY];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The customer's messages in the emulator's transcript, in order. */
const customerMessages = (contactId: string) =>
  emu
    .contact(contactId)
    .transcript.filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER')
    .map((i) => i.Content);

const transcriptId = (contactId: string, content: string) => emu.contact(contactId).transcript.find((i) => i.Type === 'MESSAGE' && i.Content === content)?.Id;

describe('a client process killed and started again on the same file store', () => {
  it('resumes from its cursor: what came while it was down, once each, and nothing it had already delivered', async () => {
    const chat = await emu.startChatContact({ DisplayName: 'Ada' });
    const agent = emu.agent(chat.ContactId);
    const store = await scratch();

    const first = await connected(start(store, chat.ParticipantToken));
    await agent.sendMessage('a1');
    await agent.sendMessage('a2');
    await until(() => first.messages().includes('a2'), 'a1 and a2', 10_000, first);
    first.send('c1');
    await until(() => transcriptId(chat.ContactId, 'c1') !== undefined, 'c1 in the transcript', 10_000, first);
    // The cursor is written after each delivery, asynchronously: a kill before the write lands would (rightly)
    // deliver c1 again. What is under test is the resume from a cursor on disk, so the kill waits for it.
    const c1 = transcriptId(chat.ContactId, 'c1');
    await until(async () => (await record(store))?.cursor?.Id === c1, 'the cursor at c1 on disk', 10_000, first);
    // The file holds the ParticipantToken (saveToken defaults to true): it is its owner's alone.
    expect((await stat(store)).mode & 0o777).toBe(0o600);
    expect(first.messages()).toEqual(['a1', 'a2', 'c1']);

    await first.kill();
    await agent.sendMessage('b1');
    await agent.sendMessage('b2');

    // No token this time: the one it connects with can only come from the file.
    const second = await connected(start(store));
    await until(() => second.messages().includes('b2'), 'b1 and b2', 10_000, second);
    await agent.sendMessage('after');
    await until(() => second.messages().includes('after'), 'after', 10_000, second);
    // The child's own message comes back after 'after': a late duplicate of anything before it would be seen first.
    second.send('c2');
    await until(() => second.messages().includes('c2'), 'the echo of c2', 10_000, second);

    expect(second.messages()).toEqual(['b1', 'b2', 'after', 'c2']);
    // Nor any event it had delivered before (the participants' joins): nothing before the cursor, of any type.
    const before = new Set(first.itemIds());
    expect(second.itemIds().filter((id) => before.has(id))).toEqual([]);
    expect(second.statuses()).not.toContain('failed');
    expect(customerMessages(chat.ContactId)).toEqual(['c1', 'c2']);
  });

  it('sends the outbox it kept, in order and once each, when the sends never reached the service', async () => {
    const chat = await emu.startChatContact({ DisplayName: 'Ada' });
    const store = await scratch();
    const first = await connected(start(store, chat.ParticipantToken));

    // Every SendMessage is refused (500, retryable) until the fault is cleared: the sends stay queued.
    emu.faults.failNext('SendMessage', 1_000);
    first.send('queued-1');
    first.send('queued-2');
    await until(async () => (await record(store))?.outbox.map((e) => e.input.Content).join() === 'queued-1,queued-2', 'both sends in the file', 10_000, first);
    // An attempt was made and refused: the fault, not a slow start, is what holds them.
    await until(() => first.lines.some((l) => l.outbox?.[0]?.status === 'sending'), 'an attempt of queued-1', 10_000, first);
    expect(customerMessages(chat.ContactId)).toEqual([]);

    await first.kill();
    emu.faults.clear();

    const second = await connected(start(store));
    await until(() => customerMessages(chat.ContactId).length >= 2, 'both sends in the transcript', 10_000, second);
    await until(async () => second.outbox()?.length === 0 && (await record(store))?.outbox.length === 0, 'an empty outbox, on disk too', 10_000, second);

    expect(customerMessages(chat.ContactId)).toEqual(['queued-1', 'queued-2']);
    expect(first.lines.some((l) => l.sent !== undefined)).toBe(false);
  });

  it('sends the outbox it kept once each when the first attempt reached the service but its answer was lost', async () => {
    const chat = await emu.startChatContact({ DisplayName: 'Ada' });
    const store = await scratch();
    const first = await connected(start(store, chat.ParticipantToken));

    // The emulator holds the first SendMessage for this long, then records it: the process is killed meanwhile (5 s:
    // the steps up to the kill must fit in it on a loaded machine).
    emu.faults.delay('SendMessage', 5_000, 1);
    const answered = () => log.slice(logged).filter((line) => line === 'SendMessage 200').length;
    const logged = log.length;
    first.send('queued-1');
    first.send('queued-2');
    await until(async () => (await record(store))?.outbox.map((e) => e.input.Content).join() === 'queued-1,queued-2', 'both sends in the file', 10_000, first);
    await until(() => first.lines.some((l) => l.outbox?.[0]?.status === 'sending'), 'queued-1 in flight', 10_000, first);
    const clientTokens = (await record(store))?.outbox.map((e) => e.input.ClientToken);
    await first.kill();
    expect(customerMessages(chat.ContactId)).toEqual([]);
    emu.faults.clear();

    const second = await connected(start(store));
    await until(async () => second.outbox()?.length === 0 && (await record(store))?.outbox.length === 0, 'an empty outbox, on disk too', 10_000, second);
    // Three answers: the held request (to a process long gone), queued-1 again, queued-2. With the ClientToken kept
    // across the restart, queued-1 twice is one send.
    await until(() => answered() === 3, 'the held request to land', 15_000, second);

    expect(customerMessages(chat.ContactId)).toEqual(['queued-1', 'queued-2']);
    expect(new Set(clientTokens).size).toBe(2);
  });
});
