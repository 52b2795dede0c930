/** Minimal HTTP helpers over Node's fetch for the raw-wire tests. */
export async function call(
  endpoint: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${endpoint}${path}`, {
    method: init.method ?? 'POST',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token === undefined ? {} : { 'x-amz-bearer': init.token }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = { text };
  }
  return { status: res.status, headers: res.headers, json };
}

/** Connects a participant: both grants in one call, as protocol.md §5 does. */
export async function connect(endpoint: string, participantToken: string, extra: Record<string, unknown> = {}) {
  const r = await call(endpoint, '/participant/connection', {
    token: participantToken,
    body: { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ...extra },
  });
  if (r.status !== 200) throw new Error(`connect failed: ${r.status} ${JSON.stringify(r.json)}`);
  const ws = r.json['Websocket'] as { Url: string; ConnectionExpiry: string };
  const creds = r.json['ConnectionCredentials'] as { ConnectionToken: string; Expiry: string };
  return { url: ws.Url, connectionExpiry: ws.ConnectionExpiry, connectionToken: creds.ConnectionToken, expiry: creds.Expiry };
}
