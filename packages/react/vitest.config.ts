import { defineConfig, mergeConfig } from 'vitest/config';
import { sourceFirst } from '../../vitest.shared.js';

// The browser test builds a page and launches Chromium in its beforeAll.
export default mergeConfig(sourceFirst, defineConfig({ test: { testTimeout: 60_000, hookTimeout: 300_000 } }));
