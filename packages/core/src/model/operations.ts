import type { ResponseMetadata } from './errors.js';
import type { ConnectionType, MessageProcessingStatus, Open, ScanDirection, SortKey } from './enums.js';
import type {
  ConnectionCredentials,
  Item,
  StartPosition,
  UploadMetadata,
  View,
  WebRTCConnection,
  Websocket,
} from './shapes.js';

/**
 * Request and response shapes of the eleven operations, with the service's PascalCase member names. Token
 * members (`ParticipantToken`, `ConnectionToken`) travel in the `X-Amz-Bearer` header, not the body.
 */

export interface CreateParticipantConnectionRequest {
  /** The participant's token from StartChatContact or CreateParticipant. */
  ParticipantToken: string;
  /** What to grant; at least one. */
  Type?: ConnectionType[] | undefined;
  /** Marks the participant as connected (customers in message streaming, agents in non-streaming chats). */
  ConnectParticipant?: boolean | undefined;
}
export interface CreateParticipantConnectionResponse {
  Websocket?: Websocket | undefined;
  ConnectionCredentials?: ConnectionCredentials | undefined;
  WebRTCConnection?: WebRTCConnection | undefined;
}

export interface SendMessageRequest {
  ConnectionToken: string;
  ContentType: string;
  Content: string;
  /** Idempotency token: a retried call with the same token is delivered once. */
  ClientToken?: string | undefined;
}
export interface SendMessageResponse {
  Id?: string | undefined;
  AbsoluteTime?: string | undefined;
  /** How far the service has processed the message (for example `PROCESSING`); updates arrive as items. */
  MessageMetadata?: MessageProcessingMetadata | undefined;
}

/** The processing status of a sent message, as SendMessage answers it. */
export interface MessageProcessingMetadata {
  MessageProcessingStatus?: Open<MessageProcessingStatus> | undefined;
}

export interface SendEventRequest {
  ConnectionToken: string;
  ContentType: string;
  Content?: string | undefined;
  ClientToken?: string | undefined;
}
export interface SendEventResponse {
  Id?: string | undefined;
  AbsoluteTime?: string | undefined;
}

export interface GetTranscriptRequest {
  ConnectionToken: string;
  ContactId?: string | undefined;
  MaxResults?: number | undefined;
  NextToken?: string | undefined;
  ScanDirection?: ScanDirection | undefined;
  SortOrder?: SortKey | undefined;
  StartPosition?: StartPosition | undefined;
}
export interface GetTranscriptResponse {
  InitialContactId?: string | undefined;
  Transcript?: Item[] | undefined;
  NextToken?: string | undefined;
}

export interface DisconnectParticipantRequest {
  ConnectionToken: string;
  ClientToken?: string | undefined;
}
export type DisconnectParticipantResponse = Record<string, never>;

export interface StartAttachmentUploadRequest {
  ConnectionToken: string;
  ContentType: string;
  AttachmentSizeInBytes: number;
  AttachmentName: string;
  /** Required by the service; the client fills one in when missing. */
  ClientToken?: string | undefined;
}
export interface StartAttachmentUploadResponse {
  AttachmentId?: string | undefined;
  UploadMetadata?: UploadMetadata | undefined;
}

export interface CompleteAttachmentUploadRequest {
  ConnectionToken: string;
  AttachmentIds: string[];
  /** Required by the service; the client fills one in when missing. */
  ClientToken?: string | undefined;
}
export type CompleteAttachmentUploadResponse = Record<string, never>;

export interface GetAttachmentRequest {
  ConnectionToken: string;
  AttachmentId: string;
  UrlExpiryInSeconds?: number | undefined;
}
export interface GetAttachmentResponse {
  Url?: string | undefined;
  UrlExpiry?: string | undefined;
  AttachmentSizeInBytes?: number | undefined;
}

export interface DescribeViewRequest {
  ConnectionToken: string;
  ViewToken: string;
}
export interface DescribeViewResponse {
  View?: View | undefined;
}

export interface GetAuthenticationUrlRequest {
  ConnectionToken: string;
  SessionId: string;
  RedirectUri: string;
}
export interface GetAuthenticationUrlResponse {
  AuthenticationUrl?: string | undefined;
}

export interface CancelParticipantAuthenticationRequest {
  ConnectionToken: string;
  SessionId: string;
}
export type CancelParticipantAuthenticationResponse = Record<string, never>;

/** Every operation's request and response, by operation name. */
export interface OperationShapes {
  CreateParticipantConnection: { input: CreateParticipantConnectionRequest; output: CreateParticipantConnectionResponse };
  SendMessage: { input: SendMessageRequest; output: SendMessageResponse };
  SendEvent: { input: SendEventRequest; output: SendEventResponse };
  GetTranscript: { input: GetTranscriptRequest; output: GetTranscriptResponse };
  DisconnectParticipant: { input: DisconnectParticipantRequest; output: DisconnectParticipantResponse };
  StartAttachmentUpload: { input: StartAttachmentUploadRequest; output: StartAttachmentUploadResponse };
  CompleteAttachmentUpload: { input: CompleteAttachmentUploadRequest; output: CompleteAttachmentUploadResponse };
  GetAttachment: { input: GetAttachmentRequest; output: GetAttachmentResponse };
  DescribeView: { input: DescribeViewRequest; output: DescribeViewResponse };
  GetAuthenticationUrl: { input: GetAuthenticationUrlRequest; output: GetAuthenticationUrlResponse };
  CancelParticipantAuthentication: {
    input: CancelParticipantAuthenticationRequest;
    output: CancelParticipantAuthenticationResponse;
  };
}

/** The name of a service operation. */
export type OperationName = keyof OperationShapes;
export type OperationInput<Op extends OperationName> = OperationShapes[Op]['input'];
export type OperationOutput<Op extends OperationName> = OperationShapes[Op]['output'];

/**
 * What a successful call resolves to: the operation's output with the response's `$metadata` (HTTP status,
 * request id, attempts, total retry delay), as the AWS SDKs' command outputs have it.
 */
export type CallOutput<Op extends OperationName> = OperationOutput<Op> & { readonly $metadata: ResponseMetadata };

/** All operation names, in the order of the service model. */
export const OPERATION_NAMES: readonly OperationName[] = [
  'CreateParticipantConnection',
  'SendMessage',
  'SendEvent',
  'GetTranscript',
  'DisconnectParticipant',
  'StartAttachmentUpload',
  'CompleteAttachmentUpload',
  'GetAttachment',
  'DescribeView',
  'GetAuthenticationUrl',
  'CancelParticipantAuthentication',
];
