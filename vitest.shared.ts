import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Tests run on sources, not builds: the `@connect-participant/source` export condition points each workspace
 * package at its `src/index.ts`, so `npm test` needs no prior build.
 */
const conditions = ['@connect-participant/source', ...defaultServerConditions];

export const sourceFirst = defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['test/**/*.test.ts'] },
});
