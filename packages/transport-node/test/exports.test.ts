import { describe, expect, it } from 'vitest';
import * as core from '@connect-participant/core';
import * as transport from '@connect-participant/transport-node';

describe('@connect-participant/transport-node', () => {
  it('re-exports every value of core, the same objects', () => {
    const coreNames = Object.keys(core).sort();
    expect(coreNames.length).toBeGreaterThan(30);
    for (const name of coreNames) expect((transport as Record<string, unknown>)[name]).toBe((core as Record<string, unknown>)[name]);
  });
});
