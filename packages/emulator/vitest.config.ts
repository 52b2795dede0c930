import { defineConfig, mergeConfig } from 'vitest/config';
import { sourceFirst } from '../../vitest.shared.js';

export default mergeConfig(
  sourceFirst,
  defineConfig({
    // Real servers and sockets: a test takes well under a second alone, but CI runs every package's tests at once
    // on two cores (a run measured 5 s for one test while the machine was busy).
    test: { testTimeout: 20_000 },
  }),
);
