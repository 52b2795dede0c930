import type { OperationName } from '../../model/operations.js';

/** How an operation travels over HTTP. */
export interface Route {
  readonly method: 'GET' | 'POST';
  /** The path, or for DescribeView the path prefix its percent-encoded ViewToken is appended to. */
  readonly path: string;
  /** The request member that goes to the `X-Amz-Bearer` header. */
  readonly tokenField: 'ParticipantToken' | 'ConnectionToken';
  /** The request member that becomes a URI label instead of a body member. */
  readonly pathLabel?: 'ViewToken';
  /** The idempotency token member, when the operation has one. */
  readonly clientTokenField?: 'ClientToken';
}

/** The restJson1 binding of every operation (protocol.md §1.4). */
export const ROUTES: { readonly [Op in OperationName]: Route } = {
  CreateParticipantConnection: { method: 'POST', path: '/participant/connection', tokenField: 'ParticipantToken' },
  SendMessage: { method: 'POST', path: '/participant/message', tokenField: 'ConnectionToken', clientTokenField: 'ClientToken' },
  SendEvent: { method: 'POST', path: '/participant/event', tokenField: 'ConnectionToken', clientTokenField: 'ClientToken' },
  GetTranscript: { method: 'POST', path: '/participant/transcript', tokenField: 'ConnectionToken' },
  DisconnectParticipant: {
    method: 'POST',
    path: '/participant/disconnect',
    tokenField: 'ConnectionToken',
    clientTokenField: 'ClientToken',
  },
  StartAttachmentUpload: {
    method: 'POST',
    path: '/participant/start-attachment-upload',
    tokenField: 'ConnectionToken',
    clientTokenField: 'ClientToken',
  },
  CompleteAttachmentUpload: {
    method: 'POST',
    path: '/participant/complete-attachment-upload',
    tokenField: 'ConnectionToken',
    clientTokenField: 'ClientToken',
  },
  GetAttachment: { method: 'POST', path: '/participant/attachment', tokenField: 'ConnectionToken' },
  DescribeView: { method: 'GET', path: '/participant/views/', tokenField: 'ConnectionToken', pathLabel: 'ViewToken' },
  GetAuthenticationUrl: { method: 'POST', path: '/participant/authentication-url', tokenField: 'ConnectionToken' },
  CancelParticipantAuthentication: {
    method: 'POST',
    path: '/participant/cancel-authentication',
    tokenField: 'ConnectionToken',
  },
};

/** The header that carries the participant's or connection's token. */
export const BEARER_HEADER = 'x-amz-bearer';
