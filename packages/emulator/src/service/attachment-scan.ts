import type { Item } from '@connect-participant/core';
import type { Attachment, Participant } from './contact.js';
import type { ProcessingHost } from './message-processing.js';

/**
 * Announces a completed upload as an ATTACHMENT item. Without scanning it is APPROVED at once; with it
 * (options.ts `AttachmentScanOptions`) the item first carries `Status: 'IN_PROGRESS'`, and after the delay the same
 * item (same Id) follows with the verdict, which the transcript then holds.
 */
export function announceAttachment(host: ProcessingHost, uploader: Participant, attachment: Attachment, Id: string, AbsoluteTime: string): void {
  const contact = uploader.contact;
  const scan = contact.settings.attachmentScan;
  const item = (Status: Attachment['status']): Item => ({
    Id,
    AbsoluteTime,
    Type: 'ATTACHMENT',
    ParticipantId: uploader.ParticipantId,
    DisplayName: uploader.DisplayName,
    ParticipantRole: uploader.ParticipantRole,
    Attachments: [
      { AttachmentId: attachment.AttachmentId, AttachmentName: attachment.AttachmentName, ContentType: attachment.ContentType, Status },
    ],
  });
  if (scan === false) {
    attachment.status = 'APPROVED';
    contact.publish(item('APPROVED'), true);
    return;
  }
  attachment.status = 'IN_PROGRESS';
  contact.publish(item('IN_PROGRESS'), true);
  host.later(scan.delayMs, () => {
    if (contact.ended) return;
    attachment.status = scan.verdict;
    const verdict = contact.publish(item(scan.verdict), false);
    contact.rewrite(verdict);
  });
}
