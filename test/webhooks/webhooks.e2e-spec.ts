import request from 'supertest';
import { DataSource } from 'typeorm';
import { JobQueueService } from '@keyscore/queue';
import { signWebhookPayload, webhookRateLimitKey } from '@keyscore/webhooks';
import { apiAs, signInAs, startTestApp, type TestApp } from '../support/test-app';
import { createAccountWithManager } from '../support/fixtures';

/**
 * Signed inbound webhooks on a fresh database: endpoints administered by an admin, deliveries verified by
 * HMAC over timestamp and raw body, deduplicated by delivery id, written through the metric-values batch.
 */
describe('signed inbound webhooks', () => {
  let t: TestApp;
  let accountId: string;
  let secret: string;
  let deliveries = 0;

  const row = (metricKey: string, value: number | null = 100, period = '2026-07') => ({
    accountCode: 'ACC1',
    metricKey,
    period,
    value,
    state: 'actual',
    source: 'connector',
  });

  /** Sends `body` exactly as serialised, signed with `signingSecret` at `timestamp` (unix seconds). */
  const deliver = (
    key: string,
    body: unknown,
    options: { signingSecret?: string; timestamp?: number; deliveryId?: string; signature?: string } = {},
  ) => {
    const raw = JSON.stringify(body);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return request(t.app.getHttpServer())
      .post(`/api/webhooks/${key}`)
      .set('Content-Type', 'application/json')
      .set('X-Keyscore-Timestamp', String(timestamp))
      .set(
        'X-Keyscore-Signature',
        options.signature ?? signWebhookPayload(options.signingSecret ?? secret, timestamp, raw),
      )
      .set('X-Keyscore-Delivery', options.deliveryId ?? `delivery-${++deliveries}`)
      .send(raw);
  };

  const values = async () =>
    (await t.api.get(`/api/accounts/${accountId}/metric-values?periodKind=month`).expect(200)).body as {
      metricKey: string;
      period: string;
      value: number | null;
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    ({ accountId } = await createAccountWithManager(t.api));
    const created = await t.api
      .post('/api/webhook-endpoints')
      .send({ key: 'crm', name: 'CRM', metricKeys: ['revenue', 'orders'] })
      .expect(201);
    secret = created.body.secret;
  });
  afterAll(() => t.close());

  it('shows the secret once at creation and never lists it', async () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await t.api.get('/api/webhook-endpoints').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body).toEqual([
      expect.objectContaining({ key: 'crm', name: 'CRM', metricKeys: ['revenue', 'orders'] }),
    ]);
    expect(listed.body[0]).not.toHaveProperty('secret');
    expect(listed.body[0]).not.toHaveProperty('previousSecret');
    const audit = (await t.api.get('/api/audit?entityType=webhook_endpoint').expect(200)).body;
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('refuses a second endpoint with the same key (409) and unknown metrics in its scope (422)', async () => {
    const duplicate = await t.api.post('/api/webhook-endpoints').send({ key: 'crm', name: 'x' }).expect(409);
    expect(duplicate.body.errors[0].pointer).toBe('/body/key');
    const unknown = await t.api
      .post('/api/webhook-endpoints')
      .send({ key: 'erp', name: 'ERP', metricKeys: ['revenue', 'no-such-metric'] })
      .expect(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/body/metricKeys/1' })]);
    const bad = await t.api.post('/api/webhook-endpoints').send({ key: 'Bad Key!', name: 'x' }).expect(422);
    expect(bad.body.errors[0].pointer).toBe('/body/key');
  });

  it('writes a signed delivery, audited as the webhook endpoint', async () => {
    const { body } = await deliver('crm', { rows: [row('revenue', 120)] }, { deliveryId: 'evt-1' }).expect(
      200,
    );
    expect(body).toMatchObject({ duplicate: false, written: 1, changed: 1 });
    expect(await values()).toEqual([expect.objectContaining({ metricKey: 'revenue', value: 120 })]);
    const endpointId = (await t.api.get('/api/webhook-endpoints').expect(200)).body[0].id;
    const audit = (await t.api.get('/api/audit?entityType=metric_value').expect(200)).body;
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'metric_value.create',
        entityId: 'ACC1/revenue/2026-07/connector',
        actorType: 'webhook',
        actorId: endpointId,
        after: expect.objectContaining({ value: 120 }),
      }),
    ]);
    expect((await t.api.get('/api/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });

  it('answers a replayed delivery id as a duplicate and writes nothing twice', async () => {
    const replay = await deliver('crm', { rows: [row('revenue', 999)] }, { deliveryId: 'evt-1' }).expect(200);
    expect(replay.body).toEqual({ duplicate: true });
    expect(await values()).toEqual([expect.objectContaining({ metricKey: 'revenue', value: 120 })]);
    const audit = (await t.api.get('/api/audit?entityType=metric_value').expect(200)).body;
    expect(audit).toHaveLength(1);
  });

  it('answers a captured request replayed under another delivery id as a duplicate', async () => {
    const raw = JSON.stringify({ rows: [row('revenue', 130)] });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhookPayload(secret, timestamp, raw);
    const send = (deliveryId: string) =>
      request(t.app.getHttpServer())
        .post('/api/webhooks/crm')
        .set('Content-Type', 'application/json')
        .set('X-Keyscore-Timestamp', String(timestamp))
        .set('X-Keyscore-Signature', signature)
        .set('X-Keyscore-Delivery', deliveryId)
        .send(raw);
    expect((await send('evt-2').expect(200)).body).toMatchObject({ duplicate: false, written: 1 });
    expect((await send('evt-2-forged').expect(200)).body).toEqual({ duplicate: true });
  });

  it('writes concurrent duplicates of one delivery once', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        deliver('crm', { rows: [row('orders', 7)] }, { deliveryId: 'evt-concurrent' }).then((r) => r),
      ),
    );
    const written = results.filter((r) => r.status === 200 && r.body.duplicate === false);
    expect(written).toHaveLength(1);
    for (const r of results) expect([200, 409]).toContain(r.status);
    const audit = (await t.api.get('/api/audit?entityType=metric_value').expect(200)).body as {
      entityId: string;
    }[];
    expect(audit.filter((e) => e.entityId.startsWith('ACC1/orders/'))).toHaveLength(1);
    const retry = await deliver('crm', { rows: [row('orders', 7)] }, { deliveryId: 'evt-concurrent' });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ duplicate: true });
  });

  it('answers 409 while another request holds the claim, and takes over a claim left by a dead request', async () => {
    const endpointId = (await t.api.get('/api/webhook-endpoints').expect(200)).body[0].id as string;
    const claim = (deliveryId: string, claimedAt: string) =>
      t.app
        .get(DataSource)
        .createQueryBuilder()
        .insert()
        .into('webhook_deliveries')
        .values({
          id: `00000000-0000-4000-8000-${deliveryId.padStart(12, '0')}`,
          endpointId,
          deliveryId,
          signature: deliveryId.padStart(64, '0'),
          state: 'processing',
          written: null,
          claimedAt,
          completedAt: null,
        })
        .execute();
    await claim('1001', new Date().toISOString());
    const busy = await deliver('crm', { rows: [row('orders', 9)] }, { deliveryId: '1001' }).expect(409);
    expect(busy.body.code).toBe('webhooks.delivery_in_progress');
    await claim('1002', new Date(Date.now() - 11 * 60_000).toISOString());
    const taken = await deliver('crm', { rows: [row('orders', 9)] }, { deliveryId: '1002' }).expect(200);
    expect(taken.body).toMatchObject({ duplicate: false, written: 1 });
    expect((await values()).find((v) => v.metricKey === 'orders')?.value).toBe(9);
  });

  it.each([
    ['a wrong secret', { signingSecret: 'whsec_not-the-secret' }],
    ['no signature scheme', { signature: 'deadbeef' }],
    ['a signature of another body', { signature: signWebhookPayload('x', 1, '{}') }],
  ])('refuses a delivery signed with %s (401), writing nothing', async (_name, options) => {
    const { body } = await deliver('crm', { rows: [row('revenue', 1)] }, options).expect(401);
    expect(body.code).toBe('webhooks.invalid_signature');
    expect((await values()).find((v) => v.metricKey === 'revenue')?.value).toBe(130);
  });

  it('refuses a tampered body: the signature covers the raw bytes', async () => {
    const raw = JSON.stringify({ rows: [row('revenue', 1)] });
    const timestamp = Math.floor(Date.now() / 1000);
    await request(t.app.getHttpServer())
      .post('/api/webhooks/crm')
      .set('Content-Type', 'application/json')
      .set('X-Keyscore-Timestamp', String(timestamp))
      .set('X-Keyscore-Signature', signWebhookPayload(secret, timestamp, raw))
      .set('X-Keyscore-Delivery', 'evt-tampered')
      // The same JSON value with other whitespace is other bytes.
      .send(JSON.stringify({ rows: [row('revenue', 1)] }, null, 2))
      .expect(401);
  });

  it('refuses an unknown endpoint key like a wrong signature', async () => {
    const { body } = await deliver('nobody', { rows: [row('revenue', 1)] }).expect(401);
    expect(body.code).toBe('webhooks.invalid_signature');
  });

  it.each([
    ['6 minutes old', -360],
    ['6 minutes in the future', 360],
  ])('refuses a timestamp %s (401) in the caller language', async (_name, offset) => {
    const timestamp = Math.floor(Date.now() / 1000) + offset;
    const { body } = await deliver('crm', { rows: [row('revenue', 1)] }, { timestamp })
      .set('Accept-Language', 'zh-CN')
      .expect(401);
    expect(body.code).toBe('webhooks.timestamp_out_of_tolerance');
    expect(body.message).toContain('5 分钟');
    const en = await deliver('crm', { rows: [row('revenue', 1)] }, { timestamp }).expect(401);
    expect(en.body.message).toContain('more than 5 minutes');
  });

  it('needs a delivery id', async () => {
    const { body } = await deliver(
      'crm',
      { rows: [row('revenue', 1)] },
      { deliveryId: 'no spaces allowed' },
    ).expect(400);
    expect(body.errors[0].pointer).toBe('/headers/x-keyscore-delivery');
  });

  it('rotates: both secrets verify until finish-rotation, then only the new one', async () => {
    const old = secret;
    const rotated = await t.api.post('/api/webhook-endpoints/crm/rotate').expect(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(rotated.body.previousSecretExpiresAt).not.toBeNull();
    expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(JSON.stringify((await t.api.get('/api/webhook-endpoints').expect(200)).body)).not.toContain(fresh);

    await deliver('crm', { rows: [row('revenue', 140)] }, { signingSecret: old }).expect(200);
    await deliver('crm', { rows: [row('revenue', 150)] }, { signingSecret: fresh }).expect(200);

    const finished = await t.api.post('/api/webhook-endpoints/crm/finish-rotation').expect(200);
    expect(finished.body.previousSecretExpiresAt).toBeNull();
    await deliver('crm', { rows: [row('revenue', 160)] }, { signingSecret: old }).expect(401);
    await deliver('crm', { rows: [row('revenue', 170)] }, { signingSecret: fresh }).expect(200);
    expect((await values()).find((v) => v.metricKey === 'revenue')?.value).toBe(170);
    secret = fresh;

    await t.api.post('/api/webhook-endpoints/nobody/rotate').expect(404);
  });

  it('stops accepting the previous secret once the 24 h of a rotation have passed', async () => {
    const old = secret;
    const fresh = (await t.api.post('/api/webhook-endpoints/crm/rotate').expect(200)).body.secret as string;
    await deliver('crm', { rows: [row('revenue', 170)] }, { signingSecret: old }).expect(200);
    await t.app
      .get(DataSource)
      .createQueryBuilder()
      .update('webhook_endpoints')
      .set({ previousSecretExpiresAt: new Date(Date.now() - 1000).toISOString() })
      .where('key = :key', { key: 'crm' })
      .execute();
    await deliver('crm', { rows: [row('revenue', 170)] }, { signingSecret: old }).expect(401);
    await deliver('crm', { rows: [row('revenue', 170)] }, { signingSecret: fresh }).expect(200);
    expect(
      (await t.api.get('/api/webhook-endpoints').expect(200)).body[0].previousSecretExpiresAt,
    ).toBeNull();
    secret = fresh;
  });

  it('refuses a metric outside the endpoint scope (403) and writes nothing of the batch', async () => {
    const { body } = await deliver('crm', { rows: [row('orders', 8), row('profit', 5)] }).expect(403);
    expect(body).toMatchObject({
      code: 'metrics.metric_out_of_scope',
      errors: [{ pointer: '/body/rows/1/metricKey' }],
    });
    const now = await values();
    expect(now.find((v) => v.metricKey === 'orders')?.value).toBe(9);
    expect(now.find((v) => v.metricKey === 'profit')).toBeUndefined();
  });

  it('refuses bad rows (422) with pointers and writes nothing; the sender may retry the same delivery', async () => {
    const bad = await deliver(
      'crm',
      { rows: [row('revenue', 180), { ...row('revenue', 1, '2026-08'), accountCode: 'NOPE' }] },
      { deliveryId: 'evt-bad' },
    ).expect(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/body/rows/1/accountCode' })]);
    const invalid = await deliver('crm', { rows: [{ ...row('revenue'), state: 'made-up' }] }).expect(422);
    expect(invalid.body.errors[0].pointer).toBe('/body/rows/0/state');
    expect((await values()).find((v) => v.metricKey === 'revenue')?.value).toBe(170);
    // The failed delivery left no claim behind: fixed and re-sent under the same id, it is written.
    await deliver('crm', { rows: [row('revenue', 180)] }, { deliveryId: 'evt-bad' }).expect(200);
    expect((await values()).find((v) => v.metricKey === 'revenue')?.value).toBe(180);
  });

  it('rate-limits deliveries per endpoint key (429 with Retry-After)', async () => {
    const redis = t.app.get(JobQueueService).redis();
    const now = Date.now();
    for (const at of [now, now + 60_000]) {
      await redis.set(webhookRateLimitKey(t.config.queuePrefix, 'crm', at), 600, 'EX', 120);
    }
    const limited = await deliver('crm', { rows: [row('revenue', 1)] }).expect(429);
    expect(limited.body.code).toBe('webhooks.rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    for (const at of [now, now + 60_000]) {
      await redis.del(webhookRateLimitKey(t.config.queuePrefix, 'crm', at));
    }
  });

  it('stores deliveries under unique (endpoint, delivery id)', async () => {
    const rows = await t.app
      .get(DataSource)
      .query("SELECT state, written FROM webhook_deliveries WHERE delivery_id = 'evt-1'");
    expect(rows).toEqual([{ state: 'done', written: 1 }]);
  });

  it('lets only admins manage endpoints (403), and nobody without signing in (401)', async () => {
    const viewer = apiAs(t.app, await signInAs(t.app, { email: 'viewer@example.com', role: 'viewer' }));
    const manager = apiAs(t.app, await signInAs(t.app, { email: 'am@example.com', role: 'account_manager' }));
    for (const api of [viewer, manager]) {
      await api.get('/api/webhook-endpoints').expect(403);
      await api.post('/api/webhook-endpoints').send({ key: 'x', name: 'x' }).expect(403);
      await api.post('/api/webhook-endpoints/crm/rotate').expect(403);
      await api.post('/api/webhook-endpoints/crm/finish-rotation').expect(403);
    }
    await t.anonymous.get('/api/webhook-endpoints').expect(401);
    const key = await t.api
      .post('/api/api-keys')
      .send({ name: 'it', scopes: [{ permission: 'metric-values:write' }] })
      .expect(201);
    await apiAs(t.app, key.body.secret).get('/api/webhook-endpoints').expect(403);
  });
});
