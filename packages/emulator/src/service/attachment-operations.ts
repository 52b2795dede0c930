import {
  AccessDeniedException,
  ConflictException,
  ServiceQuotaExceededException,
  ValidationException,
  type OperationInput,
  type OperationOutput,
} from '@connect-participant/core';
import type { EmulatorClock } from '../clock.js';
import type { ResolvedOptions } from '../options.js';
import { newId, newSecret } from '../secrets.js';
import { announceAttachment } from './attachment-scan.js';
import { ATTACHMENT_TYPES } from './attachment-types.js';
import type { Participant } from './contact.js';
import type { DownloadKeys } from './download-keys.js';
import type { ProcessingHost } from './message-processing.js';

const invalid = (message: string) => new ValidationException({ message });

/** How long an upload URL may be used. */
const UPLOAD_URL_LIFETIME_MS = 300_000;

/**
 * The three attachment operations: an upload URL for a file the service accepts (extension, type, size, quota),
 * its completion (announced, and scanned when the contact scans), and a download URL for an approved file.
 */
export class AttachmentOperations {
  constructor(
    private readonly options: ResolvedOptions,
    private readonly clock: EmulatorClock,
    private readonly urls: () => { http: string },
    private readonly downloads: DownloadKeys,
    private readonly host: ProcessingHost,
  ) {}

  start(participant: Participant, request: OperationInput<'StartAttachmentUpload'>): OperationOutput<'StartAttachmentUpload'> {
    const contact = participant.contact;
    const name = request.AttachmentName;
    const extension = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
    const allowed = ATTACHMENT_TYPES[extension];
    if (!allowed) throw invalid(`AttachmentName has an unsupported file extension: ${extension || '(none)'}`);
    if (!allowed.includes(request.ContentType)) throw invalid(`ContentType ${request.ContentType} does not match a ${extension} file`);
    if (request.AttachmentSizeInBytes > this.options.maxAttachmentBytes) {
      throw invalid(`AttachmentSizeInBytes must be at most ${this.options.maxAttachmentBytes}`);
    }
    if (contact.attachments.size >= this.options.maxAttachmentsPerContact) {
      throw new ServiceQuotaExceededException({ message: 'The contact has reached its attachment quota' });
    }
    const AttachmentId = newId();
    const uploadKey = newSecret();
    const uploadExpiresAt = this.clock.now() + UPLOAD_URL_LIFETIME_MS;
    const headers = { 'Content-Type': request.ContentType, 'x-amz-meta-attachment-id': AttachmentId };
    contact.attachments.set(AttachmentId, {
      AttachmentId,
      AttachmentName: name,
      ContentType: request.ContentType,
      AttachmentSizeInBytes: request.AttachmentSizeInBytes,
      uploader: participant,
      uploadKey,
      uploadExpiresAt,
      headers,
      bytes: undefined,
      completed: false,
      status: undefined,
    });
    return {
      AttachmentId,
      UploadMetadata: {
        Url: `${this.urls().http}/emulator-attachments/upload/${uploadKey}`,
        UrlExpiry: this.clock.iso(uploadExpiresAt),
        HeadersToInclude: headers,
      },
    };
  }

  complete(participant: Participant, request: OperationInput<'CompleteAttachmentUpload'>): OperationOutput<'CompleteAttachmentUpload'> {
    const id = request.AttachmentIds[0] as string;
    const attachment = participant.contact.attachments.get(id);
    if (!attachment || attachment.uploader !== participant) throw invalid('AttachmentIds names no upload of this participant');
    if (attachment.bytes === undefined) throw new ConflictException({ message: 'The attachment has not been uploaded yet' });
    if (attachment.completed) return {};
    attachment.completed = true;
    announceAttachment(this.host, participant, attachment, newId(), this.clock.iso());
    return {};
  }

  get(participant: Participant, request: OperationInput<'GetAttachment'>): OperationOutput<'GetAttachment'> {
    const attachment = participant.contact.attachments.get(request.AttachmentId);
    if (!attachment || !attachment.completed) throw invalid('AttachmentId names no attachment of this contact');
    if (attachment.status !== 'APPROVED') {
      throw invalid(`The attachment is ${attachment.status === 'REJECTED' ? 'rejected by its scan' : 'still being scanned'}`);
    }
    if (participant.ParticipantRole === 'CUSTOM_BOT' && attachment.uploader.ParticipantRole === 'CUSTOMER') {
      throw new AccessDeniedException({ message: 'A bot may not read customer attachments' });
    }
    const expiresAt = this.clock.now() + (request.UrlExpiryInSeconds ?? 300) * 1000;
    const key = this.downloads.issue(attachment, expiresAt);
    return {
      Url: `${this.urls().http}/emulator-attachments/download/${key}`,
      UrlExpiry: this.clock.iso(expiresAt),
      AttachmentSizeInBytes: attachment.AttachmentSizeInBytes,
    };
  }
}
