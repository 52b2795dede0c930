import type { Item } from '../model/shapes.js';

/**
 * Which contact an item belongs to. The service may send a participant items of a related contact (a transfer, a
 * persistent chat's past contact): they are delivered like any other, but only this chat's own `chat.ended` ends
 * the session. This chat is known by the ContactId the app gave (`contactId`) or by the InitialContactId its
 * transcript names; an item that names neither, or carries no contact at all, counts as this chat's (the
 * official chat library routes by the same two fields).
 */
export class ChatIdentity {
  #initialContactId: string | undefined;
  /** Other contacts already reported, so that each is reported once. */
  #others: Set<string> | undefined;

  constructor(private readonly contactId: string | undefined) {}

  learnInitialContactId(id: string): void {
    this.#initialContactId ??= id;
  }

  /** Whether the item is this chat's, as far as can be told. */
  isOurs(item: Item): boolean {
    const { ContactId, InitialContactId } = item;
    if (ContactId === undefined && InitialContactId === undefined) return true;
    const mine = this.contactId;
    const initial = this.#initialContactId;
    if (mine === undefined && initial === undefined) return true;
    return (
      (ContactId !== undefined && (ContactId === mine || ContactId === initial)) ||
      (InitialContactId !== undefined && (InitialContactId === mine || InitialContactId === initial))
    );
  }

  /** The other contact an item belongs to, the first time one is seen (else undefined). */
  newOther(item: Item): string | undefined {
    if (this.isOurs(item)) return undefined;
    const other = item.ContactId ?? item.InitialContactId ?? '';
    const others = (this.#others ??= new Set());
    if (others.has(other)) return undefined;
    others.add(other);
    return other;
  }
}
