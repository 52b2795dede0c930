import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';
import {
  AccessDeniedException,
  NetworkError,
  ParticipantClient,
  ValidationException,
  connectParticipant,
  type FetchLike,
} from '@connect-participant/transport-node';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ throttle: false });
});
afterAll(() => emu.close());

describe('the Node transport against the emulator', () => {
  it('ParticipantClient works as api.md shows', async () => {
    const chat = await emu.startChatContact({ DisplayName: 'Ada' });
    const client = new ParticipantClient({ endpoint: emu.endpoint });
    const res = await client.createParticipantConnection({
      ParticipantToken: chat.ParticipantToken,
      Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
      ConnectParticipant: true,
    });
    expect(res.Websocket?.Url).toMatch(/^ws:\/\/127\.0\.0\.1:/);
    const sent = await client.sendMessage({
      ConnectionToken: res.ConnectionCredentials?.ConnectionToken as string,
      ContentType: 'text/plain',
      Content: 'hello',
    });
    expect(sent.Id).toBeTruthy();
  });

  it('rejects with typed errors: AccessDeniedException, ValidationException before I/O, NetworkError', async () => {
    const client = new ParticipantClient({ endpoint: emu.endpoint, maxAttempts: 1 });
    await expect(client.createParticipantConnection({ ParticipantToken: 'forged' })).rejects.toBeInstanceOf(AccessDeniedException);
    await expect(client.getAttachment({ ConnectionToken: 'x', AttachmentId: '' })).rejects.toBeInstanceOf(ValidationException);
    const nowhere = new ParticipantClient({ endpoint: 'http://127.0.0.1:1', maxAttempts: 1 });
    const error = await nowhere.createParticipantConnection({ ParticipantToken: 'secret-token-value' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).not.toContain('secret-token-value');
  });

  it('takes the user\'s own fetch', async () => {
    const seen: string[] = [];
    const spy: FetchLike = (url, init) => {
      seen.push(`${init.method} ${url}`);
      return fetch(url, init);
    };
    const chat = await emu.startChatContact();
    const client = new ParticipantClient({ endpoint: emu.endpoint, transport: { fetch: spy } });
    await client.createParticipantConnection({ ParticipantToken: chat.ParticipantToken, Type: ['WEBSOCKET'] });
    expect(seen).toEqual([`POST ${emu.endpoint}/participant/connection`]);
  });

  it('connectParticipant connects, receives and closes cleanly', async () => {
    const chat = await emu.startChatContact();
    const session = connectParticipant({ participantToken: chat.ParticipantToken, endpoint: emu.endpoint });
    const items: string[] = [];
    session.messages$.subscribe((i) => items.push(i.Content ?? ''));
    await new Promise<void>((resolve) => session.state$.subscribe((s) => s.status === 'connected' && resolve()));
    await emu.agent(chat.ContactId).sendMessage('hi there');
    await expect.poll(() => items).toContain('hi there');
    await session.close();
    await expect.poll(() => emu.sockets({ contactId: chat.ContactId }).length).toBe(0);
  });
});
