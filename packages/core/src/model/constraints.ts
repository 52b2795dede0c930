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

// Compact builders: the table below is shipped to browsers, so it is written with literal numbers (the same as
// `Limits`, which documents them) rather than property reads a bundler cannot drop.
const str = (min: number, max: number, required = false): Constraint => ({ kind: 'string', required, length: { min, max } });
const int = (min: number, max: number, required = false): Constraint => ({ kind: 'integer', required, range: { min, max } });
const oneOf = (...values: string[]): Constraint => ({ kind: 'string', oneOf: values });

const token = str(1, 1000, true);
const clientToken = str(0, 500);
const nonEmptyClientToken = str(1, 500, true);
const chatContentType = str(1, 100, true);
const id = str(1, 256);
const sessionId = str(36, 36, true);

/** The request members of each operation and their constraints (protocol.md §1.4; `Limits` has the same numbers). */
export const REQUEST_CONSTRAINTS: { readonly [Op in OperationName]: Members } = {
  CreateParticipantConnection: {
    ParticipantToken: token,
    Type: {
      kind: 'list',
      items: { kind: 'string', required: true, oneOf: ['WEBSOCKET', 'CONNECTION_CREDENTIALS', 'WEBRTC_CONNECTION'] },
      count: { min: 1, max: Number.MAX_SAFE_INTEGER },
    },
    ConnectParticipant: { kind: 'boolean' },
  },
  SendMessage: { ConnectionToken: token, ContentType: chatContentType, Content: str(1, 16_384, true), ClientToken: clientToken },
  SendEvent: { ConnectionToken: token, ContentType: chatContentType, Content: str(1, 16_384), ClientToken: clientToken },
  GetTranscript: {
    ConnectionToken: token,
    ContactId: id,
    MaxResults: int(0, 100),
    NextToken: str(1, 1000),
    ScanDirection: oneOf('FORWARD', 'BACKWARD'),
    SortOrder: oneOf('DESCENDING', 'ASCENDING'),
    StartPosition: {
      kind: 'struct',
      members: { Id: id, AbsoluteTime: { kind: 'string', length: { min: 1, max: 100 }, timestamp: true }, MostRecent: int(0, 100) },
    },
  },
  DisconnectParticipant: { ConnectionToken: token, ClientToken: clientToken },
  StartAttachmentUpload: {
    ConnectionToken: token,
    ContentType: str(1, 255, true),
    // The model sets no maximum: the 20 MB of the administrator guide is an account quota, the service's to enforce.
    AttachmentSizeInBytes: int(1, Number.MAX_SAFE_INTEGER, true),
    AttachmentName: str(1, 256, true),
    ClientToken: nonEmptyClientToken,
  },
  CompleteAttachmentUpload: {
    ConnectionToken: token,
    AttachmentIds: { kind: 'list', required: true, items: str(1, 256, true), count: { min: 1, max: 1 } },
    ClientToken: nonEmptyClientToken,
  },
  GetAttachment: { ConnectionToken: token, AttachmentId: str(1, 256, true), UrlExpiryInSeconds: int(5, 300) },
  DescribeView: { ConnectionToken: token, ViewToken: str(1, 1000, true) },
  GetAuthenticationUrl: { ConnectionToken: token, SessionId: sessionId, RedirectUri: str(1, 1024, true) },
  CancelParticipantAuthentication: { ConnectionToken: token, SessionId: sessionId },
};
