import { randomBytes } from 'node:crypto';

/** A new signing secret: `whsec_` and 256 random bits (base64url, 43 characters). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
