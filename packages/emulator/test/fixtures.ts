import { afterEach } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '@connect-participant/emulator';
import { connect } from './http-client.js';
import { SocketClient } from './socket-client.js';

/** Everything a test opens is closed after it: emulators and socket clients. */
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

/** Remembers something for closing after the test. */
export function track<T extends { close(): unknown }>(resource: T): T {
  open.push(resource);
  return resource;
}

/** An emulator for this test (no throttling unless asked), closed after it. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return track(await startEmulator({ throttle: false, ...options }));
}

/** A new chat with its customer connected: the grant's websocket URL and ConnectionToken. */
export async function customer(emu: Emulator) {
  const chat = await emu.startChatContact({ DisplayName: 'Ada' });
  const grant = await connect(emu.endpoint, chat.ParticipantToken);
  return { chat, token: grant.connectionToken, grant };
}

/** A socket client subscribed to aws/chat, closed after the test. */
export async function subscribed(url: string): Promise<SocketClient> {
  return track(await SocketClient.subscribed(url));
}
