import { startEmulator, type Emulator } from '@connect-participant/emulator';
import { EMULATOR_TIMINGS } from '../src/timings.js';

/** One emulator for a runtime's run of the suite, with the suite's short timings. */
export async function conformanceEmulator(): Promise<Emulator> {
  return startEmulator({ ...EMULATOR_TIMINGS });
}

/** The control API, from Node: used by both runtimes, so it keeps working while a browser is offline. */
export function controlOf(emulator: Emulator) {
  return async (path: string, body?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<Record<string, unknown>> => {
    const res = await fetch(`${emulator.endpoint}${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`control ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
