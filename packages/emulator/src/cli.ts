#!/usr/bin/env node
// Imports the package itself, so the bin shares the library's build instead of bundling a second copy.
import { runCli } from '@connect-participant/emulator';

const outcome = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
if ('exitCode' in outcome) {
  process.exitCode = outcome.exitCode;
} else {
  const stop = () => void outcome.emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
