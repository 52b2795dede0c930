/** What a token is replaced with wherever text could reach a log, an error or a thrown message. */
export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of each secret in `text`. Errors built from request or response data pass through
 * this, so a server that echoes a token, or a validation message about a token field, never leaks it.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length > 0 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
