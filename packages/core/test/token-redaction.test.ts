import { describe, expect, it } from 'vitest';
import {
  OPERATION_NAMES,
  REQUEST_CONSTRAINTS,
  ROUTES,
  decodeResponse,
  decodeServerFrame,
  encodeRequest,
  parseTimestamp,
  redact,
  type OperationName,
} from '@connect-participant/core';

/** A token that every error path below is handed; none of them may repeat it. */
const TOKEN = 'tok_3Zx9SECRETq7Lw';

/** Everything an error exposes to a log: its message, its own properties and its stack. */
const visible = (e: unknown): string => {
  const error = e as Error & Record<string, unknown>;
  return [error.message, error.stack, JSON.stringify(error), ...Object.values(error).map((v) => JSON.stringify(v))].join('\n');
};

/** For each operation, a request with the token in its bearer field and every other member broken in turn. */
function brokenRequests(op: OperationName): Record<string, unknown>[] {
  const tokenField = ROUTES[op].tokenField;
  const out: Record<string, unknown>[] = [
    { [tokenField]: `${TOKEN}${'x'.repeat(1000)}` }, // token too long
    { [tokenField]: 12 }, // wrong type (no token there, but the shape is checked first)
  ];
  for (const member of Object.keys(REQUEST_CONSTRAINTS[op])) {
    if (member === tokenField) continue;
    for (const bad of [TOKEN.repeat(300), 12, [], { nested: TOKEN }, '']) out.push({ [tokenField]: TOKEN, [member]: bad });
  }
  return out;
}

describe('no error message ever contains a token', () => {
  it('validation errors of every operation', () => {
    let checked = 0;
    for (const op of OPERATION_NAMES) {
      for (const input of brokenRequests(op)) {
        try {
          encodeRequest(op, input as never);
        } catch (e) {
          checked++;
          expect(visible(e)).not.toContain(TOKEN);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('service errors that echo the token, in every casing the parser reads', () => {
    const bodies = [
      { message: `token ${TOKEN} is expired` },
      { Message: `bad bearer: ${TOKEN}` },
      { __type: `AccessDeniedException`, message: `${TOKEN}${TOKEN}` },
      { code: TOKEN, message: 'm' },
    ];
    for (const op of OPERATION_NAMES) {
      for (const body of bodies) {
        const r = decodeResponse(
          op,
          { status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: JSON.stringify(body) },
          { secrets: [TOKEN] },
        );
        expect(r.ok).toBe(false);
        if (!r.ok) expect(visible(r.error)).not.toContain(TOKEN);
      }
      const unnamed = decodeResponse(op, { status: 400, headers: {}, body: JSON.stringify({ message: TOKEN }) }, { secrets: [TOKEN] });
      if (!unnamed.ok) expect(visible(unnamed.error)).not.toContain(TOKEN);
    }
  });

  it('malformed success bodies, even when a token is a member name on the path', () => {
    const r = decodeResponse(
      'StartAttachmentUpload',
      { status: 200, headers: {}, body: JSON.stringify({ UploadMetadata: { HeadersToInclude: { [TOKEN]: 5 } } }) },
      { secrets: [TOKEN] },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(visible(r.error)).not.toContain(TOKEN);
    const notJson = decodeResponse('SendMessage', { status: 200, headers: {}, body: `{${TOKEN}` }, { secrets: [TOKEN] });
    if (!notJson.ok) expect(visible(notJson.error)).not.toContain(TOKEN);
  });

  it('frame decode errors never echo frame data', () => {
    const frames = [
      `{${TOKEN}`,
      JSON.stringify([TOKEN]),
      JSON.stringify({ token: TOKEN }),
      JSON.stringify({ topic: 'aws/chat', content: `{${TOKEN}` }),
      JSON.stringify({ topic: 'aws/chat', content: { [TOKEN]: 1 } }),
      JSON.stringify({ topic: 'aws/subscribe', content: { status: TOKEN.length } }),
      JSON.stringify({ topic: 'aws/ping', statusCode: TOKEN }),
      TOKEN.repeat(20_000),
    ];
    for (const frame of frames) {
      const r = decodeServerFrame(frame);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(visible(r.error)).not.toContain(TOKEN);
    }
    // Items with odd members are delivered without them: the warnings name the members, never their values.
    for (const content of [{ Id: 1, Content: TOKEN }, { Attachments: { [TOKEN]: 1 } }, { MessageMetadata: { Receipts: [{ [TOKEN]: 1, ReadTimestamp: [TOKEN] }] } }]) {
      const r = decodeServerFrame(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify(content) }));
      expect(r.ok && r.value.kind === 'chat' && r.value.warnings?.length).toBeGreaterThan(0);
      expect(JSON.stringify(r.ok && r.value.kind === 'chat' ? r.value.warnings : undefined)).not.toContain(TOKEN);
    }
  });

  it('timestamp errors never echo their input', () => {
    const r = parseTimestamp(TOKEN);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(visible(r.error)).not.toContain(TOKEN);
  });

  it('redact replaces every occurrence and ignores empty secrets', () => {
    expect(redact(`a ${TOKEN} b ${TOKEN}`, [TOKEN])).toBe('a [REDACTED] b [REDACTED]');
    expect(redact('abc', ['', undefined])).toBe('abc');
  });
});
