// Browser bundle, minified and gzipped: a chat app on core + transport-browser (the parts of rxjs used included),
// built as users build it (Vite's defaults, the published entry: rxjs's esm5 build plus tslib), against the official
// chat library's distributed script, measured in the same run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmt, saveResult, table } from './lib.mjs';

const require = createRequire(import.meta.url);
const transportBrowser = dirname(require.resolve('@connect-participant/transport-browser/package.json'));
const { BUDGET_BYTES, measure } = await import(join(transportBrowser, 'size', 'measure.mjs'));
const ours = await measure();
const chatjsFile = join(dirname(require.resolve('amazon-connect-chatjs/package.json')), 'dist', 'amazon-connect-chat.js');
const chatjs = readFileSync(chatjsFile);
const chatjsGz = gzipSync(chatjs, { level: 9 }).length;
const kb = (n) => `${fmt(n / 1024, 1)} KB`;
console.log('\nbrowser bundle, min+gz');
table(['bundle', 'minified', 'min+gz', 'ratio'], [
  ['amazon-connect-chatjs dist (baseline)', kb(chatjs.length), kb(chatjsGz), '1.00×'],
  ['chat app: core + transport-browser + rxjs used (default Vite build)', kb(ours.minified), kb(ours.gzipped), `${(chatjsGz / ours.gzipped).toFixed(1)}× smaller (target ≥ 6×, ≤ 12 KB; CI budget ${kb(BUDGET_BYTES)})`],
]);
saveResult('bundle-size', { chatjs: { minified: chatjs.length, gzipped: chatjsGz }, ours: { minified: ours.minified, gzipped: ours.gzipped }, smallerBy: chatjsGz / ours.gzipped, targetBytes: 12 * 1024, budgetBytes: BUDGET_BYTES });
