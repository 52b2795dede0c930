#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runDemo, runInteractive, type Target } from './chat-app.js';

export const USAGE = `Usage: npm start [-- options]

A terminal chat. By default it starts an emulator with a scripted agent and connects you as the customer.

Options:
  --demo                       play a scripted conversation (also when there is no terminal), print the transcript
  --participant-token TOKEN    join a real Amazon Connect chat (or an external emulator) instead
  --region REGION              with --participant-token: the instance's region, e.g. us-east-1
  --endpoint URL               with --participant-token: an endpoint instead of a region
  -h, --help                   this text

In the chat: type a line to send it; /quit leaves the chat.
`;

/** Parses the command line; a string is a usage error. */
export function parseTarget(argv: readonly string[]): { target: Target; demo: boolean } | 'help' | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        demo: { type: 'boolean' },
        'participant-token': { type: 'string' },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return (error as Error).message;
  }
  if (values['help']) return 'help';
  const token = values['participant-token'] as string | undefined;
  const region = values['region'] as string | undefined;
  const endpoint = values['endpoint'] as string | undefined;
  if (region && endpoint) return 'give --region or --endpoint, not both';
  if ((region || endpoint) && !token) return '--region and --endpoint need --participant-token';
  if (token && !region && !endpoint) return '--participant-token needs --region or --endpoint';
  if (token && values['demo']) return '--demo plays on the embedded emulator; it takes no --participant-token';
  const target: Target = token ? { kind: 'external', participantToken: token, ...(endpoint ? { endpoint } : { region: region as string }) } : { kind: 'embedded' };
  return { target, demo: values['demo'] === true };
}

async function main(): Promise<void> {
  const parsed = parseTarget(process.argv.slice(2));
  if (parsed === 'help') return void process.stdout.write(USAGE);
  if (typeof parsed === 'string') {
    process.stderr.write(`connect-chat: ${parsed}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const write = (line: string) => process.stdout.write(`${line}\n`);
  try {
    if (parsed.target.kind === 'embedded' && (parsed.demo || !process.stdin.isTTY)) {
      process.exitCode = await runDemo({ write });
    } else {
      process.exitCode = await runInteractive(parsed.target, { write, input: process.stdin, output: process.stdout });
    }
  } catch (error) {
    process.stderr.write(`connect-chat: ${(error as Error).name}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) void main();
