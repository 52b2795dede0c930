import type { OperationName } from '@connect-participant/core';

/** A malformed frame the gateway can be told to send. */
export type MalformedFrameKind = 'not-json' | 'content-not-json' | 'wrong-types' | 'binary' | 'oversized' | 'no-topic';

/** Which sockets a socket fault applies to; all of them when empty. */
export interface SocketSelector {
  readonly contactId?: string;
  readonly participantId?: string;
}

interface CallFault {
  operation: OperationName | '*';
  remaining: number;
  kind: 'fail' | 'throttle' | 'delay';
  errorName?: string;
  status?: number;
  delayMs?: number;
}

/**
 * What happens to a subscribe acknowledgement: `delay` sends it `ms` late (the subscription is live at once, so
 * items published meanwhile arrive before it); `withhold` never sends it (the subscription is live all the same);
 * `failure` answers `status: "failure"` and does not subscribe; `chat-first` pushes the contact's latest recorded
 * item as an `aws/chat` frame before the acknowledgement.
 */
export type SubscribeAckFault = 'delay' | 'withhold' | 'failure' | 'chat-first';

export const SUBSCRIBE_ACK_FAULTS: readonly SubscribeAckFault[] = ['delay', 'withhold', 'failure', 'chat-first'];

interface SubscribeFault {
  selector: SocketSelector;
  remaining: number;
  kind: SubscribeAckFault;
  ms: number;
}

interface Withhold {
  selector: SocketSelector;
  remaining: number;
}

/** Emitted to the gateway for faults that act on open sockets at once. */
export interface SocketFaultSink {
  drop(selector: SocketSelector, code: number, reason: string): number;
  sendMalformed(selector: SocketSelector, kind: MalformedFrameKind): number;
  sendRawItem(selector: SocketSelector, item: Readonly<Record<string, unknown>>): number;
}

const UNLIMITED = Number.POSITIVE_INFINITY;

/**
 * Fault injection. Call faults (fail, throttle, delay) apply to the next N calls of an operation; socket faults
 * act on the open sockets selected now (drop, malformed frames) or on the next N heartbeat or ping replies
 * (withhold). `clear()` removes every pending fault.
 */
export class Faults {
  readonly #calls: CallFault[] = [];
  readonly #heartbeats: Withhold[] = [];
  readonly #pings: Withhold[] = [];
  readonly #subscribes: SubscribeFault[] = [];

  constructor(
    private readonly sockets: SocketFaultSink,
    private readonly setClockShift: (ms: number) => void,
  ) {}

  /** The next `count` calls of `operation` (or every operation, `'*'`) fail with the named service error. */
  failNext(operation: OperationName | '*', count = 1, error: { name?: string; status?: number } = {}): void {
    this.#calls.push({
      operation,
      remaining: positive(count),
      kind: 'fail',
      errorName: error.name ?? 'InternalServerException',
      status: error.status ?? 500,
    });
  }

  /** The next `count` calls of `operation` get 429 ThrottlingException. */
  throttleNext(operation: OperationName | '*', count = 1): void {
    this.#calls.push({ operation, remaining: positive(count), kind: 'throttle' });
  }

  /** The next `count` calls of `operation` are answered `ms` late (forever when count is omitted). */
  delay(operation: OperationName | '*', ms: number, count = UNLIMITED): void {
    if (!(ms >= 0)) throw new RangeError('delay must be a non-negative number of milliseconds');
    this.#calls.push({ operation, remaining: positive(count), kind: 'delay', delayMs: ms });
  }

  /** Closes the selected open sockets with `code` (1006 terminates them without a close frame). Returns how many. */
  dropSockets(selector: SocketSelector = {}, code = 1006, reason = 'Dropped by fault injection'): number {
    return this.sockets.drop(selector, code, reason);
  }

  /** Withholds the next `count` heartbeat replies (every one when omitted) on the selected sockets. */
  withholdHeartbeats(selector: SocketSelector = {}, count = UNLIMITED): void {
    this.#heartbeats.push({ selector, remaining: positive(count) });
  }

  /** Withholds the next `count` ping replies (every one when omitted) on the selected sockets. */
  withholdPings(selector: SocketSelector = {}, count = UNLIMITED): void {
    this.#pings.push({ selector, remaining: positive(count) });
  }

  /**
   * The next `count` subscribe acknowledgements (every one when omitted) on the selected sockets suffer `kind`
   * ({@link SubscribeAckFault}); `ms` is the delay of `'delay'` (default 2000).
   */
  subscribeAck(kind: SubscribeAckFault, options: { selector?: SocketSelector; count?: number; ms?: number } = {}): void {
    if (!SUBSCRIBE_ACK_FAULTS.includes(kind)) throw new RangeError(`subscribe ack fault must be one of ${SUBSCRIBE_ACK_FAULTS.join(', ')}`);
    const ms = options.ms ?? 2000;
    if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError('ms must be a non-negative number of milliseconds');
    this.#subscribes.push({ selector: options.selector ?? {}, remaining: positive(options.count ?? UNLIMITED), kind, ms });
  }

  /** Sends a malformed frame of the given kind on the selected subscribed sockets. Returns how many. */
  sendMalformedFrame(kind: MalformedFrameKind, selector: SocketSelector = {}): number {
    return this.sockets.sendMalformed(selector, kind);
  }

  /**
   * Sends `item` as it is (unchecked: members the model does not have, members of other types) as the `content` of
   * an `aws/chat` frame on the selected subscribed sockets, without recording it: a service that adds fields or
   * changes a type. Returns how many sockets it went to.
   */
  sendRawItem(item: Readonly<Record<string, unknown>>, selector: SocketSelector = {}): number {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new TypeError('the item must be a JSON object');
    return this.sockets.sendRawItem(selector, item);
  }

  /** Shifts the emulator's clock by `ms` from the machine's (0 restores it). */
  shiftClock(ms: number): void {
    this.setClockShift(ms);
  }

  /** Removes every pending fault and restores the clock. */
  clear(): void {
    this.#calls.length = 0;
    this.#heartbeats.length = 0;
    this.#pings.length = 0;
    this.#subscribes.length = 0;
    this.setClockShift(0);
  }

  /** Consumes the faults that apply to one call, in the order they were added. */
  takeCallFaults(operation: OperationName): { delayMs: number; fail?: { name: string; status: number } } {
    let delayMs = 0;
    let fail: { name: string; status: number } | undefined;
    for (const fault of this.#calls) {
      if (fault.remaining <= 0 || (fault.operation !== '*' && fault.operation !== operation)) continue;
      if (fault.kind === 'delay') {
        delayMs += fault.delayMs ?? 0;
        fault.remaining--;
      } else if (!fail) {
        fail =
          fault.kind === 'throttle'
            ? { name: 'ThrottlingException', status: 429 }
            : { name: fault.errorName ?? 'InternalServerException', status: fault.status ?? 500 };
        fault.remaining--;
      }
    }
    prune(this.#calls);
    return fail ? { delayMs, fail } : { delayMs };
  }

  /** Whether to withhold this heartbeat reply; consumes one from the first matching fault. */
  withholdHeartbeat(contactId: string, participantId: string): boolean {
    return consume(this.#heartbeats, contactId, participantId);
  }

  withholdPing(contactId: string, participantId: string): boolean {
    return consume(this.#pings, contactId, participantId);
  }

  /** The fault for this subscribe acknowledgement, if any; consumes one from the first matching fault. */
  takeSubscribeFault(contactId: string, participantId: string): { kind: SubscribeAckFault; ms: number } | undefined {
    const fault = this.#subscribes.find((f) => f.remaining > 0 && matches(f.selector, contactId, participantId));
    if (!fault) return undefined;
    fault.remaining--;
    prune(this.#subscribes);
    return { kind: fault.kind, ms: fault.ms };
  }
}

function positive(count: number): number {
  if (!(count >= 1)) throw new RangeError('a fault count must be at least 1');
  return count;
}

const matches = (s: SocketSelector, contactId: string, participantId: string) =>
  (s.contactId === undefined || s.contactId === contactId) && (s.participantId === undefined || s.participantId === participantId);

function consume(list: Withhold[], contactId: string, participantId: string): boolean {
  const fault = list.find((w) => w.remaining > 0 && matches(w.selector, contactId, participantId));
  if (!fault) return false;
  fault.remaining--;
  prune(list);
  return true;
}

function prune<T extends { remaining: number }>(list: T[]): void {
  for (let i = list.length - 1; i >= 0; i--) if ((list[i] as T).remaining <= 0) list.splice(i, 1);
}

export { matches as socketMatches };
