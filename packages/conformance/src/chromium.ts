import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, installed with apt-get when missing (CI runs as root on a fresh machine). Never a browser
 * downloaded by a test tool. Fails with a clear message when it cannot be had.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  try {
    // Two test files may get here at once: wait for apt's lock rather than fail on it.
    const wait = ['-o', 'DPkg::Lock::Timeout=600'];
    execFileSync('apt-get', [...wait, 'update'], { stdio: 'ignore', timeout: 300_000 });
    if (!existsSync(CHROMIUM)) {
      execFileSync('apt-get', [...wait, 'install', '-y', 'chromium'], {
        stdio: 'ignore',
        timeout: 600_000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    }
  } catch (error) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM} and could not be installed with "apt-get update && apt-get install -y chromium" ` +
        `(${(error as Error).message}). Install Debian's chromium package and run the tests again.`,
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} does not exist`);
  return CHROMIUM;
}

/** Headless Chromium with the flags this machine needs and a fresh profile, removed on close. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'cp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
