import { defineConfig, mergeConfig } from 'vitest/config';
import { sourceFirst } from '../../vitest.shared.js';

export default mergeConfig(sourceFirst, defineConfig({ test: { testTimeout: 60_000, hookTimeout: 600_000 } }));
