import type { Item } from '../model/shapes.js';
import { Hub } from './hub.js';

/** Where a participant stands in the chat, as its events tell. */
export type Presence = 'invited' | 'joined' | 'idle' | 'left';

/** A participant of the chat, as the roster knows it. */
export interface Participant {
  readonly ParticipantId: string;
  readonly DisplayName?: string | undefined;
  readonly ParticipantRole?: string | undefined;
  readonly presence: Presence;
  /** The AbsoluteTime of the item that set `presence`, when it had one. */
  readonly since?: string | undefined;
}

const EVENT = 'application/vnd.amazonaws.connect.event.participant.';

/** The presence each participant event sets; `displayname.updated` changes the name only. */
const PRESENCE: Readonly<Record<string, Presence | undefined>> = {
  [`${EVENT}joined`]: 'joined',
  [`${EVENT}returned`]: 'joined',
  [`${EVENT}idle`]: 'idle',
  [`${EVENT}left`]: 'left',
  [`${EVENT}autodisconnection`]: 'left',
  [`${EVENT}invited`]: 'invited',
};

const RENAMED = `${EVENT}displayname.updated`;

/**
 * The chat's participants (`participants$`): who joined, went idle, returned, left or was renamed, from the
 * participant events of the items delivered; a participant who writes before any event of theirs arrived is
 * joined. Emits a new list on each change (a roster is a handful of entries).
 */
export class Roster {
  readonly hub = new Hub<readonly Participant[]>(true, []);

  record(item: Item): void {
    const id = item.ParticipantId;
    if (id === undefined) return;
    const type = item.ContentType ?? '';
    const presence = type.startsWith(EVENT) ? PRESENCE[type] : undefined;
    const list = this.hub.value;
    const i = list.findIndex((p) => p.ParticipantId === id);
    const known = list[i];
    let next: Participant;
    if (presence !== undefined) next = { ...known, ...this.#who(item, known), presence, since: item.AbsoluteTime };
    else if (type === RENAMED && known) next = { ...known, DisplayName: item.DisplayName ?? known.DisplayName };
    else if (!known && (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT' || type === RENAMED)) next = { ...this.#who(item, undefined), presence: 'joined', since: item.AbsoluteTime };
    else return;
    this.hub.next(i < 0 ? [...list, next] : list.map((p, j) => (j === i ? next : p)));
  }

  complete(): void {
    this.hub.complete();
  }

  #who(item: Item, known: Participant | undefined): Pick<Participant, 'ParticipantId' | 'DisplayName' | 'ParticipantRole'> {
    return {
      ParticipantId: item.ParticipantId as string,
      DisplayName: item.DisplayName ?? known?.DisplayName,
      ParticipantRole: item.ParticipantRole ?? known?.ParticipantRole,
    };
  }
}
