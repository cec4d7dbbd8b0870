import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorPullJob, ConnectorScheduleReconciler } from '@keyscore/connectors';
import { JobName, JobQueueService, QueueName } from '@keyscore/queue';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { createAccountWithManager } from '../support/fixtures';

/**
 * Pull connectors against a JSON source on 127.0.0.1 (the only address these tests touch): refused without
 * the allowlist, then with it: dry run, paginated import, retries through 503s, a redirect to a private
 * address refused, schedules, runs listed.
 */
const SECRET = 'Bearer t0ken-never-shown';

interface Source {
  server: Server;
  base: string;
  revenue: { id: string; account: string; month: string; amountK: number | string }[];
  busy: number;
  hits: Record<string, number>;
}

async function startSource(): Promise<Source> {
  const source = {
    revenue: [
      { id: 'r1', account: 'ACC1', month: '2026-07', amountK: 1.2 },
      { id: 'r2', account: 'ACC1', month: '2026-08', amountK: 1.5 },
      { id: 'r3', account: 'ACC1', month: '2026-09', amountK: 2 },
    ],
    busy: 0,
    hits: {} as Record<string, number>,
  } as Source;
  source.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    source.hits[url.pathname] = (source.hits[url.pathname] ?? 0) + 1;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/crm/revenue') {
      if (req.headers.authorization !== SECRET) return json(401, { error: 'unauthorized' });
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('size'));
      return json(200, { data: { items: source.revenue.slice((page - 1) * size, page * size) } });
    }
    if (url.pathname === '/flaky') {
      if (source.busy > 0) {
        source.busy -= 1;
        return json(503, { error: 'busy' });
      }
      return json(200, [{ id: 'f1', account: 'ACC1', month: '2026-10', amountK: 3 }]);
    }
    if (url.pathname === '/cursor') {
      const after = url.searchParams.get('after');
      if (!after)
        return json(200, { rows: [{ id: 'c1', account: 'ACC1', month: '2026-11', amountK: 4 }], next: 'c1' });
      if (after === 'c1')
        return json(200, { rows: [{ id: 'c2', account: 'ACC1', month: '2026-12', amountK: 5 }], next: null });
      return json(400, {});
    }
    if (url.pathname === '/moved') return json(302, {}, { location: 'http://10.0.0.1/internal' });
    return json(404, {});
  });
  await new Promise<void>((done) => source.server.listen(0, '127.0.0.1', done));
  source.base = `http://127.0.0.1:${(source.server.address() as AddressInfo).port}`;
  return source;
}

const connector = (key: string, url: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: `Connector ${key}`,
  url,
  method: 'GET',
  itemsPointer: '',
  mapping: {
    accountCode: '/account',
    metricKeyConst: 'revenue',
    period: '/month',
    value: '=amountK*1000',
    sourceRecordId: '/id',
  },
  metricKeys: ['revenue'],
  ...extra,
});

async function createAccount(t: TestApp): Promise<string> {
  return (await createAccountWithManager(t.api)).accountId;
}

describe('pull connectors', () => {
  let source: Source;

  beforeAll(async () => {
    source = await startSource();
  });
  afterAll(() => {
    source.server.closeAllConnections();
    return new Promise((done) => source.server.close(done));
  });

  describe('without CONNECTOR_ALLOWLIST', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it.each([
      ['127.0.0.1', () => `${source.base}/flaky`],
      ['localhost', () => source.base.replace('127.0.0.1', 'localhost')],
      ['[::1]', () => 'http://[::1]:9/x'],
      ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data'],
      ['0.0.0.0', () => 'http://0.0.0.0:9/x'],
    ])('refuses a connector URL to %s (422 at /body/url, in both languages)', async (_host, url) => {
      const { body } = await t.api.post('/api/connectors').send(connector('local', url())).expect(422);
      expect(body.code).toBe('connectors.url_refused');
      expect(body.errors).toEqual([
        { pointer: '/body/url', message: expect.stringContaining('CONNECTOR_ALLOWLIST') },
      ]);
      const zh = await t.api.post('/api/connectors?lang=zh-CN').send(connector('local', url())).expect(422);
      expect(zh.body.errors[0].message).toMatch(
        /^已拒绝：.*(回环|链路本地|未指定)地址。.*CONNECTOR_ALLOWLIST/,
      );
      expect((await t.api.get('/api/connectors').expect(200)).body).toEqual([]);
    });

    it('refuses other schemes and non-admins', async () => {
      const ftp = await t.api
        .post('/api/connectors')
        .send(connector('ftp', 'ftp://example.com/x'))
        .expect(422);
      expect(ftp.body.errors[0].pointer).toBe('/body/url');
      await t.anonymous.get('/api/connectors').expect(401);
    });
  });

  describe('with CONNECTOR_ALLOWLIST=127.0.0.1', () => {
    let t: TestApp;
    let accountId: string;

    const values = async () =>
      (
        (await t.api.get(`/api/accounts/${accountId}/metric-values?periodKind=month`).expect(200)).body as {
          metricKey: string;
          period: string;
          value: number | null;
          source: string;
        }[]
      ).map((v) => [v.period, v.value]);

    const runs = async (key: string) =>
      (await t.api.get(`/api/connectors/${key}/runs`).expect(200)).body as {
        jobId: string;
        status: string;
        attempts: number;
        rows: number | null;
        error: { code: string; message: { en: string; 'zh-CN': string } } | null;
      }[];

    const finished = (key: string, jobId: string) =>
      eventually(async () => {
        const run = (await runs(key)).find((r) => r.jobId === jobId);
        return run && (run.status === 'succeeded' || run.status === 'failed') ? run : undefined;
      });

    beforeAll(async () => {
      t = await startTestApp({
        worker: true,
        jobs: [JobName.ConnectorPull, JobName.MetricsRollup],
        env: { CONNECTOR_ALLOWLIST: '127.0.0.1', CONNECTOR_BACKOFF_MS: '50' },
      });
      accountId = await createAccount(t);
    });
    afterAll(() => t.close());

    it('saves a connector to 127.0.0.1 and never shows or audits its secret', async () => {
      const created = await t.api
        .post('/api/connectors')
        .send(
          connector('crm', `${source.base}/crm/revenue`, {
            authHeader: { name: 'Authorization', secretRef: 'crm-token' },
            pagination: { type: 'page', param: 'page', sizeParam: 'size', size: 2, maxPages: 10 },
            itemsPointer: '/data/items',
          }),
        )
        .expect(201);
      expect(created.body).toMatchObject({ key: 'crm', secretsSet: [], version: 1 });

      const dryWithoutSecret = await t.api.post('/api/connectors/crm/dry-run').expect(422);
      expect(dryWithoutSecret.body.code).toBe('connectors.missing_secret');

      const set = await t.api.post('/api/connectors/crm/secret').send({ value: SECRET }).expect(200);
      expect(set.body).toEqual({ key: 'crm', ref: 'crm-token', secretsSet: ['crm-token'] });
      const shown = JSON.stringify([
        (await t.api.get('/api/connectors').expect(200)).body,
        (await t.api.get('/api/connectors/crm').expect(200)).body,
        (await t.api.get('/api/audit?entityType=connector').expect(200)).body,
      ]);
      expect(shown).not.toContain('t0ken');
      const audit = (await t.api.get('/api/audit?entityType=connector').expect(200)).body as {
        action: string;
      }[];
      expect(audit.map((a) => a.action)).toEqual(['connector.create', 'connector.set_secret']);
    });

    it('refuses a duplicate key, unknown metrics and bad formulas with pointers', async () => {
      await t.api
        .post('/api/connectors')
        .send(connector('crm', `${source.base}/x`))
        .expect(409);
      const bad = await t.api
        .post('/api/connectors')
        .send(
          connector('bad', `${source.base}/x`, {
            metricKeys: ['revenue', 'no-such-metric'],
            mapping: { accountCode: '/a', metricKeyConst: 'revenue', period: '/p', value: '=1+' },
          }),
        )
        .expect(422);
      expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
        '/body/metricKeys/1',
        '/body/mapping/value',
      ]);
    });

    it('dry run previews the first page of mapped rows and writes nothing', async () => {
      const { body } = await t.api.post('/api/connectors/crm/dry-run').expect(200);
      expect(body).toEqual({
        items: 2,
        morePages: true,
        failedItems: 0,
        errors: [],
        rows: [
          {
            accountCode: 'ACC1',
            metricKey: 'revenue',
            period: '2026-07',
            value: 1200,
            state: 'actual',
            source: 'connector',
            sourceRecordId: 'r1',
          },
          {
            accountCode: 'ACC1',
            metricKey: 'revenue',
            period: '2026-08',
            value: 1500,
            state: 'actual',
            source: 'connector',
            sourceRecordId: 'r2',
          },
        ],
      });
      expect(await values()).toEqual([]);
    });

    it('dry run shows per-item errors', async () => {
      source.revenue.push({ id: 'r4', account: 'ACC1', month: 'someday', amountK: 'n/a' });
      await t.api
        .put('/api/connectors/crm')
        .send({
          ...connector('crm', `${source.base}/crm/revenue`),
          key: undefined,
          authHeader: { name: 'Authorization', secretRef: 'crm-token' },
          pagination: { type: 'page', param: 'page', sizeParam: 'size', size: 10, maxPages: 10 },
          itemsPointer: '/data/items',
        })
        .expect(200);
      const { body } = await t.api.post('/api/connectors/crm/dry-run').expect(200);
      expect(body.rows).toHaveLength(3);
      expect(body.failedItems).toBe(1);
      expect(body.errors).toEqual([
        expect.objectContaining({ pointer: '/items/3/period', code: 'connectors.invalid_period' }),
        expect.objectContaining({
          pointer: '/items/3/value',
          code: 'connectors.formula_error',
          message: { en: 'The formula evaluated to #VALUE!.', 'zh-CN': '公式计算结果为 #VALUE!。' },
        }),
      ]);
      // A run with a bad item writes nothing and is not retried.
      const { jobId } = (await t.api.post('/api/connectors/crm/run').expect(202)).body;
      const run = await finished('crm', jobId);
      expect(run).toMatchObject({
        status: 'failed',
        attempts: 1,
        rows: null,
        error: { code: 'connectors.mapping_failed' },
      });
      expect(await values()).toEqual([]);
      source.revenue.pop();
    });

    it('run imports every page, audited as the connector', async () => {
      const { jobId } = (await t.api.post('/api/connectors/crm/run').expect(202)).body;
      const run = await finished('crm', jobId);
      expect(run).toMatchObject({ status: 'succeeded', attempts: 1, rows: 3, error: null });
      expect(await values()).toEqual([
        ['2026-07', 1200],
        ['2026-08', 1500],
        ['2026-09', 2000],
      ]);
      const crm = (await t.api.get('/api/connectors/crm').expect(200)).body;
      const audit = (await t.api.get(`/api/audit?entityType=metric_value&actorId=${crm.id}`).expect(200))
        .body;
      expect(audit).toHaveLength(3);
      expect(audit[0]).toMatchObject({ actorType: 'connector', actorId: crm.id, action: expect.any(String) });
    });

    it('a job delivered twice writes once (idempotent by job id)', async () => {
      const job = t.app.get(ConnectorPullJob);
      await job.run({ connectorKey: 'crm' }, { id: 'redelivered', attemptsMade: 0 });
      source.revenue[0]!.amountK = 9.9;
      await job.run({ connectorKey: 'crm' }, { id: 'redelivered', attemptsMade: 0 });
      expect((await values())[0]).toEqual(['2026-07', 1200]);
      expect((await runs('crm')).filter((r) => r.jobId === 'redelivered')).toEqual([
        expect.objectContaining({ status: 'succeeded', attempts: 1 }),
      ]);
      source.revenue[0]!.amountK = 1.2;
    });

    it('rides out two 503s with backoff and imports', async () => {
      await t.api
        .post('/api/connectors')
        .send(connector('flaky', `${source.base}/flaky`))
        .expect(201);
      source.busy = 2;
      const before = source.hits['/flaky'] ?? 0;
      const { jobId } = (await t.api.post('/api/connectors/flaky/run').expect(202)).body;
      const run = await finished('flaky', jobId);
      expect(run).toMatchObject({ status: 'succeeded', attempts: 3, rows: 1, error: null });
      expect(source.hits['/flaky']! - before).toBe(3);
      expect(await values()).toContainEqual(['2026-10', 3000]);
    });

    it('follows a cursor across pages', async () => {
      await t.api
        .post('/api/connectors')
        .send(
          connector('cursor', `${source.base}/cursor`, {
            itemsPointer: '/rows',
            pagination: { type: 'cursor', cursorPointer: '/next', param: 'after', maxPages: 5 },
          }),
        )
        .expect(201);
      const dry = await t.api.post('/api/connectors/cursor/dry-run').expect(200);
      expect(dry.body).toMatchObject({ items: 1, morePages: true });
      const { jobId } = (await t.api.post('/api/connectors/cursor/run').expect(202)).body;
      expect(await finished('cursor', jobId)).toMatchObject({ status: 'succeeded', rows: 2 });
      expect(await values()).toEqual(
        expect.arrayContaining([
          ['2026-11', 4000],
          ['2026-12', 5000],
        ]),
      );
    });

    it('fails a run answered 401 at once, without retrying', async () => {
      await t.api
        .post('/api/connectors/crm/secret')
        .send({ ref: 'crm-token', value: 'Bearer wrong' })
        .expect(200);
      const before = source.hits['/crm/revenue'] ?? 0;
      const { jobId } = (await t.api.post('/api/connectors/crm/run').expect(202)).body;
      const run = await finished('crm', jobId);
      expect(run).toMatchObject({
        status: 'failed',
        attempts: 1,
        error: { code: 'connectors.http_client_error' },
      });
      expect(run.error?.message.en).toContain('HTTP 401');
      expect(source.hits['/crm/revenue']! - before).toBe(1);
      await t.api.post('/api/connectors/crm/secret').send({ value: SECRET }).expect(200);
      const unknownRef = await t.api
        .post('/api/connectors/crm/secret')
        .send({ ref: 'other', value: 'x' })
        .expect(422);
      expect(unknownRef.body.errors[0].pointer).toBe('/body/ref');
    });

    it('refuses a redirect to a private address, without retrying', async () => {
      await t.api
        .post('/api/connectors')
        .send(connector('moved', `${source.base}/moved`))
        .expect(201);
      const dry = await t.api.post('/api/connectors/moved/dry-run').expect(422);
      expect(dry.body).toMatchObject({ code: 'connectors.url_refused' });
      expect(dry.body.message).toContain('10.0.0.1 (private range)');
      const { jobId } = (await t.api.post('/api/connectors/moved/run').expect(202)).body;
      const run = await finished('moved', jobId);
      expect(run).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'connectors.url_refused' } });
      expect(run.error?.message['zh-CN']).toContain('私有网络');
    });

    it('puts a lost scheduler back from the database at boot', async () => {
      await t.api
        .post('/api/connectors')
        .send(connector('weekly', `${source.base}/flaky`, { schedule: { every: 604_800_000 } }))
        .expect(201);
      // Redis loses the scheduler (a flush, a failover)…
      await t.app.get(JobQueueService).queue(QueueName.Connectors).removeJobScheduler('connector:weekly');
      expect((await t.api.get('/api/connectors/weekly').expect(200)).body.scheduler).toBeNull();
      // …and the reconciler that runs at every boot restores it from the connector's document.
      await t.app.get(ConnectorScheduleReconciler).onApplicationBootstrap();
      expect((await t.api.get('/api/connectors/weekly').expect(200)).body.scheduler).toMatchObject({
        every: 604_800_000,
      });
      await t.api.delete('/api/connectors/weekly').expect(204);
    });

    it('keeps a job scheduler while enabled with a schedule, and removes it when disabled or deleted', async () => {
      const doc = connector('nightly', `${source.base}/flaky`, {
        schedule: { pattern: '0 2 * * *', tz: 'Asia/Shanghai' },
      });
      await t.api.post('/api/connectors').send(doc).expect(201);
      expect((await t.api.get('/api/connectors/nightly').expect(200)).body.scheduler).toMatchObject({
        key: 'connector:nightly',
        pattern: '0 2 * * *',
      });
      const { key: _key, ...replacement } = doc;
      await t.api
        .put('/api/connectors/nightly')
        .send({ ...replacement, schedule: { every: 3_600_000 } })
        .expect(200);
      expect((await t.api.get('/api/connectors/nightly').expect(200)).body.scheduler).toMatchObject({
        every: 3_600_000,
      });
      await t.api
        .put('/api/connectors/nightly')
        .send({ ...replacement, enabled: false })
        .expect(200);
      expect((await t.api.get('/api/connectors/nightly').expect(200)).body.scheduler).toBeNull();
      await t.api.put('/api/connectors/nightly').send(replacement).expect(200);
      await t.api.delete('/api/connectors/nightly').expect(204);
      await t.api.get('/api/connectors/nightly').expect(404);
      const audit = (await t.api.get('/api/audit?entityType=connector').expect(200)).body as {
        action: string;
      }[];
      expect(audit.map((a) => a.action)).toContain('connector.delete');
    });

    it('lists runs newest first', async () => {
      const listed = await runs('crm');
      expect(listed.map((r) => r.status)).toEqual(['failed', 'succeeded', 'succeeded', 'failed']);
    });
  });
});
