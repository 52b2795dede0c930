import { describe, expect, it } from 'vitest';
import type { Conversation, ConversationEntry, Item } from '@connect-participant/core';
import { ConversationView } from '../src/session/conversation-view.js';
import { Roster } from '../src/session/roster.js';

const at = (s: number): string => new Date(Date.UTC(2026, 11, 2) + s * 1000).toISOString();
const EVENT = 'application/vnd.amazonaws.connect.event.';

/** A view with every emission recorded. */
function viewed() {
  const view = new ConversationView();
  const emitted: Conversation[] = [];
  view.hub.subscribe((c) => emitted.push(c));
  const entries = () => emitted.at(-1)?.entries ?? [];
  const only = (): ConversationEntry => {
    expect(entries()).toHaveLength(1);
    return entries()[0] as ConversationEntry;
  };
  return { view, emitted, entries, only, texts: () => entries().map((e) => e.item.Content) };
}

const message = (Id: string, s: number, Content = Id, extra: Partial<Item> = {}): Item => ({
  Id,
  AbsoluteTime: at(s),
  Type: 'MESSAGE',
  ContentType: 'text/plain',
  Content,
  ParticipantId: 'agent',
  ParticipantRole: 'AGENT',
  ...extra,
});

const chunk = (n: number, Content: string, extra: Partial<Item> = {}): Item =>
  message('bot-1', 10 + n, Content, { ParticipantRole: 'SYSTEM', ParticipantId: 'bot', MessageMetadata: { ChunkNumber: n, MessageCompleted: false }, ...extra });

const receipt = (MessageId: string, kind: 'DeliveredTimestamp' | 'ReadTimestamp', recipient = 'agent'): Item => ({
  Id: `receipt-${MessageId}-${kind}`,
  AbsoluteTime: at(50),
  Type: 'MESSAGEMETADATA',
  MessageMetadata: { MessageId, Receipts: [{ [kind]: at(50), RecipientParticipantId: recipient }] },
});

describe('ConversationView: order, and no copy per update', () => {
  it('keeps entries ordered by time, then arrival, in one list updated in place', () => {
    const { view, emitted, entries } = viewed();
    view.record(message('b', 2));
    view.record(message('c', 3));
    view.record(message('a', 1));
    view.record(message('b2', 2));
    expect(entries().map((e) => e.key)).toEqual(['a', 'b', 'b2', 'c']);
    // One list throughout: a new emission object per change, never a new array.
    expect(new Set(emitted.map((c) => c.entries)).size).toBe(1);
    expect(emitted.map((c) => c.version)).toEqual([0, 1, 2, 3, 4]);
    expect(emitted.at(-1)?.changed?.key).toBe('b2');
  });

  it('replaces an updated entry by a new object and leaves the others as they were', () => {
    const { view, entries } = viewed();
    view.record(message('a', 1));
    view.record(message('b', 2, 'photo', { Type: 'ATTACHMENT', Attachments: [{ AttachmentId: 'x', Status: 'IN_PROGRESS' }] }));
    const [a, before] = entries();
    view.record(message('b', 3, 'photo', { Type: 'ATTACHMENT', Attachments: [{ AttachmentId: 'x', Status: 'APPROVED' }] }));
    const [a2, after] = entries();
    expect(a2).toBe(a);
    expect(after).not.toBe(before);
    expect(after?.item.Attachments).toEqual([{ AttachmentId: 'x', Status: 'APPROVED' }]);
    // An update keeps the entry's time and so its place.
    expect(after?.item.AbsoluteTime).toBe(at(2));
  });

  it('merges a processing status update, keeping what the update does not carry', () => {
    const { view, only } = viewed();
    view.record(message('m', 1, 'hello', { MessageMetadata: { MessageProcessingStatus: 'PROCESSING' } }));
    view.record({ Id: 'm', AbsoluteTime: at(2), Type: 'MESSAGE', MessageMetadata: { MessageProcessingStatus: 'FAILED' } });
    expect(only().item).toMatchObject({ Content: 'hello', ParticipantId: 'agent', MessageMetadata: { MessageProcessingStatus: 'FAILED' } });
  });

  it('clears a processing status when a version without one comes (the message was processed)', () => {
    const { view, only } = viewed();
    view.record(message('m', 1, 'hello', { MessageMetadata: { MessageId: 'm', MessageProcessingStatus: 'PROCESSING' } }));
    view.record(message('m', 2, 'hello'));
    expect(only().item.MessageMetadata).toEqual({ MessageId: 'm' });
  });

  it('keeps typing, receipts and acknowledgements out, and items without an Id in', () => {
    const { view, entries } = viewed();
    view.record({ Id: 't', Type: 'EVENT', ContentType: `${EVENT}typing` });
    view.record(receipt('nothing', 'ReadTimestamp'));
    view.record({ Id: 'k', Type: 'EVENT', ContentType: `${EVENT}connection.acknowledged` });
    view.record({ Type: 'EVENT', ContentType: `${EVENT}participant.joined`, AbsoluteTime: at(1) });
    view.record({ Type: 'EVENT', ContentType: `${EVENT}participant.left`, AbsoluteTime: at(2) });
    expect(entries().map((e) => e.item.ContentType)).toEqual([`${EVENT}participant.joined`, `${EVENT}participant.left`]);
    expect(new Set(entries().map((e) => e.key)).size).toBe(2);
  });
});

describe('ConversationView: streamed messages', () => {
  it('joins chunks in ChunkNumber order, holding one that comes early, then takes the completed text', () => {
    const { view, only } = viewed();
    view.record(chunk(1, 'The '));
    expect(only().item.Content).toBe('The ');
    expect(only().stream).toEqual({ complete: false, chunks: 1 });
    view.record(chunk(3, 'fox'));
    expect(only().item.Content).toBe('The ');
    view.record(chunk(2, 'quick '));
    expect(only().item.Content).toBe('The quick fox');
    expect(only().stream).toEqual({ complete: false, chunks: 3 });
    view.record(message('bot-1', 20, 'The quick brown fox', { ParticipantRole: 'SYSTEM', MessageMetadata: { ChunkNumber: 4, MessageCompleted: true } }));
    expect(only().item.Content).toBe('The quick brown fox');
    expect(only().stream).toEqual({ complete: true, chunks: 3 });
    // The message keeps its first chunk's time; a late chunk changes nothing.
    expect(only().item.AbsoluteTime).toBe(at(11));
    const done = only();
    view.record(chunk(2, 'quick '));
    expect(only()).toBe(done);
  });

  it('takes the transcript copy (no metadata) of a message whose chunks were cut off as its whole text', () => {
    const { view, only } = viewed();
    view.record(chunk(1, 'Hel'));
    view.record(message('bot-1', 11, 'Hello there', { ParticipantRole: 'SYSTEM' }));
    expect(only().item.Content).toBe('Hello there');
    expect(only().stream?.complete).toBe(true);
  });

  it('starts a message from an out-of-order chunk, showing nothing until the first arrives', () => {
    const { view, only } = viewed();
    view.record(chunk(2, 'lo'));
    expect(only().item.Content).toBe('');
    view.record(chunk(1, 'Hel'));
    expect(only().item.Content).toBe('Hello');
  });

  it('puts a chunk without a usable number after those held, and never grows a list to a huge number', () => {
    const { view, only } = viewed();
    view.record(chunk(1, 'a'));
    view.record(message('bot-1', 12, 'b', { MessageMetadata: { MessageCompleted: false } }));
    view.record(message('bot-1', 13, 'c', { MessageMetadata: { MessageCompleted: false, ChunkNumber: 1e12 } }));
    expect(only().item.Content).toBe('abc');
  });

  it('a 2,000-chunk reply is joined whole', () => {
    const { view, only } = viewed();
    for (let n = 1; n <= 2_000; n++) view.record(chunk(n, `${n} `));
    expect(only().stream?.chunks).toBe(2_000);
    expect(only().item.Content?.startsWith('1 2 3 ')).toBe(true);
    expect(only().item.Content?.endsWith('1999 2000 ')).toBe(true);
  });
});

describe("ConversationView: the participant's own messages", () => {
  it('pending from the call, sent with its Id and time, then delivered and read from receipts', () => {
    const { view, only } = viewed();
    view.sending('token-1', 'text/plain', 'hi');
    expect(only()).toMatchObject({ key: 'token-1', Id: undefined, own: true, status: 'pending', item: { Content: 'hi' } });
    view.sent('token-1', { Id: 'm1', AbsoluteTime: at(5), MessageMetadata: { MessageProcessingStatus: 'PROCESSING' } });
    expect(only()).toMatchObject({ key: 'token-1', Id: 'm1', status: 'sent', item: { AbsoluteTime: at(5), MessageMetadata: { MessageProcessingStatus: 'PROCESSING' } } });
    // The echo merges into it, and tells the participant's own Id.
    view.record(message('m1', 5, 'hi', { ParticipantId: 'me', ParticipantRole: 'CUSTOMER' }));
    expect(only()).toMatchObject({ key: 'token-1', status: 'sent', item: { ParticipantId: 'me' } });
    view.record(receipt('m1', 'DeliveredTimestamp'));
    expect(only().status).toBe('delivered');
    view.record(receipt('m1', 'ReadTimestamp'));
    expect(only().status).toBe('read');
    // A late delivered receipt does not take it back.
    view.record({ ...receipt('m1', 'DeliveredTimestamp'), Id: 'late' });
    expect(only().status).toBe('read');
  });

  it('matches the echo that comes before the answer by its text, and the answer to it by Id', () => {
    const { view, only, emitted } = viewed();
    view.sending('token-1', 'text/plain', 'hi');
    view.record(message('m1', 5, 'hi', { ParticipantId: 'me' }));
    expect(only()).toMatchObject({ key: 'token-1', Id: 'm1', status: 'sent', item: { AbsoluteTime: at(5) } });
    view.sent('token-1', { Id: 'm1', AbsoluteTime: at(5) });
    expect(only()).toMatchObject({ key: 'token-1', Id: 'm1', status: 'sent' });
    expect(emitted.at(-1)?.entries).toHaveLength(1);
  });

  it('an echo matched by text that turns out to be someone else’s message becomes an entry of its own', () => {
    const { view, entries } = viewed();
    view.sending('token-1', 'text/plain', 'ok');
    view.record(message('agent-ok', 4, 'ok'));
    view.sent('token-1', { Id: 'm1', AbsoluteTime: at(5) });
    expect(entries().map((e) => [e.key, e.Id, e.own, e.status])).toEqual([
      ['agent-ok', 'agent-ok', false, undefined],
      ['token-1', 'm1', true, 'sent'],
    ]);
  });

  it('two sends of the same text whose answers cross their echoes: both end sent, each with an Id', () => {
    const { view, entries } = viewed();
    view.sending('t1', 'text/plain', 'same');
    view.sending('t2', 'text/plain', 'same');
    view.record(message('m2', 6, 'same', { ParticipantId: 'me' }));
    view.sent('t2', { Id: 'm2', AbsoluteTime: at(6) });
    view.sent('t1', { Id: 'm1', AbsoluteTime: at(5) });
    view.record(message('m1', 5, 'same', { ParticipantId: 'me' }));
    expect(entries().map((e) => [e.Id, e.status, e.item.Content])).toEqual([
      ['m1', 'sent', 'same'],
      ['m2', 'sent', 'same'],
    ]);
  });

  it('applies a receipt that overtook the answer once the Id is known; ignores receipts by the participant itself', () => {
    const { view, only } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.record(receipt('m1', 'ReadTimestamp'));
    view.sent('t', { Id: 'm1', AbsoluteTime: at(5) });
    expect(only().status).toBe('read');

    const other = viewed();
    other.view.sending('t', 'text/plain', 'x');
    other.view.sent('t', { Id: 'm1', AbsoluteTime: at(5) });
    other.view.record(message('m1', 5, 'x', { ParticipantId: 'me' }));
    other.view.record(receipt('m1', 'ReadTimestamp', 'me'));
    expect(other.only().status).toBe('sent');
  });

  it('shows a send that failed, with its error', () => {
    const { view, only } = viewed();
    view.sending('t', 'text/plain', 'x');
    const error = new Error('throttled');
    view.failed('t', error);
    expect(only()).toMatchObject({ status: 'failed', error, Id: undefined });
  });

  it('marks the history’s messages of the participant as own once its Id is known', () => {
    const { view, entries } = viewed();
    view.record(message('old', 1, 'earlier', { ParticipantId: 'me' }));
    view.record(message('agent', 2, 'reply'));
    view.sending('t', 'text/plain', 'now');
    view.sent('t', { Id: 'm', AbsoluteTime: at(3) });
    view.record(message('m', 3, 'now', { ParticipantId: 'me' }));
    expect(entries().map((e) => e.own)).toEqual([true, false, true]);
    // Receipts about others' messages are the participant's own: not shown.
    view.record(receipt('agent', 'ReadTimestamp', 'me'));
    expect(entries()[1]?.status).toBeUndefined();
  });
});

describe('ConversationView: a send that failed', () => {
  it('goes back to pending when retried (its error gone), then is sent', () => {
    const { view, only } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.failed('t', new Error('refused'));
    const failed = only();
    view.retrying('t');
    expect(only()).not.toBe(failed);
    expect(only()).toMatchObject({ key: 't', status: 'pending', Id: undefined });
    expect(only().error).toBeUndefined();
    expect('error' in only()).toBe(false);
    view.sent('t', { Id: 'm', AbsoluteTime: at(3) });
    expect(only()).toMatchObject({ key: 't', Id: 'm', status: 'sent', item: { AbsoluteTime: at(3) } });
  });

  it('can fail again after a retry, with the new error', () => {
    const { view, only } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.failed('t', new Error('first'));
    view.retrying('t');
    const second = new Error('second');
    view.failed('t', second);
    expect(only()).toMatchObject({ status: 'failed', error: second });
  });

  it('retrying a send not failed, or unknown, changes nothing', () => {
    const { view, emitted, only } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.retrying('t');
    view.retrying('unknown');
    expect(emitted).toHaveLength(2);
    view.sent('t', { Id: 'm', AbsoluteTime: at(1) });
    view.retrying('t');
    expect(emitted).toHaveLength(3);
    expect(only().status).toBe('sent');
  });

  it('discarded, leaves the entries; the emission’s changed is the entry removed', () => {
    const { view, emitted, entries } = viewed();
    view.record(message('a', 1));
    view.sending('t', 'text/plain', 'gone');
    view.record(message('b', 2));
    view.failed('t', new Error('refused'));
    const failed = entries().find((e) => e.key === 't');
    const version = emitted.at(-1)?.version ?? 0;
    view.discard('t');
    expect(entries().map((e) => e.key)).toEqual(['a', 'b']);
    expect(emitted.at(-1)?.changed).toBe(failed);
    expect(emitted.at(-1)?.version).toBe(version + 1);
    // Gone for good: no second removal, and a retry or an answer under its token finds nothing.
    view.discard('t');
    view.retrying('t');
    view.sent('t', { Id: 'm', AbsoluteTime: at(3) });
    expect(emitted.at(-1)?.version).toBe(version + 1);
    expect(entries().map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('discarding a send not failed (pending, or sent), or unknown, changes nothing', () => {
    const { view, emitted, entries } = viewed();
    view.sending('p', 'text/plain', 'pending');
    view.sending('s', 'text/plain', 'sent');
    view.sent('s', { Id: 'm', AbsoluteTime: at(1) });
    const before = emitted.length;
    view.discard('p');
    view.discard('s');
    view.discard('unknown');
    expect(emitted.length).toBe(before);
    expect(entries().map((e) => e.key)).toEqual(['s', 'p']);
  });

  it('is settled as sent by its echo (it reached the service after all)', () => {
    const { view, only, emitted } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.failed('t', new Error('the answer was lost'));
    view.record(message('m', 4, 'x', { ParticipantId: 'me', ParticipantRole: 'CUSTOMER' }));
    expect(emitted.at(-1)?.entries).toHaveLength(1);
    expect(only()).toMatchObject({ key: 't', Id: 'm', own: true, status: 'sent', item: { AbsoluteTime: at(4), ParticipantId: 'me' } });
    // The outbox still holds it failed: a retry (same ClientToken, the same Id back) or a discard leaves it sent.
    view.retrying('t');
    view.discard('t');
    view.sent('t', { Id: 'm', AbsoluteTime: at(4) });
    expect(only()).toMatchObject({ key: 't', Id: 'm', status: 'sent' });
  });

  // A regression: the entry an echo settled once kept the failed one's `error`.
  it('settled by its echo, no longer carries the error', () => {
    const { view, only } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.failed('t', new Error('the answer was lost'));
    view.record(message('m', 4, 'x', { ParticipantId: 'me', ParticipantRole: 'CUSTOMER' }));
    expect(only().status).toBe('sent');
    expect(only().error).toBeUndefined();
  });

  // A regression: a failed send stays findable by its ClientToken, and once took the echo of a later send of the
  // same text (which was then left pending forever, once the failed one was discarded).
  it('does not take the echo of a later send of the same text', () => {
    const { view, entries } = viewed();
    view.sending('t1', 'text/plain', 'hello');
    view.failed('t1', new Error('expired'));
    view.sending('t2', 'text/plain', 'hello');
    view.record(message('m2', 5, 'hello', { ParticipantId: 'me', ParticipantRole: 'CUSTOMER' }));
    view.sent('t2', { Id: 'm2', AbsoluteTime: at(5) });
    view.discard('t1');
    expect(entries().map((e) => [e.key, e.Id, e.status])).toEqual([['t2', 'm2', 'sent']]);
  });
});

describe('ConversationView: a send and the history read after a reload', () => {
  it('does not take an item read from the transcript for the echo of a send: the send’s answer joins them', () => {
    const { view, entries } = viewed();
    view.sending('restored', 'text/plain', 'ok');
    view.record({ ...message('agent-ok', 1, 'ok'), ParticipantRole: 'AGENT' }, true);
    view.record({ ...message('mine', 2, 'ok'), ParticipantRole: 'CUSTOMER', ParticipantId: 'me' }, true);
    view.record({ ...message('mine-earlier', 0.5, 'hello'), ParticipantRole: 'CUSTOMER', ParticipantId: 'me' }, true);
    expect(entries().map((e) => [e.key, e.own, e.status])).toEqual([
      ['mine-earlier', false, undefined],
      ['agent-ok', false, undefined],
      ['mine', false, undefined],
      ['restored', true, 'pending'],
    ]);
    // The retry's answer (the service is idempotent on the ClientToken) names the item already shown.
    view.sent('restored', { Id: 'mine', AbsoluteTime: at(2) });
    // The participant's own Id is learned from it: its earlier messages are its own too.
    expect(entries().map((e) => [e.key, e.own, e.status])).toEqual([
      ['mine-earlier', true, undefined],
      ['agent-ok', false, undefined],
      ['mine', true, 'sent'],
    ]);
  });
});

describe('ConversationView: edges a long chat meets', () => {
  it('orders items whatever form their time has: an offset, no fraction, or none at all (last)', () => {
    const { view, entries } = viewed();
    view.record(message('z', 3));
    view.record({ ...message('offset', 0), AbsoluteTime: '2026-12-02T01:00:02.000+01:00' });
    view.record({ ...message('plain', 0), AbsoluteTime: '2026-12-02T00:00:01Z' });
    view.record({ ...message('none', 0), AbsoluteTime: undefined });
    view.record({ ...message('odd', 0), AbsoluteTime: 'yesterday' });
    view.record(message('a', 0));
    expect(entries().map((e) => e.key)).toEqual(['a', 'plain', 'offset', 'z', 'none', 'odd']);
  });

  it('keeps at most 500 receipts waiting for their message, forgetting the oldest', () => {
    const { view, entries } = viewed();
    for (let i = 0; i <= 500; i++) view.record(receipt(`m${i}`, 'ReadTimestamp'));
    for (const i of [0, 1, 500]) {
      view.sending(`t${i}`, 'text/plain', `x${i}`);
      view.sent(`t${i}`, { Id: `m${i}`, AbsoluteTime: at(i + 1) });
    }
    expect(entries().map((e) => e.status)).toEqual(['sent', 'read', 'read']);
  });

  it('a receipt with neither timestamp, or by the participant itself, changes nothing; one for an unknown message waits', () => {
    const { view, only, emitted } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.sent('t', { Id: 'm', AbsoluteTime: at(1) });
    view.record(message('m', 1, 'x', { ParticipantId: 'me' }));
    const before = emitted.length;
    view.record({ Id: 'r', Type: 'MESSAGEMETADATA', MessageMetadata: { MessageId: 'm', Receipts: [{ RecipientParticipantId: 'agent' }] } });
    view.record({ Id: 'r2', Type: 'MESSAGEMETADATA', MessageMetadata: { MessageId: 'm' } });
    view.record({ Id: 'r3', Type: 'MESSAGEMETADATA', MessageMetadata: { Receipts: [{ ReadTimestamp: at(2) }] } });
    expect(emitted.length).toBe(before);
    expect(only().status).toBe('sent');
  });

  it('marks an item of the participant, once its Id is known, as own from the start', () => {
    const { view, entries } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.sent('t', { Id: 'm', AbsoluteTime: at(1) });
    view.record(message('m', 1, 'x', { ParticipantId: 'me' }));
    view.record(message('later', 2, 'from another tab', { ParticipantId: 'me' }));
    view.record(message('agent', 3, 'reply', { ParticipantId: 'agent' }));
    expect(entries().map((e) => [e.key, e.own])).toEqual([
      ['t', true],
      ['later', true],
      ['agent', false],
    ]);
  });

  it('merges a status update into an item that had no metadata, and keeps an attachment’s metadata on a scan update', () => {
    const { view, entries } = viewed();
    view.record(message('m', 1, 'hello'));
    view.record({ Id: 'm', Type: 'MESSAGE', MessageMetadata: { MessageProcessingStatus: 'FAILED' } });
    view.record(message('a', 2, 'doc', { Type: 'ATTACHMENT', MessageMetadata: { MessageProcessingStatus: 'PROCESSING' }, Attachments: [{ Status: 'IN_PROGRESS' }] }));
    view.record({ Id: 'a', Type: 'ATTACHMENT', Attachments: [{ Status: 'APPROVED' }] });
    expect(entries()[0]?.item.MessageMetadata).toEqual({ MessageProcessingStatus: 'FAILED' });
    expect(entries()[1]?.item).toMatchObject({ MessageMetadata: { MessageProcessingStatus: 'PROCESSING' }, Attachments: [{ Status: 'APPROVED' }] });
  });

  it('an answer or a failure for a ClientToken it does not know, or a second answer, changes nothing', () => {
    const { view, emitted, only } = viewed();
    view.sending('t', 'text/plain', 'x');
    view.sent('unknown', { Id: 'q', AbsoluteTime: at(1) });
    view.failed('unknown', new Error('no'));
    view.sent('t', {});
    expect(emitted.length).toBe(2);
    view.sent('t', { Id: 'm', AbsoluteTime: at(1) });
    view.failed('t', new Error('too late'));
    expect(only()).toMatchObject({ Id: 'm', status: 'sent' });
    expect(only().error).toBeUndefined();
  });
});

describe('Roster', () => {
  it('follows joined, idle, returned, renamed and left, and counts a writer as joined', () => {
    const roster = new Roster();
    const lists: (readonly unknown[])[] = [];
    roster.hub.subscribe((l) => lists.push(l));
    const event = (type: string, ParticipantId: string, extra: Partial<Item> = {}): Item => ({
      Type: 'EVENT',
      ContentType: `${EVENT}participant.${type}`,
      ParticipantId,
      ParticipantRole: 'AGENT',
      DisplayName: 'Ann',
      AbsoluteTime: at(lists.length),
      ...extra,
    });
    roster.record(message('m', 0, 'hi', { ParticipantId: 'cust', ParticipantRole: 'CUSTOMER', DisplayName: 'Cy' }));
    roster.record(event('joined', 'ag'));
    roster.record(event('idle', 'ag'));
    roster.record(event('returned', 'ag'));
    roster.record(event('displayname.updated', 'ag', { DisplayName: 'Anne' }));
    roster.record({ Type: 'EVENT', ContentType: `${EVENT}typing`, ParticipantId: 'ag' });
    roster.record(event('left', 'ag', { DisplayName: undefined }));
    expect(lists.map((l) => (l as { ParticipantId: string; presence: string; DisplayName: string }[]).map((p) => `${p.ParticipantId}:${p.presence}:${p.DisplayName}`).join(' '))).toEqual([
      '',
      'cust:joined:Cy',
      'cust:joined:Cy ag:joined:Ann',
      'cust:joined:Cy ag:idle:Ann',
      'cust:joined:Cy ag:joined:Ann',
      'cust:joined:Cy ag:joined:Anne',
      'cust:joined:Cy ag:left:Anne',
    ]);
  });
});
