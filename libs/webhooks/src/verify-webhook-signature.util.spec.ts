import { githubSignature, signWebhookPayload } from './sign-webhook-payload.util';
import { verifyWebhookSignature, type WebhookSignatureInput } from './verify-webhook-signature.util';
import { newWebhookSecret } from './webhook-secret.util';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const T = String(NOW / 1000);
const BODY = '{"rows":[{"accountCode":"ACC1","metricKey":"revenue"}]}';
const CURRENT = 'whsec_current';
const PREVIOUS = 'whsec_previous';

const input = (overrides: Partial<WebhookSignatureInput> = {}): WebhookSignatureInput => ({
  secrets: [CURRENT],
  timestamp: T,
  rawBody: Buffer.from(BODY),
  signature: signWebhookPayload(CURRENT, T, BODY),
  now: NOW,
  ...overrides,
});

describe('verifyWebhookSignature', () => {
  it('accepts a delivery signed with the current secret', () => {
    expect(verifyWebhookSignature(input())).toMatchObject({ ok: true, secretIndex: 0 });
  });

  it('accepts upper-case hex and reports the digest in lower case', () => {
    const signature = signWebhookPayload(CURRENT, T, BODY);
    const upper = `sha256=${signature.slice(7).toUpperCase()}`;
    expect(verifyWebhookSignature(input({ signature: upper }))).toEqual({
      ok: true,
      secretIndex: 0,
      digest: signature.slice(7),
    });
  });

  it('accepts the previous secret during a rotation, and says which one matched', () => {
    const signature = signWebhookPayload(PREVIOUS, T, BODY);
    expect(verifyWebhookSignature(input({ secrets: [CURRENT, PREVIOUS], signature }))).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
    expect(verifyWebhookSignature(input({ secrets: [CURRENT], signature }))).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it.each([
    ['a tampered body', { rawBody: BODY.replace('revenue', 'profit') }],
    ['one added byte', { rawBody: `${BODY} ` }],
    ['a wrong secret', { secrets: ['whsec_other'] }],
    ['no secret at all', { secrets: [] }],
    ['a signature over another timestamp', { signature: signWebhookPayload(CURRENT, NOW / 1000 - 1, BODY) }],
    ['the body signed without the timestamp', { signature: githubSignature(CURRENT, BODY) }],
  ])('refuses %s', (_name, overrides) => {
    expect(verifyWebhookSignature(input(overrides))).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it.each([
    ['5 minutes 1 second old', 'timestamp_out_of_tolerance', -301],
    ['5 minutes 1 second in the future', 'timestamp_out_of_tolerance', 301],
    ['exactly 5 minutes old', 'ok', -300],
    ['exactly 5 minutes in the future', 'ok', 300],
  ])('a timestamp %s gives %s', (_name, expected, offset) => {
    const timestamp = String(NOW / 1000 + offset);
    const result = verifyWebhookSignature(
      input({ timestamp, signature: signWebhookPayload(CURRENT, timestamp, BODY) }),
    );
    expect(result.ok ? 'ok' : result.reason).toBe(expected);
  });

  it('honours a custom tolerance', () => {
    const timestamp = String(NOW / 1000 - 61);
    const signature = signWebhookPayload(CURRENT, timestamp, BODY);
    expect(verifyWebhookSignature(input({ timestamp, signature, toleranceSeconds: 60 }))).toEqual({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['in milliseconds with a fraction', '1795000000.5'],
    ['negative', '-1'],
    ['an ISO date', '2026-11-27T12:00:00Z'],
  ])('refuses a timestamp that is %s', (_name, timestamp) => {
    expect(verifyWebhookSignature(input({ timestamp }))).toEqual({
      ok: false,
      reason: 'malformed_timestamp',
    });
  });

  it.each([
    ['missing', undefined],
    ['without the scheme', signWebhookPayload(CURRENT, T, BODY).slice(7)],
    ['with another scheme', `sha1=${'a'.repeat(40)}`],
    ['too short', 'sha256=abc'],
    ['not hex', `sha256=${'z'.repeat(64)}`],
    ['with trailing text', `${signWebhookPayload(CURRENT, T, BODY)},v2`],
  ])('refuses a signature header that is %s', (_name, signature) => {
    expect(verifyWebhookSignature(input({ signature }))).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
  });
});

describe('HMAC core', () => {
  it("matches GitHub's published X-Hub-Signature-256 test vector", () => {
    expect(githubSignature("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  it('signs `${timestamp}.${body}` with the same core', () => {
    expect(signWebhookPayload("It's a Secret to Everybody", 1, 'Hello, World!')).toBe(
      githubSignature("It's a Secret to Everybody", '1.Hello, World!'),
    );
  });
});

describe('newWebhookSecret', () => {
  it('has 256 random bits behind a readable prefix, and never repeats', () => {
    const secrets = new Set(Array.from({ length: 100 }, newWebhookSecret));
    expect(secrets.size).toBe(100);
    for (const secret of secrets) expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  });
});
