import type { Duplex } from 'node:stream';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/** The status a parse error of Node's HTTP parser deserves, as an HTTP server answers it. */
export function statusForClientError(error: Error & { code?: string; rawPacket?: Buffer }): number {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // Node counts the request line in its header limit: if that line never ended, it was the URL that was too long.
    const raw = error.rawPacket;
    return raw !== undefined && !raw.includes('\r\n') && !raw.includes('\n') ? 414 : 431;
  }
  return 400;
}

/**
 * Answers a request Node's parser refused (a bad request line, a huge URL or header, Content-Length with chunked,
 * a control character in a header, a client too slow to send its headers or body) with a status and a short JSON
 * body, then closes the connection, instead of resetting it with nothing sent. A socket already gone, or one that
 * has already had bytes of a response, is just destroyed.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex, log?: (line: string) => void): void {
  // As Node's own default does: answer unless the peer is gone or a response on this socket has begun.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy();
    return;
  }
  const status = statusForClientError(error);
  const body = JSON.stringify({ message: REASONS[status] ?? 'Bad Request' });
  log?.(`client error ${error.code ?? 'unknown'}: answered ${status}`);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Access-Control-Allow-Origin: *\r\n' +
      'Connection: close\r\n\r\n' +
      body,
  );
  // A client that never reads must not keep the socket: end() waits for the peer, destroy() after a bound does not.
  setTimeout(() => socket.destroy(), 1000).unref();
}
