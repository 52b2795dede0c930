import { afterAll, beforeAll, describe, it } from 'vitest';
import { connectParticipant } from '@connect-participant/transport-node';
import type { Emulator } from '@connect-participant/emulator';
import { cases, type ConformanceContext } from '../src/index.js';
import { conformanceEmulator, controlOf } from './emulator-fixture.js';

let emulator: Emulator;
let ctx: ConformanceContext;

beforeAll(async () => {
  emulator = await conformanceEmulator();
  ctx = { endpoint: emulator.endpoint, connect: (options) => connectParticipant(options), control: controlOf(emulator) };
});
afterAll(() => emulator.close());

describe('conformance on Node: transport-node against the emulator', () => {
  for (const c of cases.filter((c) => !c.needsNetworkControl)) it(c.name, () => c.run(ctx));
});
