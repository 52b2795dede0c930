import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATION_NAMES, type OperationName, type View } from '@connect-participant/core';
import type { Emulator } from '../emulator.js';
import type { MalformedFrameKind, SocketSelector } from '../faults.js';
import { CONNECTION_EXPIRY_MEANINGS, type ConnectionExpiryMeaning, type ResolvedOptions } from '../options.js';
import { HttpError, parseJsonObject, readBody, type Responder } from './responses.js';

type Body = Record<string, unknown>;
type Handler = (emulator: Emulator, body: Body, params: string[]) => unknown;

const bad = (message: string) => new HttpError(400, 'ValidationException', message);

function str(body: Body, key: string, required = false): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw bad(`${key} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') throw bad(`${key} must be a non-empty string`);
  return value;
}

function num(body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`${key} must be a number`);
  return value;
}

function operation(body: Body): OperationName | '*' {
  const op = str(body, 'operation') ?? '*';
  if (op !== '*' && !(OPERATION_NAMES as readonly string[]).includes(op)) throw bad(`operation must be one of ${OPERATION_NAMES.join(', ')} or *`);
  return op as OperationName | '*';
}

function selector(body: Body): SocketSelector {
  const contactId = str(body, 'contactId');
  const participantId = str(body, 'participantId');
  return { ...(contactId ? { contactId } : {}), ...(participantId ? { participantId } : {}) };
}

function role(body: Body): 'AGENT' | 'CUSTOM_BOT' | 'SUPERVISOR' {
  const r = str(body, 'ParticipantRole') ?? 'AGENT';
  if (r !== 'AGENT' && r !== 'CUSTOM_BOT' && r !== 'SUPERVISOR') throw bad('ParticipantRole must be AGENT, CUSTOM_BOT or SUPERVISOR');
  return r;
}

function connectionExpiryOf(body: Body): ConnectionExpiryMeaning | undefined {
  const value = str(body, 'connectionExpiry');
  if (value !== undefined && !(CONNECTION_EXPIRY_MEANINGS as readonly string[]).includes(value)) {
    throw bad(`connectionExpiry must be ${CONNECTION_EXPIRY_MEANINGS.join(' or ')}`);
  }
  return value as ConnectionExpiryMeaning | undefined;
}

const agentOf = (e: Emulator, body: Body, contactId: string) => {
  const DisplayName = str(body, 'DisplayName');
  return e.agent(contactId, { role: role(body), ...(DisplayName ? { DisplayName } : {}) });
};

const MALFORMED_KINDS: readonly MalformedFrameKind[] = ['not-json', 'content-not-json', 'wrong-types', 'binary', 'oversized', 'no-topic'];

/**
 * The control API, `/emulator/...`: the library's calls over HTTP, so that tests in any language can drive the
 * emulator. Documented in the package README.
 */
const ROUTES: [method: string, pattern: RegExp, handler: Handler][] = [
  ['GET', /^\/emulator\/health$/, () => ({ ok: true })],
  ['POST', /^\/emulator\/contacts$/, (e, b) => {
    const DisplayName = str(b, 'DisplayName');
    const connectionExpiry = connectionExpiryOf(b);
    return e.startChatContact({ ...(DisplayName ? { DisplayName } : {}), ...(connectionExpiry ? { connectionExpiry } : {}) });
  }],
  ['GET', /^\/emulator\/contacts\/([^/]+)$/, (e, _b, [id]) => e.contact(id as string)],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/end$/, async (e, _b, [id]) => {
    await e.endChat(id as string);
    return {};
  }],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/authentication$/, async (e, _b, [id]) => ({ SessionId: await e.initiateAuthentication(id as string) })],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/join$/, (e, b, [id]) => agentOf(e, b, id as string).join()],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/messages$/, (e, b, [id]) =>
    agentOf(e, b, id as string).sendMessage(str(b, 'Content', true) as string, str(b, 'ContentType'))],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/burst$/, async (e, b, [id]) => {
    // Load tests: `count` messages at once, as fast as the gateway can write them.
    const count = num(b, 'count') ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 100_000) throw bad('count must be a whole number from 1 to 100000');
    const agent = agentOf(e, b, id as string);
    const content = str(b, 'Content') ?? 'load test message';
    for (let n = 0; n < count; n++) await agent.sendMessage(`${content} ${n}`);
    return { sent: count };
  }],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/events$/, (e, b, [id]) =>
    agentOf(e, b, id as string).sendEvent(str(b, 'ContentType', true) as string, str(b, 'Content'))],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/typing$/, (e, b, [id]) => agentOf(e, b, id as string).typing()],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/read$/, (e, b, [id]) => agentOf(e, b, id as string).read(str(b, 'MessageId', true) as string)],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/delivered$/, (e, b, [id]) =>
    agentOf(e, b, id as string).delivered(str(b, 'MessageId', true) as string)],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/leave$/, async (e, b, [id]) => {
    await agentOf(e, b, id as string).leave();
    return {};
  }],
  ['POST', /^\/emulator\/views$/, (e, b) => {
    const view = b['View'];
    if (typeof view !== 'object' || view === null) throw bad('View must be an object');
    e.defineView(str(b, 'ViewToken', true) as string, view as View);
    return {};
  }],
  ['GET', /^\/emulator\/sockets$/, (e) => ({ sockets: e.sockets() })],
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
  ['POST', /^\/emulator\/faults\/shift-clock$/, (e, b) => {
    e.faults.shiftClock(num(b, 'ms') ?? 0);
    return {};
  }],
  ['POST', /^\/emulator\/faults\/clear$/, (e) => {
    e.faults.clear();
    return {};
  }],
];

export async function serveControl(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
  deps: { emulator: Emulator; respond: Responder; options: ResolvedOptions },
): Promise<void> {
  try {
    for (const [m, pattern, handler] of ROUTES) {
      const match = pattern.exec(path);
      if (!match || m !== method) continue;
      const body = method === 'POST' ? parseJsonObject(await readBody(req, deps.options.maxRequestBytes)) : {};
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      deps.respond.json(res, 200, (await handler(deps.emulator, body, params)) ?? {});
      return;
    }
    throw new HttpError(404, 'UnknownOperationException', `No control route at ${method} ${path}`);
  } catch (error) {
    deps.respond.error(res, error instanceof RangeError || error instanceof URIError ? bad(error.message) : error);
  }
}
