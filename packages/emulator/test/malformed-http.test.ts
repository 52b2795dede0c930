import { describe, expect, it } from 'vitest';
import { emulator } from './fixtures.js';
import { call } from './http-client.js';
import { rawExchange } from './raw-client.js';

describe('malformed HTTP is answered, not reset', () => {
  const cases: [string, string, number][] = [
    ['a 64 KB URL', `GET /${'a'.repeat(65_536)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
    ['a 64 KB header', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(65_536)}\r\n\r\n`, 431],
    ['a bad request line', 'NOT AN HTTP REQUEST\r\n\r\n', 400],
    ['Content-Length with chunked', 'POST /participant/message HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['a control character in a header', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n', 400],
  ];
  it.each(cases)('%s gets a status and a JSON body', async (_name, request, status) => {
    const emu = await emulator();
    const answer = await rawExchange(emu.endpoint, [request]);
    expect(answer.status).toBe(status);
    expect(answer.text).toMatch(/\r\n\r\n\{"message":"[^"]+"\}$/);
    // The emulator goes on serving.
    expect((await call(emu.endpoint, '/emulator/health', { method: 'GET' })).status).toBe(200);
  });

  it('a bad request after a good one on the same keep-alive connection is answered too', async () => {
    const emu = await emulator();
    const answer = await rawExchange(emu.endpoint, ['GET /emulator/health HTTP/1.1\r\nHost: x\r\n\r\n', 'BAD REQUEST LINE\r\n\r\n'], 5000, 100);
    expect(answer.text).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\{"ok":true\}HTTP\/1\.1 400 Bad Request/);
  });

  it('a client too slow to send its headers gets 408 and loses the socket', async () => {
    const emu = await emulator({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const answer = await rawExchange(emu.endpoint, ['GET /emulator/health HTTP/1.1\r\n', 'Host: x\r\n'], 5000);
    expect(answer.status).toBe(408);
  });

  it('a client too slow to send its body gets 408', async () => {
    const emu = await emulator({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const answer = await rawExchange(
      emu.endpoint,
      ['POST /emulator/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n', '{'],
      5000,
    );
    expect(answer.status).toBe(408);
  });

  it('refuses timeouts that cannot work', async () => {
    await expect(emulator({ headersTimeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(emulator({ headersTimeoutMs: 1000, requestTimeoutMs: 500 })).rejects.toThrow(RangeError);
  });
});
