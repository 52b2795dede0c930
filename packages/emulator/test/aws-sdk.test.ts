import {
  AccessDeniedException,
  CancelParticipantAuthenticationCommand,
  CompleteAttachmentUploadCommand,
  ConflictException,
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  DescribeViewCommand,
  DisconnectParticipantCommand,
  GetAttachmentCommand,
  GetAuthenticationUrlCommand,
  GetTranscriptCommand,
  InternalServerException,
  ResourceNotFoundException,
  SendEventCommand,
  SendMessageCommand,
  StartAttachmentUploadCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-connectparticipant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';

/**
 * The official AWS SDK for JavaScript v3 against the emulator, changed only by an endpoint override. The SDK
 * signs with SigV4 and so insists on credentials: dummy ones do, since the service (and the emulator) read only
 * the X-Amz-Bearer header.
 */
let emu: Emulator;
let sdk: ConnectParticipantClient;

beforeAll(async () => {
  emu = await startEmulator({ throttle: false });
  sdk = new ConnectParticipantClient({
    endpoint: emu.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sdk.destroy();
  await emu.close();
});

async function connected() {
  const chat = await emu.startChatContact({ DisplayName: 'Ada' });
  const res = await sdk.send(
    new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }),
  );
  return { chat, res, ConnectionToken: res.ConnectionCredentials?.ConnectionToken as string };
}

describe('AWS SDK v3 client against the emulator', () => {
  it('CreateParticipantConnection grants a websocket and a ConnectionToken', async () => {
    const { res } = await connected();
    expect(res.$metadata.httpStatusCode).toBe(200);
    expect(res.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.Websocket?.Url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/connect\/[A-Za-z0-9_-]{43}$/);
    // By default ConnectionExpiry is the URL's connect deadline: the grant plus the 100 s connect window.
    const expiry = Date.parse(res.Websocket?.ConnectionExpiry ?? '');
    expect(expiry - Date.now()).toBeGreaterThan(90_000);
    expect(expiry - Date.now()).toBeLessThanOrEqual(100_000);
    expect(res.ConnectionCredentials?.ConnectionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(res.ConnectionCredentials?.Expiry ?? '') - Date.now()).toBeGreaterThan(86_390_000);
    expect(res.ConnectionCredentials?.Expiry).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('WEBRTC_CONNECTION answers a WebRTCConnection shaped like the model', async () => {
    const chat = await emu.startChatContact();
    const res = await sdk.send(
      new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBRTC_CONNECTION', 'CONNECTION_CREDENTIALS'] }),
    );
    expect(res.Websocket).toBeUndefined();
    expect(res.ConnectionCredentials?.ConnectionToken).toBeTruthy();
    const rtc = res.WebRTCConnection;
    expect(rtc?.Attendee?.AttendeeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rtc?.Attendee?.JoinToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rtc?.Meeting?.MeetingId).toMatch(/^[0-9a-f-]{36}$/);
    const placement = rtc?.Meeting?.MediaPlacement;
    for (const url of [placement?.AudioFallbackUrl, placement?.SignalingUrl, placement?.EventIngestionUrl]) expect(() => new URL(url ?? '')).not.toThrow();
    expect(placement?.AudioHostUrl).toMatch(/^[a-z.-]+:\d+$/);
    expect(rtc?.Meeting?.MeetingFeatures?.Audio?.EchoReduction).toBe('AVAILABLE');
    // The same meeting for the contact and attendee for the participant; a new join token each time.
    const again = await sdk.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBRTC_CONNECTION'] }));
    expect(again.WebRTCConnection?.Meeting?.MeetingId).toBe(rtc?.Meeting?.MeetingId);
    expect(again.WebRTCConnection?.Attendee?.AttendeeId).toBe(rtc?.Attendee?.AttendeeId);
    expect(again.WebRTCConnection?.Attendee?.JoinToken).not.toBe(rtc?.Attendee?.JoinToken);
  });

  it('ConnectParticipant marks the participant connected', async () => {
    const chat = await emu.startChatContact();
    const res = await sdk.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, ConnectParticipant: true }));
    expect(res.Websocket).toBeUndefined();
    expect(emu.contact(chat.ContactId).participants[0]?.connected).toBe(true);
  });

  it('SendMessage, SendEvent and GetTranscript', async () => {
    const { chat, ConnectionToken } = await connected();
    const sent = await sdk.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'hello' }));
    expect(sent.Id).toBeTruthy();
    expect(sent.AbsoluteTime).toMatch(/Z$/);
    const typing = await sdk.send(
      new SendEventCommand({ ConnectionToken, ContentType: 'application/vnd.amazonaws.connect.event.typing' }),
    );
    expect(typing.Id).toBeTruthy();
    await emu.agent(chat.ContactId).sendMessage('Hi Ada');
    const t = await sdk.send(new GetTranscriptCommand({ ConnectionToken, SortOrder: 'ASCENDING', MaxResults: 100 }));
    expect(t.InitialContactId).toBe(chat.ContactId);
    expect(t.Transcript?.map((i) => [i.Type, i.ParticipantRole, i.Content ?? i.ContentType])).toEqual([
      ['EVENT', 'CUSTOMER', 'application/vnd.amazonaws.connect.event.participant.joined'],
      ['MESSAGE', 'CUSTOMER', 'hello'],
      ['EVENT', 'AGENT', 'application/vnd.amazonaws.connect.event.participant.joined'],
      ['MESSAGE', 'AGENT', 'Hi Ada'],
    ]);
  });

  it('receipts: delivered and read of a message', async () => {
    const { chat, ConnectionToken } = await connected();
    const agentMessage = await emu.agent(chat.ContactId).sendMessage('read me');
    const content = JSON.stringify({ messageId: agentMessage.Id });
    await sdk.send(new SendEventCommand({ ConnectionToken, ContentType: 'application/vnd.amazonaws.connect.event.message.delivered', Content: content }));
    await sdk.send(new SendEventCommand({ ConnectionToken, ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: content }));
    const receipts = emu.contact(chat.ContactId).transcript.find((i) => i.Id === agentMessage.Id)?.MessageMetadata?.Receipts;
    expect(receipts).toHaveLength(2);
    expect(receipts?.[0]?.DeliveredTimestamp).toBeTruthy();
    expect(receipts?.[1]?.ReadTimestamp).toBeTruthy();
  });

  it('attachments: start, upload with the returned headers, complete, get', async () => {
    const { ConnectionToken } = await connected();
    const bytes = new TextEncoder().encode('a,b\n1,2\n');
    const start = await sdk.send(
      new StartAttachmentUploadCommand({
        ConnectionToken,
        ContentType: 'text/csv',
        AttachmentName: 'data.csv',
        AttachmentSizeInBytes: bytes.length,
        ClientToken: 'upload-1',
      }),
    );
    const upload = await fetch(start.UploadMetadata?.Url as string, {
      method: 'PUT',
      headers: start.UploadMetadata?.HeadersToInclude ?? {},
      body: bytes,
    });
    expect(upload.status).toBe(200);
    await sdk.send(new CompleteAttachmentUploadCommand({ ConnectionToken, AttachmentIds: [start.AttachmentId as string], ClientToken: 'c-1' }));
    const got = await sdk.send(new GetAttachmentCommand({ ConnectionToken, AttachmentId: start.AttachmentId as string, UrlExpiryInSeconds: 60 }));
    expect(got.AttachmentSizeInBytes).toBe(bytes.length);
    const download = await fetch(got.Url as string);
    expect(download.headers.get('content-type')).toBe('text/csv');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it('CompleteAttachmentUpload before the upload is a ConflictException', async () => {
    const { ConnectionToken } = await connected();
    const start = await sdk.send(
      new StartAttachmentUploadCommand({ ConnectionToken, ContentType: 'image/png', AttachmentName: 'a.png', AttachmentSizeInBytes: 3, ClientToken: 'u' }),
    );
    const error = await sdk
      .send(new CompleteAttachmentUploadCommand({ ConnectionToken, AttachmentIds: [start.AttachmentId as string], ClientToken: 'c' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictException);
    expect((error as ConflictException).$metadata.httpStatusCode).toBe(409);
  });

  it('DescribeView: a defined view, and ResourceNotFoundException for others', async () => {
    const { ConnectionToken } = await connected();
    emu.defineView('view/token 1', { Id: 'v1', Arn: 'arn:aws:connect:view/v1', Name: 'Form', Version: 1, Content: { Template: '{}', Actions: ['Submit'] } });
    const view = await sdk.send(new DescribeViewCommand({ ConnectionToken, ViewToken: 'view/token 1' }));
    expect(view.View?.Name).toBe('Form');
    expect(view.View?.Content?.Actions).toEqual(['Submit']);
    const missing = await sdk.send(new DescribeViewCommand({ ConnectionToken, ViewToken: 'nope' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as ResourceNotFoundException).ResourceId).toBe('nope');
  });

  it('GetAuthenticationUrl and CancelParticipantAuthentication after authentication.initiated', async () => {
    const { chat, ConnectionToken } = await connected();
    const SessionId = await emu.initiateAuthentication(chat.ContactId);
    const url = await sdk.send(new GetAuthenticationUrlCommand({ ConnectionToken, SessionId, RedirectUri: 'https://example.com/back' }));
    expect(url.AuthenticationUrl).toContain(`session=${SessionId}`);
    await sdk.send(new CancelParticipantAuthenticationCommand({ ConnectionToken, SessionId }));
    const again = await sdk
      .send(new GetAuthenticationUrlCommand({ ConnectionToken, SessionId, RedirectUri: 'https://example.com/back' }))
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ValidationException);
  });

  it('DisconnectParticipant ends the chat; every later call is AccessDeniedException (403)', async () => {
    const { chat, ConnectionToken } = await connected();
    await sdk.send(new DisconnectParticipantCommand({ ConnectionToken }));
    const transcript = emu.contact(chat.ContactId).transcript.map((i) => i.ContentType);
    expect(transcript.slice(-2)).toEqual([
      'application/vnd.amazonaws.connect.event.participant.left',
      'application/vnd.amazonaws.connect.event.chat.ended',
    ]);
    const error = await sdk.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((error as AccessDeniedException).name).toBe('AccessDeniedException');
    expect((error as AccessDeniedException).$fault).toBe('client');
    expect((error as AccessDeniedException).$metadata.httpStatusCode).toBe(403);
    const reconnect = await sdk
      .send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ['WEBSOCKET'] }))
      .catch((e: unknown) => e);
    expect(reconnect).toBeInstanceOf(AccessDeniedException);
  });

  it('ValidationException as the SDK parses it, with the field named', async () => {
    const { ConnectionToken } = await connected();
    const error = await sdk.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: '' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toContain('Content');
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
    const badType = await sdk.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/html', Content: 'x' })).catch((e: unknown) => e);
    expect(badType).toBeInstanceOf(ValidationException);
  });

  it('injected throttling and server faults arrive as ThrottlingException and InternalServerException', async () => {
    const { ConnectionToken } = await connected();
    emu.faults.throttleNext('SendMessage');
    const throttled = await sdk.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'x' })).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect((throttled as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    emu.faults.failNext('GetTranscript');
    const failed = await sdk.send(new GetTranscriptCommand({ ConnectionToken })).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(InternalServerException);
    expect((failed as InternalServerException).$fault).toBe('server');
    await expect(sdk.send(new GetTranscriptCommand({ ConnectionToken }))).resolves.toBeTruthy();
  });

  it('the SDK retries a throttled call by itself when allowed', async () => {
    const { ConnectionToken } = await connected();
    const retrying = new ConnectParticipantClient({
      endpoint: emu.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'emulator', secretAccessKey: 'emulator' },
      maxAttempts: 3,
    });
    emu.faults.throttleNext('SendMessage', 2);
    const sent = await retrying.send(new SendMessageCommand({ ConnectionToken, ContentType: 'text/plain', Content: 'third time' }));
    expect(sent.$metadata.attempts).toBe(3);
    retrying.destroy();
  });
});
