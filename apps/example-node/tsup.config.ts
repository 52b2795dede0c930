import { defineConfig } from 'tsup';

// An app, not a library: one ESM file per entry, its workspace packages resolved from their builds.
export default defineConfig({ entry: ['src/main.ts'], format: ['esm'], target: 'node20', clean: true, sourcemap: true });
