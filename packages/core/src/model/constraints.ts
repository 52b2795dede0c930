import { ConnectionType, ScanDirection, SortKey } from './enums.js';
import { Limits } from './limits.js';
import type { OperationName } from './operations.js';

/**
 * Every request member's constraints, as the service model states them. The request encoder checks these
 * before any I/O, so input the service would reject fails fast with a ValidationException naming the member.
 */
export type Constraint =
  | {
      readonly kind: 'string';
      readonly required?: boolean;
      readonly length?: { readonly min: number; readonly max: number };
      readonly oneOf?: readonly string[];
      /** An ISO-8601 timestamp as the service sends them. */
      readonly timestamp?: boolean;
    }
  | { readonly kind: 'integer'; readonly required?: boolean; readonly range: { readonly min: number; readonly max: number } }
  | { readonly kind: 'boolean'; readonly required?: boolean }
  | {
      readonly kind: 'list';
      readonly required?: boolean;
      readonly items: Constraint;
      readonly count: { readonly min: number; readonly max: number };
    }
  | { readonly kind: 'struct'; readonly required?: boolean; readonly members: Readonly<Record<string, Constraint>> };

export type Members = Readonly<Record<string, Constraint>>;

const token: Constraint = { kind: 'string', required: true, length: Limits.tokenLength };
const clientToken: Constraint = { kind: 'string', length: Limits.clientTokenLength };
const nonEmptyClientToken: Constraint = { kind: 'string', required: true, length: Limits.nonEmptyClientTokenLength };
const chatContentType: Constraint = { kind: 'string', required: true, length: Limits.chatContentTypeLength };
const id: Constraint = { kind: 'string', length: Limits.idLength };
const sessionId: Constraint = { kind: 'string', required: true, length: Limits.sessionIdLength };

/** The request members of each operation and their constraints. */
export const REQUEST_CONSTRAINTS: { readonly [Op in OperationName]: Members } = {
  CreateParticipantConnection: {
    ParticipantToken: token,
    Type: {
      kind: 'list',
      items: { kind: 'string', required: true, oneOf: Object.values(ConnectionType) },
      count: { min: 1, max: Number.MAX_SAFE_INTEGER },
    },
    ConnectParticipant: { kind: 'boolean' },
  },
  SendMessage: {
    ConnectionToken: token,
    ContentType: chatContentType,
    Content: { kind: 'string', required: true, length: Limits.chatContentLength },
    ClientToken: clientToken,
  },
  SendEvent: {
    ConnectionToken: token,
    ContentType: chatContentType,
    Content: { kind: 'string', length: Limits.chatContentLength },
    ClientToken: clientToken,
  },
  GetTranscript: {
    ConnectionToken: token,
    ContactId: id,
    MaxResults: { kind: 'integer', range: Limits.maxResults },
    NextToken: { kind: 'string', length: Limits.nextTokenLength },
    ScanDirection: { kind: 'string', oneOf: Object.values(ScanDirection) },
    SortOrder: { kind: 'string', oneOf: Object.values(SortKey) },
    StartPosition: {
      kind: 'struct',
      members: {
        Id: id,
        AbsoluteTime: { kind: 'string', length: Limits.instantLength, timestamp: true },
        MostRecent: { kind: 'integer', range: Limits.mostRecent },
      },
    },
  },
  DisconnectParticipant: { ConnectionToken: token, ClientToken: clientToken },
  StartAttachmentUpload: {
    ConnectionToken: token,
    ContentType: { kind: 'string', required: true, length: Limits.attachmentContentTypeLength },
    AttachmentSizeInBytes: { kind: 'integer', required: true, range: Limits.attachmentSizeInBytes },
    AttachmentName: { kind: 'string', required: true, length: Limits.attachmentNameLength },
    ClientToken: nonEmptyClientToken,
  },
  CompleteAttachmentUpload: {
    ConnectionToken: token,
    AttachmentIds: { kind: 'list', required: true, items: { ...id, required: true }, count: Limits.attachmentIdsCount },
    ClientToken: nonEmptyClientToken,
  },
  GetAttachment: {
    ConnectionToken: token,
    AttachmentId: { ...id, required: true },
    UrlExpiryInSeconds: { kind: 'integer', range: Limits.urlExpiryInSeconds },
  },
  DescribeView: {
    ConnectionToken: token,
    ViewToken: { kind: 'string', required: true, length: Limits.viewTokenLength },
  },
  GetAuthenticationUrl: {
    ConnectionToken: token,
    SessionId: sessionId,
    RedirectUri: { kind: 'string', required: true, length: Limits.redirectUriLength },
  },
  CancelParticipantAuthentication: { ConnectionToken: token, SessionId: sessionId },
};
