import { decodeServerFrame, encodeClientFrame, type ServerFrame } from '@connect-participant/core';
import WebSocket from 'ws';

/** A plain `ws` client that queues decoded frames, for driving the gateway in tests. */
export class SocketClient {
  readonly frames: ServerFrame[] = [];
  readonly raw: string[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly #waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '<binary>' : data.toString();
      this.raw.push(text);
      const decoded = decodeServerFrame(isBinary ? data : text);
      if (decoded.ok) this.frames.push(decoded.value);
      this.#wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.#wake();
    });
  }

  static open(url: string): Promise<SocketClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new SocketClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Opens, subscribes to aws/chat and waits for the ack. */
  static async subscribed(url: string): Promise<SocketClient> {
    const client = await SocketClient.open(url);
    client.send({ kind: 'subscribe', topics: ['aws/chat'] });
    await client.next((f) => f.kind === 'subscribe-ack');
    return client;
  }

  send(frame: Parameters<typeof encodeClientFrame>[0] | string): void {
    this.ws.send(typeof frame === 'string' ? frame : encodeClientFrame(frame));
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }

  /** Resolves with (and removes) the first queued frame that matches, waiting up to `ms`. */
  next<F extends ServerFrame>(match: (f: ServerFrame) => f is F, ms?: number): Promise<F>;
  next(match: (f: ServerFrame) => boolean, ms?: number): Promise<ServerFrame>;
  next(match: (f: ServerFrame) => boolean, ms = 3000): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.frames.findIndex(match);
        if (i >= 0) {
          done();
          resolve(this.frames.splice(i, 1)[0] as ServerFrame);
        } else if (this.closed) {
          done();
          reject(new Error(`socket closed (${this.closed.code}) before the frame arrived`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error('timed out waiting for a frame'));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Waits for the socket to close, up to `ms`. */
  whenClosed(ms = 3000): Promise<{ code: number; reason: string }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.closed) {
          clearTimeout(timer);
          this.#waiters.delete(check);
          resolve(this.closed);
        }
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error('timed out waiting for close'));
      }, ms);
      this.#waiters.add(check);
      check();
    });
  }

  /** Whether nothing matching arrives within `ms` (for withheld replies). */
  async silentFor(match: (f: ServerFrame) => boolean, ms: number): Promise<boolean> {
    try {
      await this.next(match, ms);
      return false;
    } catch {
      return true;
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

export const chatItems = (client: SocketClient) =>
  client.frames.filter((f): f is Extract<ServerFrame, { kind: 'chat' }> => f.kind === 'chat').map((f) => f.item);
