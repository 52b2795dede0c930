// The suite as a page script: bundled with transport-browser and run by the Chromium test through Playwright.
import { connectParticipant } from '@connect-participant/transport-browser';
import { cases, type ConformanceContext } from './index.js';

declare global {
  interface Window {
    /** Provided by the test runner (Playwright's exposeFunction): the emulator's control API, called from Node. */
    conformanceControl(path: string, body: unknown, method: string): Promise<Record<string, unknown>>;
    conformanceSetOffline(offline: boolean): Promise<void>;
    conformance: { names: string[]; run(name: string, endpoint: string): Promise<void> };
  }
}

window.conformance = {
  names: cases.map((c) => c.name),
  async run(name, endpoint) {
    const c = cases.find((x) => x.name === name);
    if (!c) throw new Error(`no conformance case named ${name}`);
    const ctx: ConformanceContext = {
      endpoint,
      connect: (options) => connectParticipant(options),
      control: (path, body, method = 'POST') => window.conformanceControl(path, body ?? {}, method),
      setOffline: (offline) => window.conformanceSetOffline(offline),
    };
    await c.run(ctx);
  },
};
