import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FrameDecodeError,
  OPERATION_NAMES,
  ParticipantServiceException,
  ValidationException,
  decodeClientFrame,
  decodeResponse,
  decodeServerFrame,
  encodeRequest,
  encodeServerFrame,
  formatTimestamp,
  parseTimestamp,
  validateRequest,
  type HttpResponse,
  type Item,
} from '@connect-participant/core';

const runs = { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 500) };
const KINDS = ['subscribe-ack', 'heartbeat', 'ping', 'chat', 'gateway-error', 'unknown', 'empty'];

/** Text that looks like frames: real topics, JSON fragments and arbitrary strings mixed. */
const frameLike = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record({
      topic: fc.constantFrom('aws/chat', 'aws/subscribe', 'aws/heartbeat', 'aws/ping', 'aws/other', 7, null),
      content: fc.oneof(fc.jsonValue(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.string()),
      statusCode: fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)),
      message: fc.oneof(fc.string(), fc.constant(undefined)),
    }, { requiredKeys: [] })
    .map((f) => JSON.stringify(f)),
);



const itemArb: fc.Arbitrary<Item> = fc
  .record(
    {
      AbsoluteTime: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()),
      Content: fc.string({ unit: 'binary' }),
      ContentType: fc.constantFrom('text/plain', 'text/markdown', 'application/vnd.amazonaws.connect.event.typing'),
      Id: fc.uuid(),
      Type: fc.constantFrom('MESSAGE', 'EVENT', 'ATTACHMENT', 'MESSAGEMETADATA', 'SOMETHING_NEW'),
      ParticipantId: fc.uuid(),
      DisplayName: fc.string(),
      ParticipantRole: fc.constantFrom('AGENT', 'CUSTOMER', 'SYSTEM', 'CUSTOM_BOT', 'SUPERVISOR'),
      Attachments: fc.array(
        fc.record({ ContentType: fc.string(), AttachmentId: fc.string(), AttachmentName: fc.string(), Status: fc.string() }, { requiredKeys: [] }),
        { maxLength: 3 },
      ),
      MessageMetadata: fc.record(
        {
          MessageId: fc.string(),
          Receipts: fc.array(fc.record({ ReadTimestamp: fc.string(), DeliveredTimestamp: fc.string(), RecipientParticipantId: fc.string() }, { requiredKeys: [] }), { maxLength: 3 }),
          MessageCompleted: fc.boolean(),
          ChunkNumber: fc.nat(),
        },
        { requiredKeys: [] },
      ),
      ContactId: fc.uuid(),
      InitialContactId: fc.uuid(),
      RelatedContactId: fc.uuid(),
    },
    { requiredKeys: ['Id'] },
  );

describe('frame decoder on arbitrary input', () => {
  it('never throws: always a known frame or a FrameDecodeError', () => {
    fc.assert(
      fc.property(fc.oneof(frameLike, fc.anything()), fc.option(fc.nat({ max: 1000 }), { nil: undefined }), (data, max) => {
        const r = decodeServerFrame(data, max === undefined ? {} : { maxFrameBytes: max });
        if (r.ok) expect(KINDS).toContain(r.value.kind);
        else expect(r.error).toBeInstanceOf(FrameDecodeError);
        const c = decodeClientFrame(data);
        if (!c.ok) expect(c.error).toBeInstanceOf(FrameDecodeError);
      }),
      runs,
    );
  });

  it('decodes every encoded chat item back to itself', () => {
    fc.assert(
      fc.property(itemArb, (item) => {
        expect(decodeServerFrame(encodeServerFrame({ kind: 'chat', item }))).toEqual({ ok: true, value: { kind: 'chat', item } });
      }),
      runs,
    );
  });

  it('survives deeply nested JSON', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const r = decodeServerFrame(JSON.stringify({ topic: 'aws/chat', content: deep }));
    expect(r.ok).toBe(false);
  });
});

const responseArb = fc.record({
  status: fc.oneof(fc.constantFrom(200, 400, 403, 404, 429, 500, 503), fc.integer({ min: 100, max: 599 })),
  headers: fc.dictionary(
    fc.constantFrom('x-amzn-ErrorType', 'X-AMZN-ERRORTYPE', 'x-amzn-requestid', 'date', 'content-type', 'x-other'),
    fc.string(),
  ),
  body: fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({ message: fc.jsonValue(), Message: fc.jsonValue(), code: fc.jsonValue(), __type: fc.jsonValue(), Transcript: fc.jsonValue(), Websocket: fc.jsonValue() }, { requiredKeys: [] })
      .map((v) => JSON.stringify(v)),
  ),
}) as fc.Arbitrary<HttpResponse>;

describe('response decoder on arbitrary input', () => {
  it('never throws: always an output or a typed ParticipantServiceException', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATION_NAMES), responseArb, (op, response) => {
        const r = decodeResponse(op, response);
        if (r.ok) {
          expect(response.status).toBeGreaterThanOrEqual(200);
          expect(response.status).toBeLessThan(300);
          expect(r.value.$metadata.httpStatusCode).toBe(response.status);
        } else {
          expect(r.error).toBeInstanceOf(ParticipantServiceException);
          expect(r.error.$metadata.httpStatusCode).toBe(response.status);
          expect(typeof r.error.message).toBe('string');
        }
      }),
      runs,
    );
  });
});

describe('request validation on arbitrary input', () => {
  it('never throws from validateRequest, and encodeRequest throws only ValidationException', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPERATION_NAMES), fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('ConnectionToken', 'ParticipantToken', 'Content', 'ContentType', 'Type', 'MaxResults', 'StartPosition', 'AttachmentIds', 'SessionId'), fc.anything())), (op, input) => {
        const invalid = validateRequest(op, input);
        if (invalid) expect(invalid).toBeInstanceOf(ValidationException);
        try {
          const req = encodeRequest(op, input as never);
          expect(invalid).toBeUndefined();
          expect(typeof req.path).toBe('string');
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationException);
        }
      }),
      runs,
    );
  });
});

describe('timestamps on arbitrary input', () => {
  it('parseTimestamp never throws and round-trips formatTimestamp', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (input) => {
        parseTimestamp(input);
      }),
      runs,
    );
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        expect(parseTimestamp(formatTimestamp(ms))).toEqual({ ok: true, value: ms });
      }),
      runs,
    );
  });
});
