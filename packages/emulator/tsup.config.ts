import { packageBuild } from '../../tsup.shared.js';

// `npm run build` empties dist first: the two builds run side by side, so neither may clean it.
export default [
  packageBuild({ clean: false }),
  // The bin is ESM only (it uses top-level await) and imports the library by its package name.
  packageBuild({ entry: ['src/cli.ts'], format: ['esm'], dts: false, clean: false, external: ['@connect-participant/emulator'] }),
];
