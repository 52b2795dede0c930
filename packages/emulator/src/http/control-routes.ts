import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '../emulator.js';
import type { ResolvedOptions } from '../options.js';
import { CONTACT_ROUTES } from './control-contact-routes.js';
import { FAULT_ROUTES } from './control-fault-routes.js';
import { bad, type Route } from './control-params.js';
import { HttpError, parseJsonObject, readBody, type Responder } from './responses.js';

/**
 * The control API, `/emulator/...`: the library's calls over HTTP, so that tests in any language can drive the
 * emulator. Documented in the package README.
 */
const ROUTES: Route<Emulator>[] = [['GET', /^\/emulator\/health$/, () => ({ ok: true })], ...CONTACT_ROUTES, ...FAULT_ROUTES];

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
