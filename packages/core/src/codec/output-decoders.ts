import type { OperationName, OperationOutput } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import { array, boolean, lenientArray, number, record, string, struct, type Decoder } from './shape-decoder.js';

/** Decoders of the service's output shapes, member by member as the model has them. */

// Items are read leniently: a known member of an unexpected type is left out of the item and reported (the
// decoder's warnings), never a reason to lose the item; an attachment or receipt that is not an object is left
// out of its list the same way.
const attachmentItem = struct({ ContentType: string, AttachmentId: string, AttachmentName: string, Status: string }, 'lenient');

const receipt = struct({ DeliveredTimestamp: string, ReadTimestamp: string, RecipientParticipantId: string }, 'lenient');

const messageMetadata = struct(
  {
    MessageId: string,
    Receipts: lenientArray(receipt),
    MessageProcessingStatus: string,
    MessageCompleted: boolean,
    ChunkNumber: number,
  },
  'lenient',
);

/** A chat item, from GetTranscript or from a websocket frame's parsed `content`. */
export const itemDecoder: Decoder<Item> = struct(
  {
    AbsoluteTime: string,
    Content: string,
    ContentType: string,
    Id: string,
    Type: string,
    ParticipantId: string,
    DisplayName: string,
    ParticipantRole: string,
    Attachments: lenientArray(attachmentItem),
    MessageMetadata: messageMetadata,
    RelatedContactId: string,
    ContactId: string,
    InitialContactId: string,
  },
  'lenient',
);

// SendMessage's response carries the message's processing status (both AWS SDKs model it); read leniently, as items are.
const sentMessage = struct({ Id: string, AbsoluteTime: string, MessageMetadata: struct({ MessageProcessingStatus: string }, 'lenient') });
const sentEvent = struct({ Id: string, AbsoluteTime: string });
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
  SendMessage: sentMessage,
  SendEvent: sentEvent,
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
