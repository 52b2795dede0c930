import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorClock } from '../clock.js';
import type { ParticipantService } from '../service/participant-service.js';
import { HttpError, readBody, type Responder } from './responses.js';

const UPLOAD = /^\/emulator-attachments\/upload\/([A-Za-z0-9_-]{43})$/;
const DOWNLOAD = /^\/emulator-attachments\/download\/([A-Za-z0-9_-]{43})$/;

/**
 * The storage behind attachment URLs: StartAttachmentUpload's upload URL takes one PUT of exactly the declared
 * size with the returned headers; GetAttachment's download URL serves the bytes until it expires.
 */
export async function serveAttachment(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: { service: ParticipantService; clock: EmulatorClock; respond: Responder },
): Promise<boolean> {
  const upload = UPLOAD.exec(path);
  if (upload && req.method === 'PUT') {
    try {
      const attachment = [...deps.service.contacts.values()]
        .flatMap((c) => [...c.attachments.values()])
        .find((a) => a.uploadKey === upload[1]);
      if (!attachment || deps.clock.now() > attachment.uploadExpiresAt) throw new HttpError(403, 'AccessDenied', 'Upload URL is not valid');
      const contentType = req.headers['content-type'];
      if (contentType !== attachment.headers['Content-Type']) {
        throw new HttpError(400, 'InvalidRequest', 'Content-Type must be the one StartAttachmentUpload returned');
      }
      const bytes = await readBody(req, attachment.AttachmentSizeInBytes);
      if (bytes.length !== attachment.AttachmentSizeInBytes) {
        throw new HttpError(400, 'IncompleteBody', `Expected ${attachment.AttachmentSizeInBytes} bytes, got ${bytes.length}`);
      }
      attachment.bytes = new Uint8Array(bytes);
      res.writeHead(200, { ...deps.respond.cors, 'content-length': '0' });
      res.end();
    } catch (error) {
      deps.respond.error(res, error);
    }
    return true;
  }
  const download = DOWNLOAD.exec(path);
  if (download && req.method === 'GET') {
    const attachment = deps.service.downloads.resolve(download[1] as string, deps.clock.now());
    if (!attachment?.bytes) {
      deps.respond.error(res, new HttpError(403, 'AccessDenied', 'Download URL is not valid or has expired'));
      return true;
    }
    res.writeHead(200, {
      ...deps.respond.cors,
      'content-type': attachment.ContentType,
      'content-length': attachment.bytes.length,
      'content-disposition': `attachment; filename="${attachment.AttachmentName.replace(/["\\\r\n]/g, '_')}"`,
    });
    res.end(Buffer.from(attachment.bytes));
    return true;
  }
  return false;
}
