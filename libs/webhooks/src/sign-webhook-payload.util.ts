import { createHmac } from 'node:crypto';

/** The HMAC-SHA256 core shared with GitHub's X-Hub-Signature-256: hex digest of `payload` under `secret`. */
export function hmacSha256Hex(secret: string, payload: Buffer | string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/**
 * What a sender puts in `X-Keyscore-Signature`: `sha256=` + HMAC-SHA256 over `${timestamp}.${rawBody}`.
 * Signing the timestamp with the body is what lets the receiver refuse old captures.
 */
export function signWebhookPayload(
  secret: string,
  timestamp: number | string,
  rawBody: Buffer | string,
): string {
  return `sha256=${hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.from(rawBody)]))}`;
}

/** GitHub's `X-Hub-Signature-256` of a body (no timestamp): used by the spec to check our HMAC core. */
export function githubSignature(secret: string, body: Buffer | string): string {
  return `sha256=${hmacSha256Hex(secret, body)}`;
}
