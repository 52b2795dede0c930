// @ts-check
/**
 * Mutation testing of core (StrykerJS with its vitest runner): `npm run mutation` here, or from the repository
 * root. Not part of `npm test` or CI: a full run takes a while (see README, "Mutation testing").
 * Narrow it with `npx stryker run --mutate 'src/codec/**\/*.ts'`; `--concurrency 1` on a busy machine.
 */

// The property tests run for every mutant their code paths cover: the session's fault schedules (200 in `npm test`)
// and the codecs' arbitrary inputs (500) are cut to 20 and 100 here, the codecs' examples pinning the rest. An
// explicit FAULT_RUNS or PROPERTY_RUNS still wins. Stryker's workers inherit this environment.
process.env['FAULT_RUNS'] ??= '20';
process.env['PROPERTY_RUNS'] ??= '100';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  // Stryker copies this folder into `.stryker-tmp/sandbox-…`; that config points the package's self-imports at
  // the copy (see its comment).
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/**/*.ts',
    '!src/index.ts',
    // Type-only modules: nothing to mutate.
    '!src/ports.ts',
    '!src/model/shapes.ts',
    '!src/client/abort.ts',
  ],
  ignorePatterns: ['dist', 'coverage', '.turbo'],
  // Full runs by default, so the figures are those of the code as it is; `--incremental` reuses the last run's
  // results for unchanged code and tests (kept beside the report), except that a static mutant (module-level
  // code) that survived keeps that status whatever tests were added: quote figures from a full run.
  incremental: false,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  clearTextReporter: { reportTests: false, reportMutants: true, reportScoreTable: true },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 85, low: 72, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

export default config;
