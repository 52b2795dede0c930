import { connect } from 'node:net';

/** Sends raw bytes to the emulator and resolves with everything it answers before closing (or after `ms`). */
export function rawExchange(endpoint: string, chunks: readonly string[], ms = 5000, gapMs = 0): Promise<{ text: string; status: number | undefined }> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ text, status: status === undefined ? undefined : Number(status) });
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (data) => (text += data.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.on('connect', () => {
      let i = 0;
      const next = () => {
        if (i >= chunks.length || socket.destroyed) return;
        socket.write(chunks[i++] as string);
        if (gapMs > 0) setTimeout(next, gapMs);
        else next();
      };
      next();
    });
  });
}
