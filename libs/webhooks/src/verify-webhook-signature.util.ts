import { timingSafeEqual } from 'node:crypto';
import { hmacSha256Hex } from './sign-webhook-payload.util';

export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

export interface WebhookSignatureInput {
  /** The current secret first, then the previous one while a rotation lasts. */
  secrets: readonly string[];
  /** `X-Keyscore-Timestamp`: unix seconds. */
  timestamp: string | undefined;
  rawBody: Buffer | string;
  /** `X-Keyscore-Signature`: `sha256=<64 hex>`. */
  signature: string | undefined;
  /** Milliseconds since the epoch (Date.now()). */
  now: number;
  toleranceSeconds?: number;
}

export type WebhookSignatureCheck =
  | { ok: true; secretIndex: number; digest: string }
  | {
      ok: false;
      reason:
        'malformed_timestamp' | 'malformed_signature' | 'signature_mismatch' | 'timestamp_out_of_tolerance';
    };

/**
 * Checks a delivery's signature against every secret (timing-safe, no early exit), then its age. The
 * signature is checked first so that only authentic requests learn that their timestamp was refused.
 */
export function verifyWebhookSignature(input: WebhookSignatureInput): WebhookSignatureCheck {
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (input.timestamp === undefined || !TIMESTAMP.test(input.timestamp)) {
    return { ok: false, reason: 'malformed_timestamp' };
  }
  const match = input.signature === undefined ? null : SIGNATURE.exec(input.signature);
  if (!match) return { ok: false, reason: 'malformed_signature' };
  const digest = match[1]!.toLowerCase();
  const given = Buffer.from(digest, 'hex');
  const signed = Buffer.concat([Buffer.from(`${input.timestamp}.`), Buffer.from(input.rawBody)]);
  let secretIndex = -1;
  input.secrets.forEach((secret, i) => {
    const expected = Buffer.from(hmacSha256Hex(secret, signed), 'hex');
    if (timingSafeEqual(expected, given) && secretIndex < 0) secretIndex = i;
  });
  if (secretIndex < 0) return { ok: false, reason: 'signature_mismatch' };
  if (Math.abs(input.now / 1000 - Number(input.timestamp)) > tolerance) {
    return { ok: false, reason: 'timestamp_out_of_tolerance' };
  }
  return { ok: true, secretIndex, digest };
}
