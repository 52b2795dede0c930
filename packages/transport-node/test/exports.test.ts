import { describe, expect, it } from 'vitest';
import * as core from '@connect-participant/core';
import * as transport from '@connect-participant/transport-node';

const BOUND = ['ParticipantClient'];

describe('@connect-participant/transport-node exports', () => {
  it('re-exports every value of core, the same objects, except those it binds to the transport', () => {
    const names = Object.keys(core).sort();
    expect(names.length).toBeGreaterThan(40);
    for (const name of names.filter((n) => !BOUND.includes(n))) {
      expect((transport as Record<string, unknown>)[name], name).toBe((core as Record<string, unknown>)[name]);
    }
  });

  it('binds ParticipantClient and connectParticipant to the Node transport', () => {
    expect(transport.ParticipantClient).not.toBe(core.ParticipantClient);
    expect(new transport.ParticipantClient({ region: 'us-east-1' })).toBeInstanceOf(core.ParticipantClient);
    expect(typeof transport.connectParticipant).toBe('function');
  });
});
