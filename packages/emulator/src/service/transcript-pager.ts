import { ValidationException, parseTimestamp, type GetTranscriptRequest, type Item } from '@connect-participant/core';
import { newSecret } from '../secrets.js';
import type { Contact } from './contact.js';

interface Cursor {
  readonly contactId: string;
  /** Which items the scan reads: the whole chain, or one contact of it. */
  readonly scope: string;
  readonly forward: boolean;
  readonly ascending: boolean;
  readonly max: number;
  /** Index of the next transcript item to return. */
  readonly position: number;
}

const timeOf = (item: Item): number => {
  const parsed = parseTimestamp(item.AbsoluteTime);
  return parsed.ok ? parsed.value : 0;
};

const MAX_OPEN_CURSORS = 10_000;
const DEFAULT_MAX_RESULTS = 10;

/**
 * GetTranscript's paging: a scan from a start position in a direction, `MaxResults` at a time, each page sorted
 * by `SortOrder`. NextToken is an opaque key to the scan's cursor, valid only for the contact that made it.
 */
export class TranscriptPager {
  readonly #cursors = new Map<string, Cursor>();

  /**
   * One page of `all`, the items the request reads (the contact's, or its chain's, oldest first; they only ever
   * grow at the end, so a cursor's position stays valid). `scope` names that list, so that a NextToken cannot
   * move from one list to another.
   */
  page(contact: Contact, all: readonly Item[], scope: string, request: GetTranscriptRequest): { items: Item[]; nextToken: string | undefined } {
    const cursor =
      request.NextToken === undefined ? this.#start(contact, all, scope, request) : this.#resume(contact, scope, request.NextToken);
    let slice: Item[];
    let next: number;
    if (cursor.forward) {
      slice = all.slice(cursor.position, cursor.position + cursor.max);
      next = cursor.position + cursor.max;
    } else {
      const from = Math.max(0, cursor.position - cursor.max + 1);
      slice = cursor.position < 0 ? [] : all.slice(from, cursor.position + 1);
      next = from - 1;
    }
    const more = cursor.forward ? next < all.length : next >= 0;
    const items = structuredClone(cursor.ascending ? slice : slice.reverse());
    return { items, nextToken: more ? this.#save({ ...cursor, position: next }) : undefined };
  }

  #start(contact: Contact, all: readonly Item[], scope: string, request: GetTranscriptRequest): Cursor {
    const start = request.StartPosition;
    const hasStart = start !== undefined && (start.Id !== undefined || start.AbsoluteTime !== undefined || start.MostRecent !== undefined);
    const forward = (request.ScanDirection ?? (hasStart ? 'FORWARD' : 'BACKWARD')) === 'FORWARD';
    let position = forward ? 0 : all.length - 1;
    if (start?.Id !== undefined) {
      position = all.findIndex((item) => item.Id === start.Id);
      if (position < 0) throw new ValidationException({ message: 'StartPosition.Id names no item of this contact' });
    } else if (start?.AbsoluteTime !== undefined) {
      const at = parseTimestamp(start.AbsoluteTime);
      if (!at.ok) throw new ValidationException({ message: 'StartPosition.AbsoluteTime is not an ISO-8601 timestamp' });
      const times = all.map(timeOf);
      if (forward) {
        position = times.findIndex((t) => t >= at.value);
        if (position < 0) position = all.length;
      } else {
        position = times.length - 1;
        while (position >= 0 && (times[position] as number) > at.value) position--;
      }
    } else if (start?.MostRecent !== undefined) {
      position = Math.max(0, all.length - 1 - start.MostRecent);
    }
    const max = request.MaxResults === undefined || request.MaxResults === 0 ? DEFAULT_MAX_RESULTS : request.MaxResults;
    return { contactId: contact.ContactId, scope, forward, ascending: request.SortOrder === 'ASCENDING', max, position };
  }

  #resume(contact: Contact, scope: string, token: string): Cursor {
    const cursor = this.#cursors.get(token);
    if (!cursor || cursor.contactId !== contact.ContactId || cursor.scope !== scope) {
      throw new ValidationException({ message: 'NextToken is not valid for this contact' });
    }
    return cursor;
  }

  #save(cursor: Cursor): string {
    if (this.#cursors.size >= MAX_OPEN_CURSORS) {
      const oldest = this.#cursors.keys().next().value;
      if (oldest !== undefined) this.#cursors.delete(oldest);
    }
    const token = newSecret();
    this.#cursors.set(token, cursor);
    return token;
  }
}
