import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret: a readable prefix and 256 random bits (base64url). */
export function newSecret(prefix: 'kss' | 'ksk'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Secrets have 256 random bits, so a plain SHA-256 is a safe way to store and look them up. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
