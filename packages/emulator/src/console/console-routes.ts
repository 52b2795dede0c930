import type { ServerResponse } from 'node:http';
import { CONSOLE_HTML } from './console-page.js';
import { CONSOLE_JS } from './console-script.js';
import { CONSOLE_CSS } from './console-style.js';

const ASSETS: Readonly<Record<string, { type: string; body: string }>> = {
  '/emulator/console': { type: 'text/html; charset=utf-8', body: CONSOLE_HTML },
  '/emulator/console/console.js': { type: 'text/javascript; charset=utf-8', body: CONSOLE_JS },
  '/emulator/console/console.css': { type: 'text/css; charset=utf-8', body: CONSOLE_CSS },
};

/** Its own origin only: no inline code, no other host, no framing by other pages. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * Serves the console's three static files (`GET /emulator/console`), no build step, no external asset. They hold
 * no data, so they are served without the control token; every call the page makes needs it when one is set.
 * Returns false for any other path.
 */
export function serveConsole(res: ServerResponse, path: string, method: string): boolean {
  const asset = ASSETS[path === '/emulator/console/' ? '/emulator/console' : path];
  if (!asset || (method !== 'GET' && method !== 'HEAD')) return false;
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'content-length': Buffer.byteLength(asset.body) });
  res.end(method === 'HEAD' ? undefined : asset.body);
  return true;
}
