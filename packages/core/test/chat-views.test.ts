import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/client/invoke.js';
import { TYPING_EVENT } from '../src/model/event-types.js';
import type { Item } from '../src/model/shapes.js';
import { ChatViews } from '../src/session/chat-views.js';
import type { Conversation } from '../src/session/conversation-view.js';
import type { TranscriptPage } from '../src/session/gap-fill.js';
import type { OutboxChange, OutboxEntry } from '../src/session/outbox.js';

// ---- helpers --------------------------------------------------------------------------------------------------

const at = (s: number): string => new Date(Date.UTC(2026, 11, 2) + s * 1000).toISOString();

const entryOf = (token: string, Content = token, extra: Partial<OutboxEntry> = {}): OutboxEntry =>
  ({ operation: 'SendMessage', input: { ContentType: 'text/plain', Content, ClientToken: token }, queuedAt: 0, status: 'queued', attempts: 0, ...extra }) as OutboxEntry;

const agent = (Id: string, s: number): Item => ({ Id, AbsoluteTime: at(s), Type: 'MESSAGE', ContentType: 'text/plain', Content: Id, ParticipantId: 'agent', ParticipantRole: 'AGENT' });

/** Views with every conversation emission recorded. */
function viewed(needsHistory = false) {
  const views = new ChatViews(needsHistory);
  const emitted: Conversation[] = [];
  views.conversation.hub.subscribe((c) => emitted.push(c));
  const rows = () => (emitted.at(-1)?.entries ?? []).map((e) => [e.key, e.Id, e.status, e.error?.message]);
  return { views, emitted, rows };
}

/** Transcript page reads, answered by the test. */
function pages() {
  const reads: { token: string | undefined; outcome: Outcome<TranscriptPage>; cancelled: number }[] = [];
  const readPage = (token: string | undefined, outcome: Outcome<TranscriptPage>) => {
    const read = { token, outcome, cancelled: 0 };
    reads.push(read);
    return () => void read.cancelled++;
  };
  return { reads, readPage };
}

// ---- tests ----------------------------------------------------------------------------------------------------

describe('ChatViews.follow: the outbox as the conversation shows it', () => {
  it('queued → pending, sending and waiting → no change, sent → sent with its Id', () => {
    const { views, emitted, rows } = viewed();
    const entry = entryOf('t', 'hello');
    views.follow({ kind: 'queued', entry });
    expect(rows()).toEqual([['t', undefined, 'pending', undefined]]);
    expect(emitted.at(-1)?.entries[0]?.item).toMatchObject({ Type: 'MESSAGE', ContentType: 'text/plain', Content: 'hello' });
    const before = emitted.length;
    views.follow({ kind: 'sending', entry: { ...entry, status: 'sending', attempts: 1 } });
    views.follow({ kind: 'waiting', entry: { ...entry, attempts: 1 } });
    views.follow({ kind: 'sending', entry: { ...entry, status: 'sending', attempts: 2 } });
    expect(emitted.length).toBe(before);
    views.follow({ kind: 'sent', entry, output: { Id: 'm', AbsoluteTime: at(3) } });
    expect(rows()).toEqual([['t', 'm', 'sent', undefined]]);
    expect(emitted.at(-1)?.entries[0]?.item.AbsoluteTime).toBe(at(3));
  });

  it('failed → failed with the error; retried → pending again; discarded → gone', () => {
    const { views, emitted, rows } = viewed();
    const entry = entryOf('t');
    views.follow({ kind: 'queued', entry });
    const error = new Error('refused');
    views.follow({ kind: 'failed', entry: { ...entry, status: 'failed', error }, error });
    expect(rows()).toEqual([['t', undefined, 'failed', 'refused']]);
    expect(emitted.at(-1)?.entries[0]?.error).toBe(error);
    views.follow({ kind: 'retried', entry });
    expect(rows()).toEqual([['t', undefined, 'pending', undefined]]);
    views.follow({ kind: 'failed', entry: { ...entry, status: 'failed', error }, error });
    const failed = emitted.at(-1)?.entries[0];
    views.follow({ kind: 'discarded', entry: { ...entry, status: 'failed', error } });
    expect(rows()).toEqual([]);
    expect(emitted.at(-1)?.changed).toBe(failed);
  });

  it('shows a failed send restored from a store (queued with its error) as failed', () => {
    const { views, rows } = viewed();
    views.follow({ kind: 'queued', entry: entryOf('kept', 'x', { status: 'failed', error: new Error('expired') }) });
    expect(rows()).toEqual([['kept', undefined, 'failed', 'expired']]);
  });

  it('shows messages only: events and attachments are not in the conversation', () => {
    const { views, emitted } = viewed();
    const changes: OutboxChange[] = [
      { kind: 'queued', entry: { operation: 'SendEvent', input: { ContentType: TYPING_EVENT, ClientToken: 'e' }, queuedAt: 0, status: 'queued', attempts: 0 } },
      { kind: 'queued', entry: { operation: 'attachment', input: { ClientToken: 'a', AttachmentName: 'a.png', ContentType: 'image/png' }, queuedAt: 0, status: 'queued', attempts: 0 } },
      { kind: 'failed', entry: { operation: 'SendEvent', input: { ContentType: TYPING_EVENT, ClientToken: 'e' }, queuedAt: 0, status: 'failed', attempts: 1 }, error: new Error('x') },
      { kind: 'sent', entry: { operation: 'attachment', input: { ClientToken: 'a', AttachmentName: 'a.png', ContentType: 'image/png' }, queuedAt: 0, status: 'sending', attempts: 1 }, output: { Id: 'att' } },
    ];
    for (const change of changes) views.follow(change);
    expect(emitted).toHaveLength(1);
  });

  it('merges the echo of a sent message into its entry', () => {
    const { views, rows } = viewed();
    const entry = entryOf('t', 'hi');
    views.follow({ kind: 'queued', entry });
    views.follow({ kind: 'sent', entry, output: { Id: 'm', AbsoluteTime: at(2) } });
    views.record({ ...agent('m', 2), Content: 'hi', ParticipantId: 'me', ParticipantRole: 'CUSTOMER' });
    expect(rows()).toEqual([['t', 'm', 'sent', undefined]]);
  });
});

describe('ChatViews.needHistory', () => {
  it('before anything was recorded, has the history read once the socket is subscribed', () => {
    const { views, rows } = viewed(false);
    const { reads, readPage } = pages();
    views.readHistory(readPage, 10, () => undefined);
    expect(reads).toHaveLength(0);
    views.needHistory();
    views.readHistory(readPage, 10, () => undefined);
    expect(reads).toHaveLength(1);
    // A second subscription while the read is under way does not read again.
    views.readHistory(readPage, 10, () => undefined);
    expect(reads).toHaveLength(1);
    reads[0]?.outcome.value({ output: { Transcript: [agent('b', 2), agent('a', 1)] } });
    expect(rows().map((r) => r[0])).toEqual(['a', 'b']);
    views.readHistory(readPage, 10, () => undefined);
    expect(reads).toHaveLength(1);
  });

  it('once an item was recorded, changes nothing', () => {
    const { views } = viewed(false);
    const { reads, readPage } = pages();
    views.record(agent('live', 5));
    views.needHistory();
    views.readHistory(readPage, 10, () => undefined);
    expect(reads).toHaveLength(0);
  });

  it('after a history was read into the conversation, does not read it again', () => {
    const { views } = viewed(true);
    const { reads, readPage } = pages();
    views.readHistory(readPage, 10, () => undefined);
    reads[0]?.outcome.value({ output: { Transcript: [agent('a', 1)] } });
    views.needHistory();
    views.readHistory(readPage, 10, () => undefined);
    expect(reads).toHaveLength(1);
  });

  // A regression: "nothing recorded" was once judged by the conversation's version, which an own send shown pending
  // also moves (an app that sent before its resumed session started never got the history before the cursor).
  it('an own send shown before the cursor is known does not keep the history from being read', () => {
    const { views } = viewed(false);
    const { reads, readPage } = pages();
    views.follow({ kind: 'queued', entry: entryOf('t') });
    views.needHistory();
    views.readHistory(readPage, 10, () => undefined);
    expect(reads).toHaveLength(1);
  });

  it('a history read stopped with the views is cancelled', () => {
    const { views } = viewed(true);
    const { reads, readPage } = pages();
    views.readHistory(readPage, 10, () => undefined);
    views.stop();
    expect(reads[0]?.cancelled).toBe(1);
  });
});
