import type { Emulator } from '../emulator.js';
import { SUBSCRIBE_ACK_FAULTS, type MalformedFrameKind, type SubscribeAckFault } from '../faults.js';
import { bad, num, operation, selector, str, type Route } from './control-params.js';

const MALFORMED_KINDS: readonly MalformedFrameKind[] = ['not-json', 'content-not-json', 'wrong-types', 'binary', 'oversized', 'no-topic'];

/** Control routes of fault injection, `/emulator/faults/...`. */
export const FAULT_ROUTES: Route<Emulator>[] = [
  ['POST', /^\/emulator\/faults\/fail-next$/, (e, b) => {
    const name = str(b, 'name');
    const status = num(b, 'status');
    e.faults.failNext(operation(b), num(b, 'count') ?? 1, { ...(name ? { name } : {}), ...(status ? { status } : {}) });
    return {};
  }],
  ['POST', /^\/emulator\/faults\/throttle-next$/, (e, b) => {
    e.faults.throttleNext(operation(b), num(b, 'count') ?? 1);
    return {};
  }],
  ['POST', /^\/emulator\/faults\/delay$/, (e, b) => {
    e.faults.delay(operation(b), num(b, 'ms') ?? 0, num(b, 'count'));
    return {};
  }],
  ['POST', /^\/emulator\/faults\/drop-sockets$/, (e, b) => ({
    dropped: e.faults.dropSockets(selector(b), num(b, 'code') ?? 1006, str(b, 'reason') ?? 'Dropped by fault injection'),
  })],
  ['POST', /^\/emulator\/faults\/withhold-heartbeats$/, (e, b) => {
    e.faults.withholdHeartbeats(selector(b), num(b, 'count'));
    return {};
  }],
  ['POST', /^\/emulator\/faults\/withhold-pings$/, (e, b) => {
    e.faults.withholdPings(selector(b), num(b, 'count'));
    return {};
  }],
  ['POST', /^\/emulator\/faults\/malformed-frame$/, (e, b) => {
    const kind = str(b, 'kind', true) as MalformedFrameKind;
    if (!MALFORMED_KINDS.includes(kind)) throw bad(`kind must be one of ${MALFORMED_KINDS.join(', ')}`);
    return { sent: e.faults.sendMalformedFrame(kind, selector(b)) };
  }],
  ['POST', /^\/emulator\/faults\/raw-item$/, (e, b) => {
    const item = b['item'];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw bad('item must be a JSON object');
    return { sent: e.faults.sendRawItem(item as Record<string, unknown>, selector(b)) };
  }],
  ['POST', /^\/emulator\/faults\/subscribe-ack$/, (e, b) => {
    const kind = str(b, 'kind', true) as SubscribeAckFault;
    if (!SUBSCRIBE_ACK_FAULTS.includes(kind)) throw bad(`kind must be one of ${SUBSCRIBE_ACK_FAULTS.join(', ')}`);
    const count = num(b, 'count');
    const ms = num(b, 'ms');
    e.faults.subscribeAck(kind, { selector: selector(b), ...(count === undefined ? {} : { count }), ...(ms === undefined ? {} : { ms }) });
    return {};
  }],
  ['POST', /^\/emulator\/faults\/shift-clock$/, (e, b) => {
    e.faults.shiftClock(num(b, 'ms') ?? 0);
    return {};
  }],
  ['POST', /^\/emulator\/faults\/clear$/, (e) => {
    e.faults.clear();
    return {};
  }],
];
