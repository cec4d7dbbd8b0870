import { createHash, randomBytes } from 'node:crypto';

/** Random bytes of a personal survey link's token: 256 bits, far beyond guessing. */
export const SURVEY_TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new token (base64url, 43 characters) and the SHA-256 that is all the database keeps of it. */
export function newSurveyToken(): { token: string; hash: string } {
  const token = randomBytes(SURVEY_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashSurveyToken(token) };
}

/** Hex SHA-256 of a token. The token has 256 random bits, so an unsalted hash is a safe lookup key. */
export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a presented token has the shape of one we issue; anything else is unknown without a lookup. */
export function isWellFormedSurveyToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}
