import { hashSurveyToken, isWellFormedSurveyToken, newSurveyToken } from './survey-token.util';

describe('survey tokens', () => {
  it('are 256 random bits in base64url, stored only as their SHA-256', () => {
    const { token, hash } = newSurveyToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashSurveyToken(token));
    expect(hash).not.toContain(token);
  });

  it('never repeat', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => newSurveyToken().token));
    expect(tokens.size).toBe(2000);
  });

  it('hash like the published SHA-256', () => {
    expect(hashSurveyToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.each([
    ['a fresh token', newSurveyToken().token, true],
    ['too short', 'abc', false],
    ['one character too many', 'a'.repeat(44), false],
    ['standard base64 characters', `${'a'.repeat(42)}+`, false],
    ['a path', '../../etc/passwd', false],
  ])('recognise their own shape: %s', (_name, token, expected) => {
    expect(isWellFormedSurveyToken(token)).toBe(expected);
  });
});
