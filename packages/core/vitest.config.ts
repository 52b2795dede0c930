import { defineConfig, mergeConfig } from 'vitest/config';
import { sourceFirst } from '../../vitest.shared.js';

// Core's tests run in virtual time and never wait on the clock: the limit only catches a hang. On CI's 2 cores,
// beside every other package's tests and browser runs, one session test once took 5.5 s of wall time (0.2 s alone).
export default mergeConfig(sourceFirst, defineConfig({ test: { testTimeout: 20_000 } }));
