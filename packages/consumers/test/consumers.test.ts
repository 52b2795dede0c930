import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { launchChromium } from '@connect-participant/conformance/chromium';
import { PUBLISHED, createScratch, installEmulatorAlone, run, startInstalledEmulator, tool, type RunningEmulator, type Scratch } from '../src/scratch.js';

let scratch: Scratch;
let emulator: RunningEmulator;

beforeAll(async () => {
  scratch = await createScratch();
  emulator = await startInstalledEmulator(scratch.dir);
});
afterAll(async () => {
  await emulator?.close();
  scratch?.remove();
});

/** Runs a Node script of the scratch project against the emulator and returns the JSON line it printed. */
async function smoke(script: string, nodeArgs: readonly string[] = []): Promise<Record<string, unknown>> {
  const token = await emulator.startChat();
  const result = await run(process.execPath, [...nodeArgs, script, emulator.endpoint, token], scratch.dir, 60_000);
  expect(result.stderr, `${script} wrote to stderr`).toBe('');
  expect(result.code, `${script} exited with ${result.code}`).toBe(0);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

// Each case is a process of its own (a tool, an app): they run side by side, which roughly halves the file's time.
describe.concurrent('each tarball, as published', () => {
  it.each(PUBLISHED)('%s: attw finds no problem with its types under node10, node16 (CJS and ESM) and bundler', async (pkg) => {
    const result = await run(tool('attw'), [scratch.tarballs[pkg], '--format', 'ascii'], scratch.dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it.each(PUBLISHED)('%s: publint --strict finds nothing', async (pkg) => {
    const result = await run(tool('publint'), ['--strict', scratch.tarballs[pkg]], scratch.dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/error|warning|suggestion/i);
  });

  it.each(PUBLISHED)('%s: ships its LICENSE, and its sources once (maps without sourcesContent)', async (pkg) => {
    const listed = await run('tar', ['-tzf', scratch.tarballs[pkg]], scratch.dir);
    const files = listed.stdout.split('\n');
    expect(files).toContain('package/LICENSE');
    const installed = join(scratch.dir, 'node_modules', '@connect-participant', pkg);
    const license = await readFile(join(installed, 'LICENSE'), 'utf8');
    expect(license).toContain('Apache License');
    expect(license).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest['repository']).toEqual({ type: 'git', url: 'git+https://github.com/connect-participant/connect-participant.git', directory: `packages/${pkg}` });
    expect(manifest['homepage']).toMatch(/^https:\/\/github\.com\/connect-participant\/connect-participant\//);
    expect(manifest['bugs']).toBeTruthy();
    for (const [name, range] of Object.entries((manifest['dependencies'] ?? {}) as Record<string, string>)) {
      if (!name.startsWith('@connect-participant/')) expect(range, name).toMatch(/^\^/);
    }
    const map = JSON.parse(await readFile(join(installed, 'dist', 'index.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sourcesContent).toBeUndefined();
    expect(files).toContain(`package/${map.sources[0]?.replace(/^\.\.\//, '')}`);
  });
});

describe('the emulator installed alone, with --legacy-peer-deps (no peer dependency installed)', () => {
  it('declares what it needs (rxjs): it loads, starts and stops', async () => {
    const alone = await installEmulatorAlone(scratch);
    const script = "const { startEmulator } = await import('@connect-participant/emulator'); const emu = await startEmulator({ port: 0 }); console.log(emu.endpoint); await emu.close();";
    const result = await run(process.execPath, ['--input-type=module', '-e', script], alone.dir).finally(alone.remove);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe.concurrent('apps on the installed tarballs, against the emulator from its tarball', () => {
  it('an ESM app (transport-node, with a logger whose lines carry no token)', async () => {
    expect(await smoke('esm/smoke.mjs')).toMatchObject({ ok: true, sentId: expect.any(String), fetch: 'function' });
  });

  it('an ESM app on a Node without fetch: cross-fetch is loaded then, and works', async () => {
    expect(await smoke('esm/smoke.mjs', ['--no-experimental-fetch'])).toMatchObject({ ok: true, fetch: 'undefined' });
  });

  it('a CommonJS app (require of transport-node and of the emulator)', async () => {
    expect(await smoke('cjs/smoke.cjs')).toEqual({ ok: true, emulatorRequirable: true });
  });

  it('the React bindings, imported (ESM and CommonJS) and server-rendered with react-dom/server: no session made', async () => {
    const exports = ['EMPTY_CONVERSATION', 'INITIAL_STATE', 'NO_PARTICIPANTS', 'NO_TYPISTS', 'NoSessionError', 'ParticipantSessionProvider', 'useConversation', 'useParticipantSession', 'useParticipants', 'useProvidedSession', 'useSendMessage', 'useSessionState', 'useTypists'];
    for (const [script, html] of [['esm/react.mjs', '<p>connecting 0</p>'], ['cjs/react.cjs', '<p>connecting 0</p>']] as const) {
      const result = await run(process.execPath, [script], scratch.dir);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ html, made: 0, exports });
    }
  });

  it('transport-browser on Node 20 (no global WebSocket): a typed error at construction that points to transport-node', async () => {
    const result = await run(process.execPath, ['esm/browser-on-node.mjs'], scratch.dir);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    // Node 22 and later have a global WebSocket: the check is for the Node that lacks one.
    if (out['hasWebSocket'] === 'function') expect(out['threw']).toBe(false);
    else expect(out).toMatchObject({ threw: true, typed: true, name: 'PlatformUnsupportedError', missing: 'WebSocket', message: expect.stringContaining('@connect-participant/transport-node') });
  });

  it('a TypeScript app, strict, node16 resolution: the platform fetch, undici fetch and the ws class type-check without casts; it runs', async () => {
    const compiled = await run(process.execPath, [join(tool('tsc')), '-p', 'ts-node16'], scratch.dir);
    expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);
    expect(await smoke('ts-node16/out/ts-node16/src/smoke.js')).toEqual({ ok: true, state: 'closed' });
  });

  it('a TypeScript app, strict, bundler resolution with the DOM lib: browser fetch and WebSocket, NetInfo listeners, and the Node types beside them', async () => {
    const compiled = await run(process.execPath, [join(tool('tsc')), '-p', 'ts-bundler'], scratch.dir);
    expect(compiled.code, compiled.stdout + compiled.stderr).toBe(0);
  });

  it('a Vite app, built with Vite\'s defaults, joins the chat in headless Chromium', async () => {
    const root = join(scratch.dir, 'vite-app');
    await build({ root, configFile: false, envFile: false, logLevel: 'silent' });
    const server = await serve(join(root, 'dist'));
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const token = await emulator.startChat();
      await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/#${encodeURIComponent(`${emulator.endpoint}|${token}`)}`);
      const handle = await page.waitForFunction(
        () => {
          const smoke = (window as unknown as { smoke?: { echoed: boolean; error?: string } }).smoke;
          return smoke && (smoke.echoed || smoke.error) ? smoke : undefined;
        },
        undefined,
        { timeout: 30_000 },
      );
      expect(await handle.jsonValue()).toMatchObject({ status: 'connected', echoed: true, sentId: expect.any(String) });
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** A static server of a built app, on a free port of 127.0.0.1. */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    readFile(join(dir, path === '/' ? 'index.html' : path)).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(path || '.html')] ?? 'text/html' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
