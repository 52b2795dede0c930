import { describe, expect, it } from 'vitest';
import { emulator } from './fixtures.js';
import { call } from './http-client.js';

describe('the console page', () => {
  it('is served with its style and script, no external asset, under a strict CSP', async () => {
    const emu = await emulator();
    const page = await fetch(`${emu.endpoint}/emulator/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('No authentication beyond the bind address');
    // Every asset is the emulator's own.
    expect(html.match(/(?:src|href)="[^"]+"/g)).toEqual(['href="/emulator/console/console.css"', 'src="/emulator/console/console.js"']);
    const script = await fetch(`${emu.endpoint}/emulator/console/console.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("fetch(path");
    expect((await fetch(`${emu.endpoint}/emulator/console/console.css`)).status).toBe(200);
    expect((await fetch(`${emu.endpoint}/emulator/console/nothing.js`)).status).toBe(404);
  });

  it('is served without the control token, while the calls it makes need it', async () => {
    const emu = await emulator({ controlToken: 'console-secret-1' });
    expect((await fetch(`${emu.endpoint}/emulator/console`)).status).toBe(200);
    expect((await call(emu.endpoint, '/emulator/contacts', { method: 'GET' })).status).toBe(401);
    const listed = await call(emu.endpoint, '/emulator/contacts', { method: 'GET', headers: { 'x-emulator-control-token': 'console-secret-1' } });
    expect(listed.json).toEqual({ contacts: [] });
  });

  it('lists contacts newest first with their state, and shows who is typing', async () => {
    const emu = await emulator();
    const a = await emu.startChatContact({ DisplayName: 'Ada' });
    const b = await emu.startChatContact({ DisplayName: 'Bob' });
    await emu.agent(a.ContactId).sendMessage('hi');
    await emu.endChat(b.ContactId);
    const { contacts } = (await call(emu.endpoint, '/emulator/contacts', { method: 'GET' })).json as { contacts: Record<string, unknown>[] };
    expect(contacts.map((c) => [c['customer'], c['ended'], c['messages']])).toEqual([
      ['Bob', true, 0],
      ['Ada', false, 1],
    ]);
    await emu.agent(a.ContactId).typing();
    const snapshot = emu.contact(a.ContactId);
    const agent = snapshot.participants.find((p) => p.ParticipantRole === 'AGENT');
    expect(snapshot.typing).toEqual([agent?.ParticipantId]);
  });
});
