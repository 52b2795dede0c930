import { randomBytes, randomUUID } from 'node:crypto';

/** A 256-bit random secret, URL-safe: participant and connection tokens, websocket and attachment URL keys. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** An identifier shaped like the service's (UUID v4). */
export const newId = (): string => randomUUID();
