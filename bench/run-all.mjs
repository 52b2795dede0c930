// npm run bench: every benchmark in turn, each printing its table and ratio and writing bench/results/<name>.json.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benchmarks = [
  ['bundle-size.mjs'],
  ['inbound-throughput.mjs'],
  ['conversation-view.mjs'],
  ['outbox-sends.mjs'],
  ['connect-latency.mjs'],
  ['create-call.mjs'],
  ['concurrent-sessions.mjs', '--expose-gc'],
  ['chromium-head-to-head.mjs'],
  ['chromium-cold-connect.mjs'],
  ['rotation-under-load.mjs'],
  ['soak.mjs', '--expose-gc'],
];
let failed = 0;
for (const [script, ...flags] of benchmarks) {
  const run = spawnSync(process.execPath, [...flags, join(here, script)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
if (failed) {
  console.error(`${failed} benchmark(s) missed an absolute target or failed`);
  process.exitCode = 1;
}
