/** What a token is replaced with wherever text could reach a log, an error or a thrown message. */
export const REDACTED = '[REDACTED]';

/**
 * A secret this long or longer is replaced wherever it appears: real tokens are hundreds of characters, and text
 * that long does not turn up by chance. A shorter one is replaced only where it stands as a token would (not
 * inside a word), so that a short test token such as `fe` cannot turn `fetch failed` into `[REDACTED]tch failed`.
 */
const ANYWHERE_LENGTH = 16;

/** Characters a token is made of (base64, base64url, JWT): a shorter secret touching one is part of another word. */
const isTokenChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_\-+/=.~%]/.test(c);

/** Replaces the occurrences of a short secret that stand alone (neither side touches a token character). */
function redactStandalone(text: string, secret: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
    if (at < from || isTokenChar(text[at - 1]) || isTokenChar(text[at + secret.length])) continue;
    out += text.slice(from, at) + REDACTED;
    from = at + secret.length;
  }
  return out + text.slice(from);
}

/**
 * Replaces each secret in `text`: everywhere when it is of a real token's length, else where it stands alone.
 * Errors built from request or response data pass through this, so a server that echoes a token, or a validation
 * message about a token field, never leaks it.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length === 0 || !out.includes(secret)) continue;
    out = secret.length >= ANYWHERE_LENGTH ? out.split(secret).join(REDACTED) : redactStandalone(out, secret);
  }
  return out;
}
