import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The vitest config of mutation testing (`stryker.config.mjs`), not of `npm test`. Stryker runs the tests in a
 * sandbox, a copy of this folder at `.stryker-tmp/sandbox-…/`, where two things of `vitest.config.ts` fail: its
 * `../../vitest.shared.js` is not there, and `@connect-participant/core` resolves through the workspace's
 * node_modules link to the original sources, so the tests would never see a mutant. Here the package's own entry
 * points are aliased to the files beside this config (the sandbox's, mutated), and the conditions are
 * vitest.shared's.
 */
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const conditions = ['@connect-participant/source', ...defaultServerConditions.filter((c) => c !== 'module')];

export default defineConfig({
  resolve: {
    conditions,
    alias: [
      { find: /^@connect-participant\/core\/testing$/, replacement: here('./testing/index.ts') },
      { find: /^@connect-participant\/core$/, replacement: here('./src/index.ts') },
    ],
  },
  ssr: { resolve: { conditions } },
  test: { include: ['test/**/*.test.ts'] },
});
