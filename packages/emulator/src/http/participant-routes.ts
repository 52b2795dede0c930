import type { IncomingMessage, ServerResponse } from 'node:http';
import { OPERATION_NAMES, ROUTES, type OperationName } from '@connect-participant/core';
import type { Faults } from '../faults.js';
import type { ResolvedOptions } from '../options.js';
import { newId } from '../secrets.js';
import type { ParticipantService } from '../service/participant-service.js';
import { HttpError, parseJsonObject, readBody, type Responder } from './responses.js';

/** The operation a method and path name, with its path label (DescribeView's ViewToken) when it has one. */
export function matchOperation(method: string, path: string): { operation: OperationName; label?: string } | undefined {
  for (const operation of OPERATION_NAMES) {
    const route = ROUTES[operation];
    if (route.method !== method) continue;
    if (route.pathLabel) {
      if (path.startsWith(route.path) && path.length > route.path.length && !path.slice(route.path.length).includes('/')) {
        let label: string;
        try {
          label = decodeURIComponent(path.slice(route.path.length));
        } catch {
          return undefined;
        }
        return { operation, label };
      }
    } else if (path === route.path) {
      return { operation };
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Serves one participant API call: body, bearer token, faults, the operation, and its JSON or error answer. */
export async function serveOperation(
  req: IncomingMessage,
  res: ServerResponse,
  match: { operation: OperationName; label?: string },
  deps: { service: ParticipantService; faults: Faults; respond: Responder; options: ResolvedOptions },
): Promise<void> {
  const requestId = newId();
  const { operation } = match;
  try {
    const body = parseJsonObject(await readBody(req, deps.options.maxRequestBytes));
    const route = ROUTES[operation];
    const bearer = req.headers['x-amz-bearer'];
    const input: Record<string, unknown> = { ...body, [route.tokenField]: typeof bearer === 'string' && bearer !== '' ? bearer : undefined };
    if (route.pathLabel) input[route.pathLabel] = match.label;
    const fault = deps.faults.takeCallFaults(operation);
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.fail) throw new HttpError(fault.fail.status, fault.fail.name, `Injected fault: ${fault.fail.name}`);
    const output = deps.service.invoke(operation, input);
    deps.respond.json(res, 200, output, requestId);
    deps.options.log?.(`${operation} 200`);
  } catch (error) {
    if (!(error instanceof Error) || (!('$fault' in error) && !(error instanceof HttpError))) {
      deps.options.log?.(`${operation} failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
    }
    deps.respond.error(res, error, requestId);
    deps.options.log?.(`${operation} ${res.statusCode}`);
  }
}

