import { describe, expect, it } from 'vitest';
import type { Item } from '../src/model/shapes.js';
import { ChatIdentity } from '../src/session/chat-identity.js';

const item = (fields: Pick<Item, 'ContactId' | 'InitialContactId'>): Item => ({ Id: 'i', Type: 'MESSAGE', ...fields });
const none = item({});

describe('ChatIdentity: knowing nothing of the chat', () => {
  it('counts every item as ours, and reports no other contact', () => {
    const identity = new ChatIdentity(undefined);
    for (const i of [none, item({ ContactId: 'X' }), item({ InitialContactId: 'Y' }), item({ ContactId: 'X', InitialContactId: 'Y' })]) {
      expect(identity.isOurs(i)).toBe(true);
      expect(identity.newOther(i)).toBeUndefined();
    }
  });
});

describe('ChatIdentity: by the ContactId the app gave', () => {
  const identity = () => new ChatIdentity('mine');

  it('an item without any contact is ours', () => {
    expect(identity().isOurs(none)).toBe(true);
  });

  it('an item naming our contact, as ContactId or as InitialContactId, is ours', () => {
    expect(identity().isOurs(item({ ContactId: 'mine' }))).toBe(true);
    expect(identity().isOurs(item({ InitialContactId: 'mine' }))).toBe(true);
    expect(identity().isOurs(item({ ContactId: 'transferred', InitialContactId: 'mine' }))).toBe(true);
    expect(identity().isOurs(item({ ContactId: 'mine', InitialContactId: 'older' }))).toBe(true);
  });

  it('an item naming only other contacts is not ours (a missing field never matches)', () => {
    expect(identity().isOurs(item({ ContactId: 'other' }))).toBe(false);
    expect(identity().isOurs(item({ InitialContactId: 'other' }))).toBe(false);
    expect(identity().isOurs(item({ ContactId: 'other', InitialContactId: 'another' }))).toBe(false);
  });
});

describe('ChatIdentity: by the InitialContactId a transcript named', () => {
  it('without a ContactId from the app, the learned one decides', () => {
    const identity = new ChatIdentity(undefined);
    identity.learnInitialContactId('initial');
    expect(identity.isOurs(item({ ContactId: 'initial' }))).toBe(true);
    expect(identity.isOurs(item({ InitialContactId: 'initial' }))).toBe(true);
    expect(identity.isOurs(none)).toBe(true);
    expect(identity.isOurs(item({ ContactId: 'other' }))).toBe(false);
    expect(identity.isOurs(item({ InitialContactId: 'other' }))).toBe(false);
  });

  it('alongside the app ContactId, either one makes an item ours', () => {
    const identity = new ChatIdentity('mine');
    identity.learnInitialContactId('initial');
    expect(identity.isOurs(item({ ContactId: 'mine' }))).toBe(true);
    expect(identity.isOurs(item({ ContactId: 'initial' }))).toBe(true);
    expect(identity.isOurs(item({ InitialContactId: 'initial' }))).toBe(true);
    expect(identity.isOurs(item({ ContactId: 'other', InitialContactId: 'mine' }))).toBe(true);
    expect(identity.isOurs(item({ ContactId: 'other', InitialContactId: 'another' }))).toBe(false);
  });

  it('keeps the first InitialContactId learned', () => {
    const identity = new ChatIdentity(undefined);
    identity.learnInitialContactId('first');
    identity.learnInitialContactId('second');
    expect(identity.isOurs(item({ ContactId: 'first' }))).toBe(true);
    expect(identity.isOurs(item({ ContactId: 'second' }))).toBe(false);
  });
});

describe('ChatIdentity: other contacts, each reported once', () => {
  it('reports the ContactId of an item not ours the first time only', () => {
    const identity = new ChatIdentity('mine');
    expect(identity.newOther(item({ ContactId: 'other' }))).toBe('other');
    expect(identity.newOther(item({ ContactId: 'other' }))).toBeUndefined();
    expect(identity.newOther(item({ ContactId: 'another' }))).toBe('another');
    expect(identity.newOther(item({ ContactId: 'other', InitialContactId: 'x' }))).toBeUndefined();
  });

  it('names the ContactId first, else the InitialContactId', () => {
    const identity = new ChatIdentity('mine');
    expect(identity.newOther(item({ ContactId: 'c', InitialContactId: 'i' }))).toBe('c');
    expect(identity.newOther(item({ InitialContactId: 'only-initial' }))).toBe('only-initial');
  });

  it('reports nothing for our own items, or items without a contact', () => {
    const identity = new ChatIdentity('mine');
    expect(identity.newOther(item({ ContactId: 'mine' }))).toBeUndefined();
    expect(identity.newOther(none)).toBeUndefined();
    // Ours does not use up a report: the first other is still reported.
    expect(identity.newOther(item({ ContactId: 'other' }))).toBe('other');
  });
});
