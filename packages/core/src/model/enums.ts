/**
 * The service's enums. Each is a frozen object of its values plus a type of the same name.
 *
 * Servers add values over time (websocket items already carry `Type: "MESSAGEMETADATA"`, which the API model
 * lacks), so response shapes use {@link Open} and pass unknown values through as strings. Requests use the
 * closed types, because the service rejects values it does not know.
 */

/** A known value or any other string the service may add later. */
export type Open<T extends string> = T | (string & {});

/** What CreateParticipantConnection should grant. */
export const ConnectionType = {
  WEBSOCKET: 'WEBSOCKET',
  CONNECTION_CREDENTIALS: 'CONNECTION_CREDENTIALS',
  WEBRTC_CONNECTION: 'WEBRTC_CONNECTION',
} as const;
export type ConnectionType = (typeof ConnectionType)[keyof typeof ConnectionType];

/** The `Type` of a chat item. `MESSAGEMETADATA` (receipts) is websocket-only and not in the API model. */
export const ChatItemType = {
  TYPING: 'TYPING',
  PARTICIPANT_JOINED: 'PARTICIPANT_JOINED',
  PARTICIPANT_LEFT: 'PARTICIPANT_LEFT',
  CHAT_ENDED: 'CHAT_ENDED',
  TRANSFER_SUCCEEDED: 'TRANSFER_SUCCEEDED',
  TRANSFER_FAILED: 'TRANSFER_FAILED',
  MESSAGE: 'MESSAGE',
  EVENT: 'EVENT',
  ATTACHMENT: 'ATTACHMENT',
  CONNECTION_ACK: 'CONNECTION_ACK',
  MESSAGE_DELIVERED: 'MESSAGE_DELIVERED',
  MESSAGE_READ: 'MESSAGE_READ',
  MESSAGEMETADATA: 'MESSAGEMETADATA',
} as const;
export type ChatItemType = (typeof ChatItemType)[keyof typeof ChatItemType];

/** Who sent an item. */
export const ParticipantRole = {
  AGENT: 'AGENT',
  CUSTOMER: 'CUSTOMER',
  SYSTEM: 'SYSTEM',
  CUSTOM_BOT: 'CUSTOM_BOT',
  SUPERVISOR: 'SUPERVISOR',
} as const;
export type ParticipantRole = (typeof ParticipantRole)[keyof typeof ParticipantRole];

/** GetTranscript's direction from the start position. */
export const ScanDirection = { FORWARD: 'FORWARD', BACKWARD: 'BACKWARD' } as const;
export type ScanDirection = (typeof ScanDirection)[keyof typeof ScanDirection];

/** GetTranscript's order of the returned page (the model's shape `SortKey`). */
export const SortKey = { DESCENDING: 'DESCENDING', ASCENDING: 'ASCENDING' } as const;
export type SortKey = (typeof SortKey)[keyof typeof SortKey];

/** The scan status of an attachment. */
export const ArtifactStatus = { APPROVED: 'APPROVED', REJECTED: 'REJECTED', IN_PROGRESS: 'IN_PROGRESS' } as const;
export type ArtifactStatus = (typeof ArtifactStatus)[keyof typeof ArtifactStatus];

/** The processing status a message's metadata may carry. */
export const MessageProcessingStatus = { PROCESSING: 'PROCESSING', FAILED: 'FAILED', REJECTED: 'REJECTED' } as const;
export type MessageProcessingStatus = (typeof MessageProcessingStatus)[keyof typeof MessageProcessingStatus];

/** The kind of resource a ResourceNotFoundException names. */
export const ResourceType = {
  CONTACT: 'CONTACT',
  CONTACT_FLOW: 'CONTACT_FLOW',
  INSTANCE: 'INSTANCE',
  PARTICIPANT: 'PARTICIPANT',
  HIERARCHY_LEVEL: 'HIERARCHY_LEVEL',
  HIERARCHY_GROUP: 'HIERARCHY_GROUP',
  USER: 'USER',
  PHONE_NUMBER: 'PHONE_NUMBER',
} as const;
export type ResourceType = (typeof ResourceType)[keyof typeof ResourceType];

/** Availability of a WebRTC meeting feature. */
export const MeetingFeatureStatus = { AVAILABLE: 'AVAILABLE', UNAVAILABLE: 'UNAVAILABLE' } as const;
export type MeetingFeatureStatus = (typeof MeetingFeatureStatus)[keyof typeof MeetingFeatureStatus];
