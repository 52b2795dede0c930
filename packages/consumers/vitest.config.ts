import { defineConfig, mergeConfig } from 'vitest/config';
import { sourceFirst } from '../../vitest.shared.js';

export default mergeConfig(
  sourceFirst,
  defineConfig({
    // Packing, one npm install (from the npm cache) and a Vite build come first; each case runs real processes.
    test: { testTimeout: 120_000, hookTimeout: 400_000 },
  }),
);
