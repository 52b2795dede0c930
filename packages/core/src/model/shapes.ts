import type { ArtifactStatus, ChatItemType, MeetingFeatureStatus, MessageProcessingStatus, Open, ParticipantRole } from './enums.js';

/** An attachment on an `ATTACHMENT` item. */
export interface AttachmentItem {
  ContentType?: string | undefined;
  AttachmentId?: string | undefined;
  AttachmentName?: string | undefined;
  Status?: Open<ArtifactStatus> | undefined;
}

/** One read or delivered receipt of a message. */
export interface Receipt {
  DeliveredTimestamp?: string | undefined;
  ReadTimestamp?: string | undefined;
  RecipientParticipantId?: string | undefined;
}

/**
 * Metadata of a message: its receipts (websocket items of `Type: "MESSAGEMETADATA"`), and for streamed bot
 * messages the chunk number and whether the message is complete.
 */
export interface MessageMetadata {
  MessageId?: string | undefined;
  Receipts?: Receipt[] | undefined;
  MessageProcessingStatus?: Open<MessageProcessingStatus> | undefined;
  MessageCompleted?: boolean | undefined;
  ChunkNumber?: number | undefined;
}

/**
 * A chat item: a message, an attachment or an event. The same shape arrives from GetTranscript and, JSON-parsed
 * from the frame's `content` string, over the websocket.
 */
export interface Item {
  AbsoluteTime?: string | undefined;
  Content?: string | undefined;
  ContentType?: string | undefined;
  Id?: string | undefined;
  Type?: Open<ChatItemType> | undefined;
  ParticipantId?: string | undefined;
  DisplayName?: string | undefined;
  ParticipantRole?: Open<ParticipantRole> | undefined;
  Attachments?: AttachmentItem[] | undefined;
  MessageMetadata?: MessageMetadata | undefined;
  RelatedContactId?: string | undefined;
  ContactId?: string | undefined;
  /** Websocket items only: the first contact of the chain. */
  InitialContactId?: string | undefined;
}

/** The websocket grant of CreateParticipantConnection. */
export interface Websocket {
  /** Pre-signed URL; must be opened within the connect window (100 s). */
  Url?: string | undefined;
  /** When the socket expires, as an ISO-8601 string. */
  ConnectionExpiry?: string | undefined;
}

/** The ConnectionToken of CreateParticipantConnection, used by every other operation. */
export interface ConnectionCredentials {
  ConnectionToken?: string | undefined;
  /** When the token expires, as an ISO-8601 string. */
  Expiry?: string | undefined;
}

export interface Attendee {
  AttendeeId?: string | undefined;
  JoinToken?: string | undefined;
}

export interface MediaPlacement {
  AudioHostUrl?: string | undefined;
  AudioFallbackUrl?: string | undefined;
  SignalingUrl?: string | undefined;
  EventIngestionUrl?: string | undefined;
}

export interface AudioFeatures {
  EchoReduction?: Open<MeetingFeatureStatus> | undefined;
}

export interface MeetingFeaturesConfiguration {
  Audio?: AudioFeatures | undefined;
}

export interface WebRTCMeeting {
  MediaPlacement?: MediaPlacement | undefined;
  MeetingFeatures?: MeetingFeaturesConfiguration | undefined;
  MeetingId?: string | undefined;
}

/** The WebRTC grant of CreateParticipantConnection (`Type: ["WEBRTC_CONNECTION"]`). */
export interface WebRTCConnection {
  Attendee?: Attendee | undefined;
  Meeting?: WebRTCMeeting | undefined;
}

/** Where GetTranscript starts. Give at most one of the three. */
export interface StartPosition {
  Id?: string | undefined;
  AbsoluteTime?: string | undefined;
  MostRecent?: number | undefined;
}

/** Where and how to upload an attachment. */
export interface UploadMetadata {
  Url?: string | undefined;
  UrlExpiry?: string | undefined;
  HeadersToInclude?: Record<string, string> | undefined;
}

export interface ViewContent {
  InputSchema?: string | undefined;
  Template?: string | undefined;
  Actions?: string[] | undefined;
}

/** A view (step-by-step guide) returned by DescribeView. */
export interface View {
  Id?: string | undefined;
  Arn?: string | undefined;
  Name?: string | undefined;
  Version?: number | undefined;
  Content?: ViewContent | undefined;
}
