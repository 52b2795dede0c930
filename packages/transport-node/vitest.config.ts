import { defineConfig, mergeConfig } from 'vitest/config';
import { sourceFirst } from '../../vitest.shared.js';

export default mergeConfig(
  sourceFirst,
  defineConfig({
    // Real sockets to a real emulator: a connect and a few calls take well under a second, but CI runs every
    // package's tests at once on two cores.
    test: { testTimeout: 20_000 },
  }),
);
