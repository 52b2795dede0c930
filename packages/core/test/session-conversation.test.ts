import { describe, expect, it } from 'vitest';
import { formatTimestamp, type Conversation, type ConnectionEvent, type Item, type Participant } from '@connect-participant/core';
import { inVirtualTime, inVirtualTimeAsync, type Harness } from './session-harness.js';

/**
 * Issue 15 through a whole session: every update of a message kept (`messages$`), merged into one entry
 * (`conversation$`), and nothing the service sends lost because of its shape.
 */
const of = <T extends ConnectionEvent['type']>(events: ConnectionEvent[], type: T) =>
  events.filter((e): e is Extract<ConnectionEvent, { type: T }> => e.type === type);

const chunkOf = (h: Harness, n: number, Content: string, completed = false): Item => ({
  Id: 'bot-reply',
  AbsoluteTime: formatTimestamp(h.service.now()),
  Type: 'MESSAGE',
  ContentType: 'text/plain',
  Content,
  ParticipantRole: 'SYSTEM',
  ParticipantId: 'bot',
  MessageMetadata: { ChunkNumber: n, MessageCompleted: completed },
});

/** The latest conversation the session emitted. */
function watch(h: Harness) {
  let latest: Conversation | undefined;
  h.session.conversation$.subscribe((c) => (latest = c));
  return {
    entries: () => latest?.entries ?? [],
    entry: (id: string) => latest?.entries.find((e) => e.Id === id),
  };
}

describe('streamed replies through a session', () => {
  it('a reply cut off by a drop comes whole from the transcript after the reconnect', () => {
    inVirtualTime((h) => {
      const view = watch(h);
      h.advanceTo(2_000);
      h.service.push(chunkOf(h, 1, 'The answer '));
      h.service.push(chunkOf(h, 2, 'is '));
      h.advanceTo(3_000);
      expect(view.entry('bot-reply')).toMatchObject({ item: { Content: 'The answer is ' }, stream: { complete: false, chunks: 2 } });
      // The socket drops; the rest of the reply is streamed meanwhile and lost with it. The transcript holds the
      // whole message.
      h.service.dropSockets();
      h.service.push(chunkOf(h, 3, '42.'));
      h.service.record({ ...chunkOf(h, 4, 'The answer is 42.', true), AbsoluteTime: h.items[0]?.AbsoluteTime });
      h.advanceTo(20_000);
      expect(h.session.state.status).toBe('connected');
      const contents = h.items.filter((i) => i.Id === 'bot-reply').map((i) => i.Content);
      expect(contents).toEqual(['The answer ', 'is ', 'The answer is 42.']);
      expect(view.entry('bot-reply')).toMatchObject({ item: { Content: 'The answer is 42.' }, stream: { complete: true } });
      expect(view.entries().filter((e) => e.Id === 'bot-reply')).toHaveLength(1);
    });
  });

  it('an out-of-order chunk is delivered as it came and joined in order; a repeated chunk is delivered once', () => {
    inVirtualTime((h) => {
      const view = watch(h);
      h.advanceTo(2_000);
      h.service.push(chunkOf(h, 1, 'a'));
      h.service.push(chunkOf(h, 3, 'c'));
      h.service.push(chunkOf(h, 2, 'b'));
      h.service.push(chunkOf(h, 2, 'b'));
      h.service.push(chunkOf(h, 4, 'abcd', true));
      h.advanceTo(3_000);
      expect(h.items.filter((i) => i.Id === 'bot-reply').map((i) => i.Content)).toEqual(['a', 'c', 'b', 'abcd']);
      expect(view.entry('bot-reply')).toMatchObject({ item: { Content: 'abcd' }, stream: { complete: true, chunks: 3 } });
    });
  });
});

describe("the participant's own messages, receipts and statuses", () => {
  it('pending from the call, then sent with the processing status, updated by items, delivered and read', async () => {
    await inVirtualTimeAsync(async (h) => {
      const view = watch(h);
      await h.run(2_000);
      h.service.sendMessageStatus = 'PROCESSING';
      const sent = h.session.sendMessage({ ContentType: 'text/plain', Content: 'my question' });
      const pending = view.entries().at(-1);
      expect(pending).toMatchObject({ own: true, status: 'pending', Id: undefined, item: { Content: 'my question' } });
      await h.run(500);
      const output = await sent;
      expect(output.MessageMetadata).toEqual({ MessageProcessingStatus: 'PROCESSING' });
      expect(output.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 });
      const id = output.Id as string;
      expect(view.entry(id)).toMatchObject({ key: pending?.key, own: true, status: 'sent', item: { MessageMetadata: { MessageProcessingStatus: 'PROCESSING' } } });
      const now = formatTimestamp(h.service.now());
      h.service.push({ Id: id, AbsoluteTime: now, Type: 'MESSAGE', MessageMetadata: { MessageProcessingStatus: 'REJECTED' } });
      h.service.push({ Id: 'r1', AbsoluteTime: now, Type: 'MESSAGEMETADATA', MessageMetadata: { MessageId: id, Receipts: [{ DeliveredTimestamp: now, RecipientParticipantId: 'agent' }] } });
      h.service.push({ Id: 'r2', AbsoluteTime: now, Type: 'MESSAGEMETADATA', MessageMetadata: { MessageId: id, Receipts: [{ ReadTimestamp: now, RecipientParticipantId: 'agent' }] } });
      await h.run(500);
      expect(view.entry(id)).toMatchObject({ status: 'read', item: { Content: 'my question', MessageMetadata: { MessageProcessingStatus: 'REJECTED' } } });
      expect(view.entries().filter((e) => e.own)).toHaveLength(1);
      // Every update reached messages$ as well.
      expect(h.items.filter((i) => i.Id === id || i.MessageMetadata?.MessageId === id)).toHaveLength(4);
    });
  });

  it('a send that fails shows as failed with its error', async () => {
    await inVirtualTimeAsync(
      async (h) => {
        const view = watch(h);
        await h.run(2_000);
        h.service.failNext('SendMessage', 1, 400);
        const sent = h.session.sendMessage({ ContentType: 'text/plain', Content: 'nope' });
        const failure = sent.catch((e: unknown) => e);
        await h.run(500);
        const error = await failure;
        expect(error).toMatchObject({ name: 'ValidationException' });
        expect(view.entries().at(-1)).toMatchObject({ status: 'failed', error });
      },
      {},
    );
  });
});

describe('liberal in what it accepts', () => {
  it('delivers an item with an unknown member and one with a member of the wrong type, reporting the second', () => {
    inVirtualTime((h) => {
      const view = watch(h);
      h.advanceTo(2_000);
      const now = formatTimestamp(h.service.now());
      h.service.push({ Id: 'future', AbsoluteTime: now, Type: 'MESSAGE', Content: 'new', Sentiment: { Score: 0.9 } } as Item);
      h.service.push({ Id: 'odd', AbsoluteTime: now, Type: 'MESSAGE', Content: 'kept', DisplayName: 42, MessageMetadata: { ChunkNumber: 'one' } } as unknown as Item);
      h.advanceTo(3_000);
      const future = h.items.find((i) => i.Id === 'future') as Item & Record<string, unknown>;
      expect(future['Sentiment']).toEqual({ Score: 0.9 });
      expect(h.items.find((i) => i.Id === 'odd')).toEqual({ Id: 'odd', AbsoluteTime: now, Type: 'MESSAGE', Content: 'kept', MessageMetadata: {} });
      expect(of(h.events, 'item-member-dropped')).toEqual([
        { type: 'item-member-dropped', itemId: 'odd', path: 'DisplayName', expected: 'a string' },
        { type: 'item-member-dropped', itemId: 'odd', path: 'MessageMetadata.ChunkNumber', expected: 'a finite number' },
      ]);
      expect(view.entry('odd')?.item.Content).toBe('kept');
      expect(of(h.events, 'frame-error')).toEqual([]);
    });
  });

  it('a transcript item with an odd member is delivered without it, and reported', () => {
    inVirtualTime(
      (h) => {
        h.advanceTo(3_000);
        expect(h.items.map((i) => i.Content)).toEqual(['greeting']);
        expect(of(h.events, 'item-member-dropped')).toEqual([{ type: 'item-member-dropped', itemId: undefined, path: 'Transcript[0].ParticipantRole', expected: 'a string' }]);
      },
      { before: (service) => void service.record({ Id: 'g', AbsoluteTime: formatTimestamp(0), Type: 'MESSAGE', Content: 'greeting', ParticipantRole: ['AGENT'] } as unknown as Item) },
    );
  });
});

describe('participants$', () => {
  it('follows the participants of the chat, from its history on', () => {
    inVirtualTime(
      (h) => {
        let roster: readonly Participant[] = [];
        h.session.participants$.subscribe((r) => (roster = r));
        h.advanceTo(2_000);
        const now = formatTimestamp(h.service.now());
        h.service.publish(undefined, { Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.participant.idle', ParticipantId: 'agent-1', AbsoluteTime: now, Content: undefined as never });
        h.advanceTo(3_000);
        expect(roster.map((p) => [p.ParticipantId, p.presence, p.DisplayName])).toEqual([['agent-1', 'idle', 'Agent']]);
      },
      {
        before: (service) =>
          void service.record({ Id: 'j', AbsoluteTime: formatTimestamp(0), Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.participant.joined', ParticipantId: 'agent-1', DisplayName: 'Agent', ParticipantRole: 'AGENT' }),
      },
    );
  });
});
