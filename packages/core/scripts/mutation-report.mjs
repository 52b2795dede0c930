#!/usr/bin/env node
/**
 * Prints the mutation score per folder and per file from Stryker's JSON report (`reports/mutation/mutation.json`,
 * or the path given), as Stryker counts it: detected (killed or timed out) over valid (detected, survived and not
 * covered); compile and runtime errors and ignored mutants count for nothing. `npm run mutation` runs it after
 * Stryker.
 *
 *   node scripts/mutation-report.mjs [report.json] [--files-only | --folders-only]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const reportPath = resolve(
  args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('../reports/mutation/mutation.json', import.meta.url)),
);

/** @type {{ files: Record<string, { mutants: { status: string }[] }> }} */
let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (e) {
  console.error(`mutation-report: cannot read ${reportPath} (${e instanceof Error ? e.message : String(e)}); run \`npm run mutation\` first`);
  process.exit(1);
}

const emptyCounts = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 });
/** @param {ReturnType<typeof emptyCounts>} c */
const detected = (c) => c.killed + c.timeout;
/** @param {ReturnType<typeof emptyCounts>} c */
const valid = (c) => detected(c) + c.survived + c.noCoverage;
/** @param {ReturnType<typeof emptyCounts>} c */
const score = (c) => (valid(c) === 0 ? 'n/a' : `${((100 * detected(c)) / valid(c)).toFixed(2)} %`);

/** @param {ReturnType<typeof emptyCounts>} counts @param {string} status */
function add(counts, status) {
  switch (status) {
    case 'Killed':
      counts.killed++;
      break;
    case 'Timeout':
      counts.timeout++;
      break;
    case 'Survived':
      counts.survived++;
      break;
    case 'NoCoverage':
      counts.noCoverage++;
      break;
    case 'CompileError':
    case 'RuntimeError':
      counts.errors++;
      break;
    default:
      counts.ignored++; // Ignored, Pending
  }
}

/** @type {Map<string, ReturnType<typeof emptyCounts>>} */
const byFile = new Map();
/** @type {Map<string, ReturnType<typeof emptyCounts>>} */
const byFolder = new Map();
const all = emptyCounts();

for (const [file, { mutants }] of Object.entries(report.files)) {
  const name = file.replaceAll('\\', '/');
  const fileCounts = emptyCounts();
  byFile.set(name, fileCounts);
  // Every folder above the file: `src/codec/http/x.ts` counts in src/codec/http, src/codec and src.
  const folders = [];
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) folders.push(name.slice(0, i));
  for (const folder of folders) if (!byFolder.has(folder)) byFolder.set(folder, emptyCounts());
  for (const { status } of mutants) {
    add(fileCounts, status);
    add(all, status);
    for (const folder of folders) add(/** @type {ReturnType<typeof emptyCounts>} */ (byFolder.get(folder)), status);
  }
}

const header = ['', 'score', 'killed', 'timeout', 'survived', 'no cov', 'errors', 'valid'];
/** @param {string} label @param {ReturnType<typeof emptyCounts>} c */
const row = (label, c) => [label, score(c), c.killed, c.timeout, c.survived, c.noCoverage, c.errors, valid(c)].map(String);

/** @param {string} title @param {string[][]} rows */
function print(title, rows) {
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  console.log(`\n${title}`);
  for (const r of table) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));
}

const sorted = (/** @type {Map<string, ReturnType<typeof emptyCounts>>} */ map) => [...map].sort(([a], [b]) => a.localeCompare(b));
console.log(`Mutation score (detected / valid) from ${reportPath}`);
if (!flags.has('--files-only')) print('Per folder', [...sorted(byFolder).map(([f, c]) => row(`${f}/`, c)), row('all files', all)]);
if (!flags.has('--folders-only')) print('Per file', sorted(byFile).map(([f, c]) => row(f, c)));
