import request from 'supertest';
import { DataSource } from 'typeorm';
import { apiAs, signInAs, startTestApp, TEST_PASSWORD, type Api, type TestApp } from '../support/test-app';
import { createAccountWithManager } from '../support/fixtures';

/**
 * Who can reach what: each role against lists, filters, single reads, writes, users, API keys and the
 * audit log. Data: two account managers, each with one account, a reviewer over one of them, a viewer.
 */
describe('access control and data scoping', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const as: Record<string, Api> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const departmentId = (
      await t.api.post('/api/departments').send({ code: 'S', nameZh: '销售', nameEn: 'Sales' })
    ).body.id;
    const person = async (employeeNo: string, managerId?: string) =>
      (
        await t.api.post('/api/people').send({
          employeeNo,
          name: employeeNo,
          email: `${employeeNo}@example.com`,
          function: 'sales',
          title: 'x',
          departmentId,
          ...(managerId ? { managerId } : {}),
        })
      ).body.id as string;
    ids.head = await person('HEAD');
    ids.am1 = await person('AM1', ids.head);
    ids.am2 = await person('AM2');
    const account = async (code: string, managerId: string) =>
      (
        await t.api.post('/api/accounts').send({
          code,
          name: code,
          nameEn: code,
          accountType: 'local_enterprise',
          industry: 'energy',
          region: 'east',
          managerId,
          since: '2020-01-01',
        })
      ).body.id as string;
    ids.acc1 = await account('ACC1', ids.am1);
    ids.acc2 = await account('ACC2', ids.am2);
    await t.api
      .post('/api/metric-values')
      .send({
        rows: [
          {
            accountCode: 'ACC1',
            metricKey: 'profit',
            period: '2026-Q3',
            value: 42,
            state: 'sealed',
            source: 'manual',
          },
          {
            accountCode: 'ACC1',
            metricKey: 'revenue',
            period: '2026-Q3',
            value: 1000,
            state: 'actual',
            source: 'manual',
          },
        ],
      })
      .expect(201);
    as.am1 = apiAs(
      t.app,
      await signInAs(t.app, { email: 'am1@example.com', role: 'account_manager', personId: ids.am1 }),
    );
    as.reviewer = apiAs(
      t.app,
      await signInAs(t.app, { email: 'head@example.com', role: 'reviewer', personId: ids.head }),
    );
    as.viewer = apiAs(t.app, await signInAs(t.app, { email: 'viewer@example.com', role: 'viewer' }));
    as.admin = t.api;
    as.anonymous = t.anonymous;
  });
  afterAll(() => t.close());

  const codes = async (api: Api, url: string) =>
    (await api.get(url).expect(200)).body.items.map((a: { code: string }) => a.code) as string[];

  it.each([
    ['admin', ['ACC1', 'ACC2']],
    ['viewer', ['ACC1', 'ACC2']],
    ['am1', ['ACC1']],
    ['reviewer', ['ACC1']],
  ])('%s lists only the accounts in scope, also through filters', async (who, expected) => {
    expect(await codes(as[who]!, '/api/accounts')).toEqual(expected);
    expect(await codes(as[who]!, '/api/accounts?region=east&limit=10')).toEqual(expected);
    expect(await codes(as[who]!, `/api/accounts?managerId=${ids.am2}`)).toEqual(
      expected.includes('ACC2') ? ['ACC2'] : [],
    );
  });

  it.each([
    ['am1', 'acc2', 404],
    ['am1', 'acc1', 200],
    ['reviewer', 'acc2', 404],
    ['viewer', 'acc2', 200],
  ])('%s reading account %s gets %i (out of scope looks like not found)', async (who, account, status) => {
    await as[who]!.get(`/api/accounts/${ids[account]}`).expect(status);
    await as[who]!.get(`/api/accounts/${ids[account]}/metric-values`).expect(status);
  });

  it('shows sealed values only to roles allowed to see them', async () => {
    const sealed = async (api: Api) =>
      (await api.get(`/api/accounts/${ids.acc1}/metric-values`).expect(200)).body.find(
        (v: { metricKey: string }) => v.metricKey === 'profit',
      );
    expect(await sealed(as.admin!)).toMatchObject({ state: 'sealed', value: 42 });
    expect(await sealed(as.viewer!)).toMatchObject({ state: 'sealed', value: null });
    expect(await sealed(as.am1!)).toMatchObject({ state: 'sealed', value: null });
  });

  it('never shows a sealed value in a scorecard trace to a reader who may not see it', async () => {
    const trace = async (api: Api) =>
      JSON.stringify((await api.get(`/api/accounts/${ids.acc1}/scorecard?period=2026-Q3`).expect(200)).body);
    expect(await trace(as.am1!)).not.toContain('"value":42');
    expect(await trace(as.viewer!)).not.toContain('"value":42');
    expect(await trace(as.admin!)).toContain('"value":42');
  });

  it('refuses a team with the same person twice, at the pointer of the repeat', async () => {
    const { body } = await t.api
      .post('/api/accounts')
      .send({
        code: 'ACC9',
        name: 'x',
        nameEn: 'x',
        accountType: 'local_enterprise',
        industry: 'energy',
        region: 'east',
        managerId: ids.am1,
        since: '2020-01-01',
        team: [
          { personId: ids.am1, function: 'sales' },
          { personId: ids.am1, function: 'after_sales' },
        ],
      })
      .expect(422);
    expect(body).toMatchObject({
      code: 'directory.duplicate_member',
      errors: [{ pointer: '/body/team/1/personId' }],
    });
  });

  it.each([
    ['post', '/api/accounts'],
    ['post', '/api/departments'],
    ['post', '/api/people'],
    ['post', '/api/metric-values'],
    ['get', '/api/users'],
    ['post', '/api/users'],
    ['get', '/api/api-keys'],
    ['post', '/api/api-keys'],
    ['get', '/api/audit'],
    ['get', '/api/audit/verify'],
  ] as const)('non-admins get 403 on %s %s; anonymous gets 401', async (method, url) => {
    for (const who of ['am1', 'reviewer', 'viewer']) {
      const { body } = await as[who]![method](url).send({}).expect(403);
      expect(body.code).toBe('auth.forbidden');
    }
    await as.anonymous![method](url).send({}).expect(401);
  });

  it('answers 401 in the caller language and leaves public routes open', async () => {
    const { body } = await t.anonymous.get('/api/accounts?lang=zh-CN').expect(401);
    expect(body.message).toBe('请先登录，或提供有效的令牌或 API 密钥。');
    await t.anonymous.get('/health').expect(200);
    await t.anonymous.get('/api/docs-json').expect(200);
    await t.anonymous.get('/api/accounts').set('Authorization', 'Bearer kss_forged').expect(401);
  });
});

describe('sign-in, sessions and cookies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await signInAs(t.app, { email: 'user@example.com', role: 'viewer' });
  });
  afterAll(() => t.close());

  it('signs in with a password and out again; the token stops working at once', async () => {
    const login = await t.anonymous
      .post('/api/auth/login')
      .send({ email: 'USER@example.com', password: TEST_PASSWORD })
      .expect(200);
    expect(login.body.token).toMatch(/^kss_[A-Za-z0-9_-]{43}$/);
    expect(login.body.user).not.toHaveProperty('passwordHash');
    const me = apiAs(t.app, login.body.token);
    await me.get('/api/auth/me').expect(200);
    await me.post('/api/auth/logout').expect(204);
    await me.get('/api/auth/me').expect(401);
  });

  it('refuses a wrong password with the same message as an unknown email', async () => {
    const wrong = await t.anonymous
      .post('/api/auth/login')
      .send({ email: 'user@example.com', password: 'nope' })
      .expect(401);
    const unknown = await t.anonymous
      .post('/api/auth/login')
      .send({ email: 'ghost@example.com', password: 'nope' })
      .expect(401);
    expect(wrong.body.message).toBe('Wrong email or password.');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('rate-limits parallel guesses too: never more than 10 checked passwords per window', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 25 }, () =>
        t.anonymous
          .post('/api/auth/login')
          .send({ email: 'parallel@example.com', password: 'x' })
          .then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('rate-limits failed sign-ins per address and email', async () => {
    for (let i = 0; i < 10; i++) {
      await t.anonymous
        .post('/api/auth/login')
        .send({ email: 'limited@example.com', password: 'x' })
        .expect(401);
    }
    const { body } = await t.anonymous
      .post('/api/auth/login')
      .set('Accept-Language', 'zh-CN')
      .send({ email: 'limited@example.com', password: 'x' })
      .expect(429);
    expect(body.message).toBe('尝试次数过多，请 15 分钟后再试。');
  });

  it('keeps a page session in an HttpOnly cookie; changes through it need the CSRF header', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const login = await agent
      .post('/api/auth/login')
      .send({ email: 'user@example.com', password: TEST_PASSWORD })
      .expect(200);
    expect(login.headers['set-cookie']?.[0]).toMatch(/^ks_session=kss_.*HttpOnly.*SameSite=Lax/i);
    await agent.get('/api/auth/me').expect(200);
    const admin = await signInAs(t.app, { email: 'admin2@example.com', role: 'admin' });
    const adminAgent = request.agent(t.app.getHttpServer());
    await adminAgent
      .post('/api/auth/login')
      .send({ email: 'admin2@example.com', password: TEST_PASSWORD })
      .expect(200);
    const { body } = await adminAgent
      .post('/api/departments')
      .send({ code: 'X', nameZh: 'x', nameEn: 'x' })
      .expect(403);
    expect(body.code).toBe('auth.csrf_header_missing');
    await adminAgent
      .post('/api/departments')
      .set('X-Keyscore-CSRF', '1')
      .send({ code: 'X', nameZh: 'x', nameEn: 'x' })
      .expect(201);
    expect(admin).toMatch(/^kss_/);
  });
});

describe('API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await createAccountWithManager(t.api);
  });
  afterAll(() => t.close());

  const row = (metricKey: string) => ({
    accountCode: 'ACC1',
    metricKey,
    period: '2026-07',
    value: 1,
    state: 'actual',
    source: 'connector',
  });

  it('shows the secret once, stores it hashed, writes only the metrics in scope, and stops at revocation', async () => {
    const created = await t.api
      .post('/api/api-keys')
      .send({ name: 'CRM sync', scopes: [{ permission: 'metric-values:write', metricKeys: ['revenue'] }] })
      .expect(201);
    expect(created.body.secret).toMatch(/^ksk_[A-Za-z0-9_-]{43}$/);
    expect(created.body).not.toHaveProperty('secretHash');
    const listed = await t.api.get('/api/api-keys').expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect(listed.body[0]).toMatchObject({ name: 'CRM sync', lastUsedAt: null, revokedAt: null });
    const stored = await t.app.get(DataSource).query('SELECT secret_hash FROM api_keys');
    expect(stored[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);

    const key = apiAs(t.app, created.body.secret);
    await key
      .post('/api/metric-values')
      .send({ rows: [row('revenue')] })
      .expect(201);
    const outside = await key
      .post('/api/metric-values')
      .send({ rows: [row('revenue'), row('profit')] })
      .expect(403);
    expect(outside.body).toMatchObject({
      code: 'metrics.metric_out_of_scope',
      errors: [{ pointer: '/body/rows/1/metricKey' }],
    });
    await key.get('/api/accounts').expect(403);
    // Any key may ask who it is.
    expect((await key.get('/api/auth/me').expect(200)).body.kind).toBe('api_key');
    await key.get('/api/users').expect(403);
    expect((await t.api.get('/api/api-keys').expect(200)).body[0].lastUsedAt).not.toBeNull();

    await t.api.delete(`/api/api-keys/${created.body.id}`).expect(200);
    await key
      .post('/api/metric-values')
      .send({ rows: [row('revenue')] })
      .expect(401);
  });

  it('limits reads to the metric keys of a read scope', async () => {
    const account = (await t.api.get('/api/accounts').expect(200)).body.items[0];
    await t.api
      .post('/api/metric-values')
      .send({ rows: [row('revenue'), row('profit')] })
      .expect(201);
    const created = await t.api
      .post('/api/api-keys')
      .send({ name: 'BI', scopes: [{ permission: 'metric-values:read', metricKeys: ['revenue'] }] })
      .expect(201);
    const values = (
      await apiAs(t.app, created.body.secret).get(`/api/accounts/${account.id}/metric-values`).expect(200)
    ).body;
    expect(new Set(values.map((v: { metricKey: string }) => v.metricKey))).toEqual(new Set(['revenue']));
  });

  it('validates key scopes', async () => {
    const { body } = await t.api
      .post('/api/api-keys')
      .send({ name: 'x', scopes: [{ permission: 'users:manage' }] })
      .expect(422);
    expect(body.errors[0].pointer).toBe('/body/scopes/0/permission');
  });
});

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('records who changed what, before and after, and verification flags an edited row', async () => {
    const department = (
      await t.api.post('/api/departments').send({ code: 'S', nameZh: '销售', nameEn: 'Sales' }).expect(201)
    ).body;
    const me = (await t.api.get('/api/auth/me').expect(200)).body.user;
    const entries = (await t.api.get('/api/audit?entityType=department').expect(200)).body;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'department.create',
      entityId: department.id,
      actorType: 'user',
      actorId: me.id,
      before: null,
      after: { code: 'S', nameZh: '销售' },
    });
    expect(entries[0].at).toMatch(/Z$/);
    expect((await t.api.get('/api/audit/verify').expect(200)).body).toMatchObject({ ok: true });

    await t.app
      .get(DataSource)
      .query(`UPDATE audit_log SET after = '{"code":"EVIL"}' WHERE entity_id = '${department.id}'`);
    expect((await t.api.get('/api/audit/verify').expect(200)).body).toMatchObject({
      ok: false,
      brokenAt: entries[0].seq,
      reason: 'hash_mismatch',
    });
  });

  it('pages newest first and filters by action, for the console', async () => {
    for (const code of ['P1', 'P2', 'P3'])
      await t.api.post('/api/departments').send({ code, nameZh: code, nameEn: code }).expect(201);
    const newest = (await t.api.get('/api/audit?order=desc&limit=2').expect(200)).body;
    expect(newest.map((e: { after: { code: string } }) => e.after.code)).toEqual(['P3', 'P2']);
    const older = (await t.api.get(`/api/audit?order=desc&limit=2&beforeSeq=${newest[1].seq}`).expect(200))
      .body;
    expect(older[0].after.code).toBe('P1');
    expect(older[0].seq).toBeLessThan(newest[1].seq);
    const between = (
      await t.api.get(`/api/audit?afterSeq=${older[0].seq - 1}&beforeSeq=${newest[0].seq}`).expect(200)
    ).body;
    expect(between.map((e: { after: { code: string } }) => e.after.code)).toEqual(['P1', 'P2']);
    const creates = (await t.api.get('/api/audit?action=department.create').expect(200)).body;
    expect(creates.every((e: { action: string }) => e.action === 'department.create')).toBe(true);
    const sideways = await t.api.get('/api/audit?order=sideways').expect(422);
    expect(sideways.body.errors[0].pointer).toBe('/query/order');
  });
});
