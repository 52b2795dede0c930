import { AttachmentContentType } from '@connect-participant/core';

/**
 * The file extensions the service accepts for chat attachments (adminguide feature-limits), each with the MIME
 * types a client may declare for it.
 */
export const ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  '.csv': [AttachmentContentType.CSV],
  '.doc': [AttachmentContentType.DOC],
  '.docx': [AttachmentContentType.DOCX],
  '.heic': ['image/heic'],
  '.jfif': [AttachmentContentType.JPEG],
  '.jpeg': [AttachmentContentType.JPEG],
  '.jpg': [AttachmentContentType.JPEG],
  '.mov': ['video/quicktime'],
  '.mp4': ['video/mp4'],
  '.pdf': [AttachmentContentType.PDF],
  '.png': [AttachmentContentType.PNG],
  '.ppt': [AttachmentContentType.PPT],
  '.pptx': [AttachmentContentType.PPTX],
  '.rtf': ['application/rtf', 'text/rtf'],
  '.txt': ['text/plain'],
  '.wav': [AttachmentContentType.WAV, AttachmentContentType.X_WAV, AttachmentContentType.VND_WAVE],
  '.xls': [AttachmentContentType.XLS],
  '.xlsx': [AttachmentContentType.XLSX],
};
