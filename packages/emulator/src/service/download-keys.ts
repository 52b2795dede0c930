import { newSecret } from '../secrets.js';
import type { Attachment } from './contact.js';

/** Keys of GetAttachment download URLs, each valid until its expiry. */
export class DownloadKeys {
  readonly #keys = new Map<string, { attachment: Attachment; expiresAt: number }>();

  issue(attachment: Attachment, expiresAt: number): string {
    const key = newSecret();
    this.#keys.set(key, { attachment, expiresAt });
    return key;
  }

  resolve(key: string, now: number): Attachment | undefined {
    const entry = this.#keys.get(key);
    if (!entry) return undefined;
    if (now > entry.expiresAt) {
      this.#keys.delete(key);
      return undefined;
    }
    return entry.attachment;
  }
}
