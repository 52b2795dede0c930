import type { OperationName, OperationOutput } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import { array, boolean, lenientArray, number, record, string, struct, type Decoder } from './shape-decoder.js';

/** Decoders of the service's output shapes, member by member as the model has them. */

const attachmentItem = struct({ ContentType: string, AttachmentId: string, AttachmentName: string, Status: string });

const receipt = struct({ DeliveredTimestamp: string, ReadTimestamp: string, RecipientParticipantId: string });

const messageMetadata = struct({
  MessageId: string,
  Receipts: array(receipt),
  MessageProcessingStatus: string,
  MessageCompleted: boolean,
  ChunkNumber: number,
});

/** A chat item, from GetTranscript or from a websocket frame's parsed `content`. */
export const itemDecoder: Decoder<Item> = struct({
  AbsoluteTime: string,
  Content: string,
  ContentType: string,
  Id: string,
  Type: string,
  ParticipantId: string,
  DisplayName: string,
  ParticipantRole: string,
  Attachments: array(attachmentItem),
  MessageMetadata: messageMetadata,
  RelatedContactId: string,
  ContactId: string,
  InitialContactId: string,
});

const sentItem = struct({ Id: string, AbsoluteTime: string });
const empty = struct({});

/** Every operation's output decoder. */
export const outputDecoders: { readonly [Op in OperationName]: Decoder<OperationOutput<Op>> } = {
  CreateParticipantConnection: struct({
    Websocket: struct({ Url: string, ConnectionExpiry: string }),
    ConnectionCredentials: struct({ ConnectionToken: string, Expiry: string }),
    WebRTCConnection: struct({
      Attendee: struct({ AttendeeId: string, JoinToken: string }),
      Meeting: struct({
        MediaPlacement: struct({
          AudioHostUrl: string,
          AudioFallbackUrl: string,
          SignalingUrl: string,
          EventIngestionUrl: string,
        }),
        MeetingFeatures: struct({ Audio: struct({ EchoReduction: string }) }),
        MeetingId: string,
      }),
    }),
  }),
  SendMessage: sentItem,
  SendEvent: sentItem,
    // One odd item leaves the page's other items usable: it is left out and reported (DecodedResponse.warnings).
  GetTranscript: struct({ InitialContactId: string, Transcript: lenientArray(itemDecoder), NextToken: string }),
  DisconnectParticipant: empty,
  StartAttachmentUpload: struct({
    AttachmentId: string,
    UploadMetadata: struct({ Url: string, UrlExpiry: string, HeadersToInclude: record(string) }),
  }),
  CompleteAttachmentUpload: empty,
  GetAttachment: struct({ Url: string, UrlExpiry: string, AttachmentSizeInBytes: number }),
  DescribeView: struct({
    View: struct({
      Id: string,
      Arn: string,
      Name: string,
      Version: number,
      Content: struct({ InputSchema: string, Template: string, Actions: array(string) }),
    }),
  }),
  GetAuthenticationUrl: struct({ AuthenticationUrl: string }),
  CancelParticipantAuthentication: empty,
};
