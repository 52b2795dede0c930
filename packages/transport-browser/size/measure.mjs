// Prints the minified + gzipped size of size/chat-app.ts: core + transport-browser + the parts of rxjs they use.
// `node size/measure.mjs` prints the table; the bundle-size test asserts the budget with the same function.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// 15 KB until the session was rebuilt from parts with every wait bounded and the history delivered (issue 14):
// that took the chat app from 15.0 to 19.0 KB. The bench README says which part costs what.
export const BUDGET_BYTES = 19.5 * 1024;
export const TARGET_BYTES = 12 * 1024;

export async function measure() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./chat-app.ts', import.meta.url))],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@connect-participant/source', 'es2015'],
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  // Input paths are relative to the working directory (`../core/src/...`, `src/...`, `../../node_modules/rxjs/...`).
  const byPackage = {};
  for (const [file, info] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
    const pkg = /node_modules\/rxjs\//.test(file) ? 'rxjs' : /core\/src\//.test(file) ? 'core' : /^src\/|transport-browser\/src\//.test(file) ? 'transport-browser' : 'app';
    byPackage[pkg] = (byPackage[pkg] ?? 0) + info.bytesInOutput;
  }
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, byPackage };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzipped, byPackage } = await measure();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log('| bundle | minified | min+gz | target | budget |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| chat app (core + transport-browser + rxjs used) | ${kb(minified)} | ${kb(gzipped)} | ${kb(TARGET_BYTES)} | ${kb(BUDGET_BYTES)} |`);
  console.log(`minified bytes by source: ${Object.entries(byPackage).map(([k, v]) => `${k} ${kb(v)}`).join(', ')}`);
  if (gzipped > BUDGET_BYTES) process.exitCode = 1;
}
