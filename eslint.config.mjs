// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Globals that reach time, randomness, I/O or a platform: core gets all of these through injected ports or RxJS schedulers. */
const impureGlobals = [
  'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'clearImmediate',
  'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'performance', 'process', 'window',
  'document', 'navigator', 'globalThis', 'self', 'global', 'fetch', 'WebSocket', 'XMLHttpRequest', 'console',
  'crypto', 'Buffer', 'location', 'localStorage', 'sessionStorage', 'require', 'module', '__dirname', '__filename',
].map((name) => ({ name, message: `core is pure: pass ${name} in through a port or an RxJS scheduler` }));

export default tseslint.config(
  {
    // `.stryker-tmp` holds the sandboxes of a mutation run in progress (packages/core, `npm run mutation`).
    ignores: ['**/dist/**', '**/dist-e2e/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', '**/.stryker-tmp/**', 'docs/api/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Scripts (benchmarks, tooling) run on Node.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Pages the benchmarks load in Chromium: browser globals, and the official chat library's `connect`.
    files: ['bench/pages/**/*.js'],
    languageOptions: { globals: { ...globals.browser, connect: 'readonly' } },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'core is pure: read time from the injected scheduler (scheduler.now())' },
        { object: 'Math', property: 'random', message: 'core is pure: take randomness from the injected random source' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core is pure: read time from the injected scheduler' },
        { selector: "CallExpression[callee.name='Date']", message: 'core is pure: Date() reads the clock' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'http', 'https', 'net', 'tls', 'crypto', 'events', 'stream', 'url', 'util', 'os', 'path', 'timers']
            .map((name) => ({ name, message: 'core depends on nothing platform-specific' }))
            .concat(
              ['ws', 'isomorphic-ws', 'cross-fetch', 'undici', 'node-fetch'].map((name) => ({
                name,
                message: 'transports live in transport-node / transport-browser',
              })),
            ),
          patterns: [{ group: ['node:*'], message: 'core depends on nothing platform-specific' }],
        },
      ],
    },
  },
);
