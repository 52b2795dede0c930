import { packageBuild } from '../../tsup.shared.js';

export default packageBuild({
  entry: { index: 'src/index.ts', 'testing/index': 'testing/index.ts' },
  // The fake service imports core by its package name, so both entries share one copy of core's classes.
  external: ['@connect-participant/core'],
});
