import { CHAT_ENDED_EVENT, CONNECTION_ACKNOWLEDGED_EVENT, TYPING_EVENT } from './event-types.js';

/**
 * Content types of chat items: the message types SendMessage takes, the event types SendEvent takes and the
 * service emits, and the attachment MIME types the official chat library knows.
 */

/** Content types of messages (SendMessage and `MESSAGE` items). */
export const MessageContentType = {
  TEXT_PLAIN: 'text/plain',
  TEXT_MARKDOWN: 'text/markdown',
  APPLICATION_JSON: 'application/json',
  INTERACTIVE_MESSAGE: 'application/vnd.amazonaws.connect.message.interactive',
  INTERACTIVE_RESPONSE: 'application/vnd.amazonaws.connect.message.interactive.response',
} as const;
export type MessageContentType = (typeof MessageContentType)[keyof typeof MessageContentType];

const EVENT = 'application/vnd.amazonaws.connect.event.';

/** Content types of events (SendEvent and event items). Note the British spelling of both `cancelled` values. */
export const EventContentType = {
  TYPING: TYPING_EVENT,
  MESSAGE_DELIVERED: `${EVENT}message.delivered`,
  MESSAGE_READ: `${EVENT}message.read`,
  /** Deprecated by the service since 31 Dec 2024: use CreateParticipantConnection `ConnectParticipant` instead. */
  CONNECTION_ACKNOWLEDGED: CONNECTION_ACKNOWLEDGED_EVENT,
  PARTICIPANT_JOINED: `${EVENT}participant.joined`,
  PARTICIPANT_LEFT: `${EVENT}participant.left`,
  PARTICIPANT_ACTIVE: `${EVENT}participant.active`,
  PARTICIPANT_INACTIVE: `${EVENT}participant.inactive`,
  PARTICIPANT_IDLE: `${EVENT}participant.idle`,
  PARTICIPANT_RETURNED: `${EVENT}participant.returned`,
  PARTICIPANT_INVITED: `${EVENT}participant.invited`,
  PARTICIPANT_AUTODISCONNECTION: `${EVENT}participant.autodisconnection`,
  PARTICIPANT_DISPLAYNAME_UPDATED: `${EVENT}participant.displayname.updated`,
  TRANSFER_SUCCEEDED: `${EVENT}transfer.succeeded`,
  TRANSFER_FAILED: `${EVENT}transfer.failed`,
  CHAT_ENDED: CHAT_ENDED_EVENT,
  CHAT_REHYDRATED: `${EVENT}chat.rehydrated`,
  WORKFLOW_CANCELLED: `${EVENT}workflow.cancelled`,
  AUTHENTICATION_INITIATED: `${EVENT}authentication.initiated`,
  AUTHENTICATION_SUCCEEDED: `${EVENT}authentication.succeeded`,
  AUTHENTICATION_FAILED: `${EVENT}authentication.failed`,
  AUTHENTICATION_TIMEOUT: `${EVENT}authentication.timeout`,
  AUTHENTICATION_EXPIRED: `${EVENT}authentication.expired`,
  AUTHENTICATION_CANCELLED: `${EVENT}authentication.cancelled`,
} as const;
export type EventContentType = (typeof EventContentType)[keyof typeof EventContentType];

/** The event types a participant may send with SendEvent. */
export const SENDABLE_EVENT_CONTENT_TYPES: readonly EventContentType[] = [
  TYPING_EVENT,
  `${EVENT}message.delivered`,
  `${EVENT}message.read`,
  CONNECTION_ACKNOWLEDGED_EVENT,
];

/** Attachment MIME types the official chat library knows (the service's list is per instance). */
export const AttachmentContentType = {
  CSV: 'text/csv',
  DOC: 'application/msword',
  DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  PDF: 'application/pdf',
  PPT: 'application/vnd.ms-powerpoint',
  PPTX: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  XLS: 'application/vnd.ms-excel',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  JPEG: 'image/jpeg',
  PNG: 'image/png',
  WAV: 'audio/wav',
  X_WAV: 'audio/x-wav',
  VND_WAVE: 'audio/vnd.wave',
} as const;
export type AttachmentContentType = (typeof AttachmentContentType)[keyof typeof AttachmentContentType];
