// Model: the service's shapes, enums, limits and errors.
export {
  ArtifactStatus,
  ChatItemType,
  ConnectionType,
  MeetingFeatureStatus,
  MessageProcessingStatus,
  ParticipantRole,
  ResourceType,
  ScanDirection,
  SortKey,
  type Open,
} from './model/enums.js';
export {
  AttachmentContentType,
  EventContentType,
  MessageContentType,
  SENDABLE_EVENT_CONTENT_TYPES,
} from './model/content-types.js';
export { ATTACHMENT_EXTENSIONS, Limits, ServiceTimings } from './model/limits.js';
export type {
  Attendee,
  AttachmentItem,
  AudioFeatures,
  ConnectionCredentials,
  Item,
  MediaPlacement,
  MeetingFeaturesConfiguration,
  MessageMetadata,
  Receipt,
  StartPosition,
  UploadMetadata,
  View,
  ViewContent,
  WebRTCConnection,
  WebRTCMeeting,
  Websocket,
} from './model/shapes.js';
export {
  OPERATION_NAMES,
  type CancelParticipantAuthenticationRequest,
  type CancelParticipantAuthenticationResponse,
  type CompleteAttachmentUploadRequest,
  type CompleteAttachmentUploadResponse,
  type CreateParticipantConnectionRequest,
  type CreateParticipantConnectionResponse,
  type DescribeViewRequest,
  type DescribeViewResponse,
  type DisconnectParticipantRequest,
  type DisconnectParticipantResponse,
  type GetAttachmentRequest,
  type GetAttachmentResponse,
  type GetAuthenticationUrlRequest,
  type GetAuthenticationUrlResponse,
  type GetTranscriptRequest,
  type GetTranscriptResponse,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  type CallOutput,
  type MessageProcessingMetadata,
  type OperationShapes,
  type SendEventRequest,
  type SendEventResponse,
  type SendMessageRequest,
  type SendMessageResponse,
  type StartAttachmentUploadRequest,
  type StartAttachmentUploadResponse,
} from './model/operations.js';
export { REQUEST_CONSTRAINTS, type Constraint } from './model/constraints.js';
export {
  AccessDeniedException,
  ConflictException,
  EXCEPTION_STATUS,
  InternalServerException,
  MODELED_EXCEPTIONS,
  MalformedResponseError,
  NetworkError,
  ParticipantServiceException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  TimeoutError,
  ValidationException,
  createServiceException,
  type ErrorFault,
  type ExceptionOptions,
  type ResponseMetadata,
  type RetryableTrait,
  type ValidationConstraint,
} from './model/errors.js';
export { REDACTED, redact } from './model/redaction.js';
export { err, ok, type Result } from './model/result.js';

// Codecs: HTTP requests and responses, websocket frames, timestamps.
export { BEARER_HEADER, ROUTES, type Route } from './codec/http/routes.js';
export { getHeader, type HttpRequest, type HttpResponse } from './codec/http/http-message.js';
export { encodeRequest, withClientToken, type EncodeRequestOptions } from './codec/http/request-encoder.js';
export {
  decodeResponse,
  errorNameOf,
  type DecodeResponseOptions,
  type DecodedResponse,
} from './codec/http/response-decoder.js';
export { validateRequest } from './codec/http/validate-request.js';
export {
  DEFAULT_MAX_FRAME_BYTES,
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  type DecodeFrameOptions,
  type DecodedClientFrame,
} from './codec/frame/frame-codec.js';
export {
  FrameDecodeError,
  Topic,
  type ClientFrame,
  type FrameDecodeFailure,
  type ServerFrame,
} from './codec/frame/frames.js';
export { formatTimestamp, parseHttpDate, parseTimestamp, TimestampParseError } from './codec/timestamp.js';

// Ports: what a platform supplies.
export type {
  HttpCall,
  HttpCallbacks,
  HttpPort,
  ParticipantTransport,
  SocketConnection,
  SocketHandlers,
  SocketPort,
} from './ports.js';

// Calls and the connection lifecycle.
export { resolveEndpoint, type EndpointOptions } from './client/endpoint.js';
export type { InvokeContext } from './client/invoke.js';
export { exponentialBackoff, type BackoffOptions } from './session/backoff.js';
export { classifyFailure, type FailureVerdict } from './session/failure-policy.js';
export { SocketLostError, type SocketLossKind } from './session/socket-lost-error.js';
export {
  ConnectionTokenTimeoutError,
  OutboxFullError,
  RetryLimitReachedError,
  SendExpiredError,
  SessionClosedError,
} from './session/session-errors.js';
export type { OutboxEntry, OutboxSend } from './session/outbox.js';
export { memoryStore, type ResumeStore } from './resume/resume-store.js';
export { StoreTimeoutError } from './resume/store-writer.js';
export { DEFAULT_RESUME_KEY, hasSavedChat, type ChatCursor } from './resume/saved-chat.js';
export {
  SESSION_DEFAULTS,
  type GapFillOptions,
  type GrantOptions,
  type HeartbeatOptions,
  type OutboxOptions,
  type ResumeOptions,
  type ReconnectOptions,
  type RotationOptions,
  type SessionOptions,
  type StartFrom,
  type SubscribeOptions,
} from './session/options.js';
export type { ConnectionEvent, RetryProgress, SessionState, SessionStatus } from './session/session-state.js';
export { compareItems } from './session/transcript-order.js';
export { createParticipantSession } from './session/session.js';
export type { Logger } from './session/session-logger.js';
export type { ParticipantSession, SessionCallInput } from './session/participant-session.js';
export { ConversationView, type Conversation, type ConversationEntry, type SendStatus } from './session/conversation-view.js';
export type { Participant, Presence } from './session/roster.js';
export { invoke as invokeOnce } from './client/invoke.js';
export type { AbortSignalLike } from './client/abort.js';
export { RETRY_DEFAULTS, isRetryable, isThrottling, type RetryOptions } from './client/retry-policy.js';
export {
  ParticipantClient,
  type CallOptions,
  type ClientTransport,
  type ParticipantClientOptions,
} from './client/participant-client.js';

// Adapters from WHATWG fetch and WebSocket to the ports, for transports.
export {
  createFetchPort,
  type AbortControllerLike,
  type FetchInit,
  type FetchLike,
  type FetchResponseLike,
} from './adapters/fetch-port.js';
export { createWebSocketPort, type WebSocketConstructorLike, type WebSocketLike } from './adapters/websocket-port.js';
export { bindClient, bindSession } from './bind-transport.js';

// Chat helpers users otherwise write themselves (standalone, so bundles keep only the ones used).
export { TYPING_VALIDITY_MS, createTypingSender, typists$, type Typist, type TypingSenderOptions } from './chat/typing.js';
export { createReceiptSender, messageReceipts$, type MessageReceipt, type ReceiptSenderOptions } from './chat/receipts.js';
export { paginateTranscript, paginateTranscript$, type TranscriptReader } from './chat/paginate-transcript.js';
export {
  checkAttachment,
  sendAttachment,
  sendAttachment$,
  type AttachmentSession,
  type AttachmentData,
  type AttachmentProgress,
  type SendAttachmentOptions,
} from './session/attachment-upload.js';
export { TYPING_EVENT, CHAT_ENDED_EVENT, CONNECTION_ACKNOWLEDGED_EVENT } from './model/event-types.js';
export type { BinaryBody } from './ports.js';
