import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root, where the packages are packed from and the tools (tsc, vite, attw, publint) come from. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The packages users install, by directory under packages/. */
export const PUBLISHED = ['core', 'transport-node', 'transport-browser', 'emulator', 'react'] as const;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment a child npm (or tool) gets: the caller's, without what `npm test` sets for the monorepo's own
 * workspace (a child `npm install` in the scratch project would otherwise act on the monorepo).
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(lifecycle_|package_|config_(workspaces?|include_workspace_root|prefix|local_prefix|global)$)/i.test(key)) env[key] = value;
  }
  return env;
}

/** Runs a command to its end (bounded by `timeoutMs`), never throwing on a non-zero exit: the caller asserts it. */
export function run(command: string, args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: childEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: error && code === 1 && !stderr ? String(error.message) : stderr });
    });
  });
}

/** A tool of the monorepo's node_modules/.bin, run with this Node. */
export const tool = (name: string): string => join(REPO, 'node_modules', '.bin', name);

const versionOf = (name: string): string => (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

export interface Scratch {
  readonly dir: string;
  /** The packed tarballs, by package directory. */
  readonly tarballs: Readonly<Record<(typeof PUBLISHED)[number], string>>;
  remove(): void;
}

/**
 * Packs the published packages (built beforehand: turbo runs this package's tests after `^build`) and installs the
 * tarballs, with what an app would add beside them (rxjs, the types of Node and ws, ws itself, react and react-dom), into one scratch
 * project in a temporary directory: one `npm install` for every consumer below it (ESM, CommonJS, the TypeScript
 * projects, the Vite app). Versions of the third-party packages are the monorepo's, so the npm cache has them.
 */
export async function createScratch(): Promise<Scratch> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-consumers-'));
  try {
    return await fill(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function fill(dir: string): Promise<Scratch> {
  const packDir = join(dir, 'tarballs');
  mkdirSync(packDir);
  const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir, ...PUBLISHED.flatMap((p) => ['-w', `packages/${p}`])], REPO);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const entries = JSON.parse(packed.stdout) as { name: string; filename: string }[];
  const tarballs = Object.fromEntries(
    PUBLISHED.map((p) => {
      const entry = entries.find((e) => e.name === `@connect-participant/${p}`);
      if (!entry) throw new Error(`npm pack made no tarball of @connect-participant/${p}`);
      return [p, join(packDir, entry.filename)];
    }),
  ) as Scratch['tarballs'];
  cpSync(FIXTURES, dir, { recursive: true });
  const dependencies: Record<string, string> = Object.fromEntries(PUBLISHED.map((p) => [`@connect-participant/${p}`, `file:${tarballs[p]}`]));
  for (const name of ['rxjs', 'ws', '@types/node', '@types/ws', 'react', 'react-dom']) dependencies[name] = `^${versionOf(name)}`;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumers-scratch', private: true, type: 'module', dependencies }, null, 2)}\n`);
  const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], dir, 300_000);
  if (installed.code !== 0) throw new Error(`npm install of the tarballs failed:\n${installed.stderr}`);
  return { dir, tarballs, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The emulator's tarball (with core's, which it depends on) alone in a project of its own, installed with
 * `--legacy-peer-deps`: npm then installs no peer dependency, so the emulator must declare what it needs itself.
 */
export async function installEmulatorAlone(scratch: Scratch): Promise<{ readonly dir: string; remove(): void }> {
  // Outside the scratch project, whose node_modules (rxjs among them) Node would otherwise find by walking up.
  const dir = mkdtempSync(join(tmpdir(), 'cp-emulator-alone-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const dependencies = { '@connect-participant/core': `file:${scratch.tarballs.core}`, '@connect-participant/emulator': `file:${scratch.tarballs.emulator}` };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'emulator-alone', private: true, type: 'module', dependencies }, null, 2)}\n`);
  const installed = await run('npm', ['install', '--legacy-peer-deps', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], dir, 300_000);
  if (installed.code !== 0) {
    remove();
    throw new Error(`npm install --legacy-peer-deps of the emulator failed:\n${installed.stderr}`);
  }
  return { dir, remove };
}

export interface RunningEmulator {
  readonly endpoint: string;
  /** A new chat: its ParticipantToken, from the control API. */
  startChat(): Promise<string>;
  close(): Promise<void>;
}

/** The emulator's CLI from its installed tarball, on a free port of 127.0.0.1. */
export function startInstalledEmulator(scratchDir: string): Promise<RunningEmulator> {
  const cli = join(scratchDir, 'node_modules', '@connect-participant', 'emulator', 'dist', 'cli.js');
  const child: ChildProcess = spawn(process.execPath, [cli, '--port', '0'], { cwd: scratchDir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the emulator did not start within 30 s:\n${output}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.once('exit', (code) => fail(new Error(`the emulator exited (${code}):\n${output}`)));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const endpoint = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (!endpoint) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        endpoint,
        async startChat() {
          const response = await fetch(`${endpoint}/emulator/contacts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ DisplayName: 'Consumer' }),
            signal: AbortSignal.timeout(10_000),
          });
          return ((await response.json()) as { ParticipantToken: string }).ParticipantToken;
        },
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
