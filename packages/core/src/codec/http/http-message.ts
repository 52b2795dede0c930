/** An HTTP request as core builds it; a transport sends it to `endpoint + path`. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, starting with `/`. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body; absent for GET. */
  readonly body: string | undefined;
}

/** An HTTP response as a transport reports it: raw facts, no interpretation. */
export interface HttpResponse {
  readonly status: number;
  /** Header names in any case; looked up case-insensitively. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as text (empty when there is none). */
  readonly body: string;
}

/** Reads a header whatever the case of its name. */
export function getHeader(headers: HttpResponse['headers'], name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
