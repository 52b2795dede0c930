import type { Outcome } from '../client/invoke.js';
import type { Item } from '../model/shapes.js';
import type { SocketPort } from '../ports.js';
import type { Grant } from './grant-source.js';
import type { Grants } from './grants.js';
import type { ResolvedSessionOptions } from './options.js';
import type { ConnectionEvent } from './session-state.js';
import type { PartClock } from './alarm.js';
import { RetryingTask, type TaskWork } from './retrying-task.js';
import { rotationDueAt } from './rotation-policy.js';
import { SocketLink, earlier, type SocketEvent, type SocketSink } from './socket-connection.js';
import { SocketLostError } from './socket-lost-error.js';

/** What the sockets tell their owner. */
export interface SocketsOwner {
  /** A chat item from a subscribed socket (the hot path). */
  socketItem(item: Item): void;
  /** Something a socket reported, for `connection$`; `rotation` marks a rotation's new socket. */
  socketEvent(event: SocketEvent, rotation: boolean): void;
  /** The primary socket, subscribed before, is gone: items may have been missed. */
  disconnected(error: SocketLostError): void;
  /** A replaced socket went before handing over all it held: items may have been missed. */
  handoverLost(error: SocketLostError): void;
  /** Reports on `connection$`: `rotation-scheduled`, `rotated`, `rotation-failed` (tried again after `rotation.minIntervalMs`). */
  emit(event: ConnectionEvent): void;
  /** A grant request for a rotation failed: reported, and true when it may be retried. */
  grantFailed(error: unknown): boolean;
}

/** A socket with the grant it was opened with. */
class Slot extends SocketLink {
  openedAt: number | undefined;
  constructor(
    readonly grant: Grant,
    readonly rotation: boolean,
    settings: ResolvedSessionOptions,
    clock: PartClock,
    sink: SocketSink<SocketLink>,
  ) {
    super(settings, clock, sink);
  }
}

/**
 * Where the session's socket is: none; one being opened (a connect attempt, which it reports to `outcome`); up, with
 * its rotation due; or rotating, a new socket (the candidate) being made before the old one is let go.
 */
type Phase =
  | { readonly kind: 'down' }
  | { readonly kind: 'connecting'; readonly slot: Slot; readonly outcome: Outcome<void> }
  | { readonly kind: 'up'; readonly primary: Slot; readonly rotateAt: number }
  | { readonly kind: 'rotating'; readonly primary: Slot; candidate: Slot | undefined; outcome: Outcome<void> | undefined };

const DOWN: Phase = { kind: 'down' };
/** Rotation attempts before a rotation gives up until later. */
const ROTATION_ATTEMPTS = 5;

/**
 * The session's sockets, never more than two at once: the primary, and either a rotation's candidate or a replaced
 * socket still handing over (draining). A rotation starts only once no socket drains, at the time
 * {@link rotationDueAt} decides, and makes before it breaks: the candidate is subscribed before the old socket is
 * drained (one last heartbeat, closed on its reply, so every item in flight on it arrives).
 */
export class Sockets implements SocketSink<SocketLink>, TaskWork<void> {
  #phase: Phase = DOWN;
  #draining: Slot | undefined;
  /** Made at the first rotation (an hour into a chat, by default). */
  #rotation: RetryingTask<void> | undefined;
  readonly #random: () => number;

  readonly #port: SocketPort;
  readonly #grants: Grants;
  readonly #clock: PartClock;
  readonly #options: ResolvedSessionOptions;
  readonly #owner: SocketsOwner;

  constructor(
    port: SocketPort,
    grants: Grants,
    clock: PartClock,
    options: ResolvedSessionOptions,
    random: () => number,
    owner: SocketsOwner,
  ) {
    this.#port = port;
    this.#grants = grants;
    this.#clock = clock;
    this.#options = options;
    this.#owner = owner;
    this.#random = random;
  }

  get phase(): Phase['kind'] {
    return this.#phase.kind;
  }

  /** Sockets open or opening now (the primary, a candidate, a draining one). */
  get count(): number {
    const p = this.#phase;
    const main = p.kind === 'down' ? 0 : p.kind === 'rotating' && p.candidate ? 2 : 1;
    return main + (this.#draining ? 1 : 0);
  }

  /** Opens the primary socket with `grant`; `outcome` hears when it is subscribed, or lost before. */
  connect(grant: Grant, outcome: Outcome<void>): () => void {
    if (this.#phase.kind !== 'down') {
      outcome.value();
      return noop;
    }
    const slot = new Slot(grant, false, this.#options, this.#clock, this);
    this.#phase = { kind: 'connecting', slot, outcome };
    slot.start(this.#port, grant.url);
    return () => {
      const p = this.#phase;
      if (p.kind !== 'connecting' || p.slot !== slot) return;
      this.#phase = DOWN;
      slot.dispose();
    };
  }

  get due(): number | undefined {
    const p = this.#phase;
    let due = earlier(this.#rotation?.due, this.#draining?.due);
    if (p.kind === 'connecting') due = earlier(due, p.slot.due);
    if (p.kind === 'up') due = earlier(earlier(due, p.primary.due), this.#draining ? undefined : p.rotateAt);
    if (p.kind === 'rotating') due = earlier(earlier(due, p.primary.due), p.candidate?.due);
    return due;
  }

  tick(now: number): void {
    this.#draining?.tick();
    const p = this.#phase;
    if (p.kind === 'connecting') p.slot.tick();
    if (p.kind === 'rotating') {
      p.primary.tick();
      p.candidate?.tick();
    }
    if (p.kind !== 'up') return this.#rotation?.tick(now);
    p.primary.tick();
    // The phase may have changed in the tick (the primary lost).
    if (this.#phase === p && p.rotateAt <= now && !this.#draining) {
      this.#phase = { kind: 'rotating', primary: p.primary, candidate: undefined, outcome: undefined };
      (this.#rotation ??= new RetryingTask<void>(this.#clock, this.#options.reconnect, this.#random, this)).run();
    }
  }

  /** Every socket closed, nothing more reported. */
  stop(): void {
    const p = this.#phase;
    this.#phase = DOWN;
    this.#rotation?.cancel();
    if (p.kind === 'connecting') p.slot.dispose();
    if (p.kind === 'up' || p.kind === 'rotating') p.primary.dispose();
    if (p.kind === 'rotating') p.candidate?.dispose();
    this.#draining?.dispose();
    this.#draining = undefined;
  }

  // ---- rotation -------------------------------------------------------------------------------------------

  /** @internal One rotation attempt: a grant (a spare one, or a new call), then a candidate socket until it is subscribed. */
  attempt(outcome: Outcome<void>): () => void {
    const p = this.#phase;
    if (p.kind !== 'rotating') {
      outcome.value();
      return noop;
    }
    p.outcome = outcome;
    const open = (grant: Grant) => {
      if (this.#phase !== p) return;
      p.candidate = new Slot(grant, true, this.#options, this.#clock, this);
      p.candidate.start(this.#port, grant.url);
    };
    const spare = this.#grants.takeSpare();
    if (spare) {
      open(spare);
      return () => this.#dropCandidate(p);
    }
    let fetching: (() => void) | undefined = this.#grants.fetch('rotate', {
      value: (grant) => {
        fetching = undefined;
        open(grant);
      },
      error: (error) => {
        fetching = undefined;
        outcome.error(error);
      },
    });
    return () => {
      fetching?.();
      this.#dropCandidate(p);
    };
  }

  #dropCandidate(p: Extract<Phase, { kind: 'rotating' }>): void {
    p.candidate?.dispose();
    p.candidate = undefined;
  }

  /** @internal The task is dropped with its rotation: made again for the next one. */
  succeeded(): void {
    this.#rotation = undefined;
  }

  /** @internal */
  failed(error: unknown, attempt: number): boolean {
    const p = this.#phase;
    if (p.kind !== 'rotating') return false;
    // A grant the service refused for good ends the session (the owner's call); a lost candidate is retried.
    if (!(error instanceof SocketLostError) && !this.#owner.grantFailed(error)) return false;
    if (attempt < ROTATION_ATTEMPTS) return true;
    this.#owner.emit({ type: 'rotation-failed', error: error as Error });
    this.#rotation = undefined;
    this.#up(p.primary, this.#clock.now() + this.#options.rotation.minIntervalMs);
    return false;
  }

  #up(primary: Slot, rotateAt: number): void {
    this.#phase = { kind: 'up', primary, rotateAt };
    this.#clock.at(rotateAt);
    this.#owner.emit({ type: 'rotation-scheduled', at: rotateAt });
  }

  // ---- what the sockets report ----------------------------------------------------------------------------

  /** @internal */
  socketItem(_link: SocketLink, item: Item): void {
    this.#owner.socketItem(item);
  }

  /** @internal */
  socketEvent(link: SocketLink, event: SocketEvent): void {
    const slot = link as Slot;
    if (event.type === 'opened') slot.openedAt = this.#clock.now();
    if (event.type !== 'subscribed') return this.#owner.socketEvent(event, slot.rotation);
    const p = this.#phase;
    if (p.kind === 'connecting' && p.slot === slot) {
      this.#owner.socketEvent(event, false);
      this.#up(slot, rotationDueAt(slot.grant, slot.openedAt ?? this.#clock.now(), this.#options.rotation));
      return p.outcome.value();
    }
    if (p.kind === 'rotating' && p.candidate === slot) {
      // Make before break: the new socket is subscribed, so the old one can go without a gap.
      this.#owner.socketEvent(event, true);
      this.#draining = p.primary;
      this.#up(slot, rotationDueAt(slot.grant, slot.openedAt ?? this.#clock.now(), this.#options.rotation));
      p.primary.drain();
      this.#owner.emit({ type: 'rotated' });
      p.outcome?.value();
    }
  }

  /** @internal */
  socketLost(link: SocketLink, error: SocketLostError): void {
    const p = this.#phase;
    if (link === this.#draining) {
      this.#draining = undefined;
      return this.#owner.handoverLost(error);
    }
    if (p.kind === 'connecting' && p.slot === link) {
      this.#phase = DOWN;
      return p.outcome.error(error);
    }
    if (p.kind === 'rotating' && p.candidate === link) {
      p.candidate = undefined;
      return p.outcome?.error(error);
    }
    if ((p.kind === 'up' || p.kind === 'rotating') && p.primary === link) {
      // A rotation under way is dropped: the reconnection starts afresh, its gap filled from the transcript.
      this.#phase = DOWN;
      // The rotation's task goes with it: its failures are not the next rotation's.
      this.#rotation?.cancel();
      this.#rotation = undefined;
      if (p.kind === 'rotating') p.candidate?.dispose();
      this.#owner.disconnected(error);
    }
  }

  /** @internal A replaced socket handed over everything it held. */
  socketDrained(link: SocketLink): void {
    if (link !== this.#draining) return;
    this.#draining = undefined;
    const p = this.#phase;
    // A rotation that fell due while the old socket drained can start now.
    if (p.kind === 'up') this.#clock.at(p.rotateAt);
  }
}

const noop = () => undefined;
