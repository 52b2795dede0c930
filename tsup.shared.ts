import { defineConfig, type Options } from 'tsup';

/** The build every published package shares: ESM + CJS + declarations, tree-shakeable, sources mapped. */
export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    ...overrides,
  });
}
