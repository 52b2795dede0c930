import { defineConfig, type Options } from 'tsup';

/**
 * The build every published package shares: ESM + CJS + declarations, tree-shakeable, sources mapped. The maps
 * point at the `src/` each package ships (its `@connect-participant/source` export needs it there) rather than
 * carrying the sources again inside them (`sourcesContent`), which was half of a tarball.
 */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
    ...overrides,
  });
}
