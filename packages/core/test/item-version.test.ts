import { describe, expect, it } from 'vitest';
import type { Item } from '../src/model/shapes.js';
import { isPartial, isUnsettledVersion, versionOf } from '../src/session/item-version.js';

const message: Item = { Id: 'm', Type: 'MESSAGE', ContentType: 'text/plain', Content: 'hi', AbsoluteTime: '2024-01-01T00:00:00.000Z' };
const chunk = (ChunkNumber: number | undefined, MessageCompleted?: boolean): Item => ({
  ...message,
  MessageMetadata: { MessageId: 'm', ChunkNumber, ...(MessageCompleted === undefined ? {} : { MessageCompleted }) },
});

describe('versionOf', () => {
  it('gives a plain message, and a completed stream, no version: read again from the transcript, it is the same item', () => {
    expect(versionOf(message)).toBe('');
    expect(versionOf(chunk(3, true))).toBe('');
    expect(versionOf({ ...message, MessageMetadata: { MessageId: 'm' } })).toBe('');
  });

  it('tells each partial chunk of a streamed message apart', () => {
    const versions = [chunk(1), chunk(2), chunk(2, false), chunk(undefined, false)].map(versionOf);
    expect(versions).toEqual(['c1', 'c2', 'c2', 'c']);
  });

  it('tells processing statuses, receipts and attachment scan statuses apart', () => {
    const status = (MessageProcessingStatus: string) => versionOf({ ...message, MessageMetadata: { MessageId: 'm', MessageProcessingStatus } });
    expect(status('PROCESSING')).toBe('sPROCESSING');
    expect(status('COMPLETED')).toBe('sCOMPLETED');
    const receipts = (Receipts: NonNullable<Item['MessageMetadata']>['Receipts']) => versionOf({ Id: 'm', Type: 'MESSAGEMETADATA', MessageMetadata: { MessageId: 'm', Receipts } });
    const delivered = receipts([{ RecipientParticipantId: 'agent', DeliveredTimestamp: 't1' }]);
    const read = receipts([{ RecipientParticipantId: 'agent', DeliveredTimestamp: 't1', ReadTimestamp: 't2' }]);
    const twoReaders = receipts([{ RecipientParticipantId: 'agent', DeliveredTimestamp: 't1' }, { RecipientParticipantId: 'bot', ReadTimestamp: 't3' }]);
    expect(new Set([delivered, read, twoReaders, receipts([{}])]).size).toBe(4);
    expect(delivered).toBe('ragent/t1/');
    expect(read).toBe('ragent/t1/t2');
    expect(receipts([{}])).toBe('r//');
    const scan = (...statuses: (string | undefined)[]) =>
      versionOf({ Id: 'a', Type: 'ATTACHMENT', Attachments: statuses.map((Status) => (Status === undefined ? { AttachmentId: 'x' } : { AttachmentId: 'x', Status })) });
    expect(scan('IN_PROGRESS')).toBe('aIN_PROGRESS');
    expect(scan('APPROVED')).toBe('aAPPROVED');
    expect(scan('APPROVED', 'REJECTED')).toBe('aAPPROVEDaREJECTED');
    expect(scan(undefined)).toBe('a');
  });

  it('puts together what an item carries: chunk, status and scan', () => {
    const item: Item = {
      ...message,
      MessageMetadata: { MessageId: 'm', ChunkNumber: 2, MessageProcessingStatus: 'PROCESSING' },
      Attachments: [{ AttachmentId: 'x', Status: 'APPROVED' }],
    };
    expect(versionOf(item)).toBe('c2sPROCESSING' + 'aAPPROVED');
  });
});

describe('isPartial', () => {
  it('is true of a chunk not marked completed, false of a completed one and of a message without chunks', () => {
    expect(isPartial(chunk(1))).toBe(true);
    expect(isPartial(chunk(undefined, false))).toBe(true);
    expect(isPartial(chunk(1, false))).toBe(true);
    expect(isPartial(chunk(4, true))).toBe(false);
    expect(isPartial(chunk(undefined, true))).toBe(false);
    expect(isPartial(message)).toBe(false);
    expect(isPartial({ ...message, MessageMetadata: { MessageId: 'm' } })).toBe(false);
  });
});

describe('isUnsettledVersion', () => {
  it('is true of a partial chunk and of a message still processing: more is owed for them', () => {
    expect(isUnsettledVersion('c1')).toBe(true);
    expect(isUnsettledVersion('c')).toBe(true);
    expect(isUnsettledVersion('sPROCESSING')).toBe(true);
    expect(isUnsettledVersion('')).toBe(false);
    expect(isUnsettledVersion('sCOMPLETED')).toBe(false);
    expect(isUnsettledVersion('ragent/t1/')).toBe(false);
    expect(isUnsettledVersion('aIN_PROGRESS')).toBe(false);
  });
});
