import { defineConfig, mergeConfig } from 'vitest/config';
import { sourceFirst } from '../../vitest.shared.js';

export default mergeConfig(
  sourceFirst,
  defineConfig({
    // Real sockets and real time: each case waits for rotations and refreshes on short emulator timings.
    test: { testTimeout: 60_000, hookTimeout: 600_000, fileParallelism: false },
  }),
);
