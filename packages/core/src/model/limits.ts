/**
 * The service's limits, from its API model and documentation (see PROTOCOL.md). Lengths of strings count
 * Unicode code points, as Smithy's `@length` does.
 */
export const Limits = {
  /** ParticipantToken and ConnectionToken: 1..1000. */
  tokenLength: { min: 1, max: 1000 },
  /** SendMessage/SendEvent `ContentType` (shape ChatContentType): 1..100. */
  chatContentTypeLength: { min: 1, max: 100 },
  /** SendMessage/SendEvent `Content`: 1..16384. */
  chatContentLength: { min: 1, max: 16_384 },
  /** `ClientToken` of SendMessage, SendEvent, DisconnectParticipant: 0..500. */
  clientTokenLength: { min: 0, max: 500 },
  /** `ClientToken` of the attachment operations (NonEmptyClientToken): 1..500. */
  nonEmptyClientTokenLength: { min: 1, max: 500 },
  /** `ContactId`, transcript `StartPosition.Id`, `AttachmentId`: 1..256. */
  idLength: { min: 1, max: 256 },
  /** GetTranscript `MaxResults`: 0..100 (the service's default is 10). */
  maxResults: { min: 0, max: 100, default: 10 },
  /** GetTranscript `NextToken`: 1..1000. */
  nextTokenLength: { min: 1, max: 1000 },
  /** Timestamps as strings (shape Instant): 1..100. */
  instantLength: { min: 1, max: 100 },
  /** GetTranscript `StartPosition.MostRecent`: 0..100. */
  mostRecent: { min: 0, max: 100 },
  /** StartAttachmentUpload `ContentType`: 1..255. */
  attachmentContentTypeLength: { min: 1, max: 255 },
  /** StartAttachmentUpload `AttachmentName`: 1..256. */
  attachmentNameLength: { min: 1, max: 256 },
  /** StartAttachmentUpload `AttachmentSizeInBytes`: at least 1; the documented per-attachment maximum is 20 MB. */
  attachmentSizeInBytes: { min: 1, max: 20_971_520 },
  /** CompleteAttachmentUpload `AttachmentIds`: exactly one. */
  attachmentIdsCount: { min: 1, max: 1 },
  /** GetAttachment `UrlExpiryInSeconds`: 5..300. */
  urlExpiryInSeconds: { min: 5, max: 300 },
  /** DescribeView `ViewToken`: 1..1000. */
  viewTokenLength: { min: 1, max: 1000 },
  /** GetAuthenticationUrl / CancelParticipantAuthentication `SessionId`: exactly 36. */
  sessionIdLength: { min: 36, max: 36 },
  /** GetAuthenticationUrl `RedirectUri`: 1..1024. */
  redirectUriLength: { min: 1, max: 1024 },
  /** A websocket URL granted by CreateParticipantConnection: 1..2000. */
  preSignedUrlLength: { min: 1, max: 2000 },
  /** The service's message limit for an exception: 1..2000. */
  messageLength: { min: 1, max: 2000 },
} as const;

/**
 * File extensions the service accepts for chat attachments by default (adminguide feature-limits). An instance can
 * be configured otherwise, so the client does not enforce this list; the emulator does.
 */
export const ATTACHMENT_EXTENSIONS: readonly string[] = [
  '.csv', '.doc', '.docx', '.heic', '.jfif', '.jpeg', '.jpg', '.mov', '.mp4', '.pdf', '.png', '.ppt', '.pptx',
  '.rtf', '.txt', '.wav', '.xls', '.xlsx',
];

/** Timings the service documents, in milliseconds. */
export const ServiceTimings = {
  /** How long a granted websocket URL may wait before it is opened (the connect window). */
  connectWindowMs: 100_000,
  /** A ConnectionToken lives this long (1 day). */
  connectionTokenLifetimeMs: 86_400_000,
  /** After StartChatContact, CreateParticipantConnection must be called within this time. */
  firstConnectionDeadlineMs: 300_000,
} as const;
