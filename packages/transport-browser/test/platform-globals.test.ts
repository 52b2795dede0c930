import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParticipantClient, PlatformUnsupportedError, connectParticipant, createBrowserTransport } from '@connect-participant/transport-browser';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a platform without the globals the transport needs', () => {
  it('fails at construction with a typed error pointing to transport-node (Node 20 has no WebSocket)', () => {
    vi.stubGlobal('WebSocket', undefined);
    try {
      const error = (() => {
        try {
          connectParticipant({ participantToken: 't', endpoint: 'http://127.0.0.1:1' });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(PlatformUnsupportedError);
      expect((error as PlatformUnsupportedError).missing).toBe('WebSocket');
      expect((error as Error).message).toContain('@connect-participant/transport-node');
      expect(() => new ParticipantClient({ endpoint: 'http://127.0.0.1:1' })).toThrow(PlatformUnsupportedError);
      // A WebSocket of the app's own is enough.
      expect(() => createBrowserTransport({ WebSocket: class {} as never })).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('names crypto, and the React Native polyfill, when neither randomUUID nor getRandomValues is there', () => {
    vi.stubGlobal('crypto', undefined);
    try {
      expect(() => createBrowserTransport({ WebSocket: class {} as never })).toThrow(/react-native-get-random-values/);
    } finally {
      vi.unstubAllGlobals();
    }
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(7) });
    try {
      const token = createBrowserTransport({ WebSocket: class {} as never }).generateClientToken();
      expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('names fetch when that is what is missing', () => {
    vi.stubGlobal('fetch', undefined);
    try {
      expect(() => createBrowserTransport({ WebSocket: class {} as never })).toThrow(expect.objectContaining({ name: 'PlatformUnsupportedError', missing: 'fetch' }));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
