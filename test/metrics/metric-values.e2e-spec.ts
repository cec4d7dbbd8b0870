import { JobName } from '@keyscore/queue';
import { eventually, startTestApp, type Api, type TestApp } from '../support/test-app';
import { createAccountWithManager } from '../support/fixtures';

interface Value {
  metricKey: string;
  period: string;
  value: number | null;
  state: string;
  source: string;
}

describe('metric values and their roll-up by the worker', () => {
  let t: TestApp;
  let http: Api;
  let accountId: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, jobs: [JobName.MetricsRollup] });
    http = t.api;
    ({ accountId } = await createAccountWithManager(http, { accountType: 'local_enterprise' }));
  });
  afterAll(() => t.close());

  const row = (over: Partial<Value> & { accountCode?: string }) => ({
    accountCode: 'ACC1',
    metricKey: 'revenue',
    period: '2026-07',
    value: 100,
    state: 'actual',
    source: 'import',
    ...over,
  });
  const values = async (periodKind: string): Promise<Value[]> =>
    (await http.get(`/api/accounts/${accountId}/metric-values?periodKind=${periodKind}`).expect(200)).body;
  const find = (list: Value[], metricKey: string, period: string) =>
    list.find((v) => v.metricKey === metricKey && v.period === period);

  it('lists the built-in metrics in both languages', async () => {
    const { body } = await http.get('/api/metrics').expect(200);
    const keys = body.map((m: { key: string }) => m.key);
    // Every metric the built-in KPI library reads, revenue, profit and orders among them, and the
    // satisfaction survey's dimensions.
    expect(keys).toEqual(
      expect.arrayContaining(['orders', 'profit', 'revenue', 'satisfaction_score', 'compliance_breaches']),
    );
    expect(keys).toEqual(
      expect.arrayContaining(['satisfaction_service', 'satisfaction_product', 'satisfaction_response']),
    );
    expect(keys).toHaveLength(24);
    expect(body.find((m: { key: string }) => m.key === 'revenue')).toMatchObject({
      nameZh: '销售收入',
      nameEn: 'Revenue',
      rollup: 'sum',
    });
  });

  it('rejects a batch with any bad row as a whole, listing each bad row', async () => {
    const { body } = await http
      .post('/api/metric-values')
      .send({
        rows: [
          row({}),
          row({ accountCode: 'NOPE' }),
          row({ metricKey: 'nps' }),
          row({ value: null, state: 'actual', period: '2026-08' }),
          row({}),
        ],
      })
      .expect(422);
    expect(body.code).toBe('metrics.batch_rejected');
    expect(body.message).toBe('No value was written: 4 row(s) have errors.');
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/rows/1/accountCode',
      '/body/rows/2/metricKey',
      '/body/rows/3/value',
      '/body/rows/4',
    ]);
    expect(await values('month')).toEqual([]);
  });

  it('rejects schema violations with pointers into the rows', async () => {
    const { body } = await http
      .post('/api/metric-values')
      .send({ rows: [row({ period: '2026-13' }), row({ state: 'guess' })] })
      .expect(422);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/body/rows/0/period',
      '/body/rows/1/state',
    ]);
  });

  it('writes months and the worker rolls them up into the quarter and the year', async () => {
    await http
      .post('/api/metric-values')
      .send({
        rows: [
          row({ period: '2026-07', value: 100 }),
          row({ period: '2026-08', value: 200 }),
          row({ period: '2026-09', value: 300 }),
          row({ metricKey: 'orders', period: '2026-07', value: 4 }),
        ],
      })
      .expect(201);
    const quarter = await eventually(async () => {
      const list = await values('quarter');
      const revenue = find(list, 'revenue', '2026-Q3');
      return revenue && find(list, 'orders', '2026-Q3') ? list : undefined;
    });
    expect(find(quarter, 'revenue', '2026-Q3')).toMatchObject({
      value: 600,
      state: 'actual',
      source: 'rollup',
    });
    // Only one of three months known: a partial sum is not a result.
    expect(find(quarter, 'orders', '2026-Q3')).toMatchObject({ value: 4, state: 'pending' });
    const year = await values('year');
    expect(find(year, 'revenue', '2026')).toMatchObject({ value: 600, state: 'pending' });
  });

  it('lets a manual correction override an import, and re-rolls', async () => {
    await http
      .post('/api/metric-values')
      .send({ rows: [row({ period: '2026-08', value: 250, source: 'manual' })] })
      .expect(201);
    await eventually(async () => find(await values('quarter'), 'revenue', '2026-Q3')?.value === 650);
    const [correction] = (await http.get('/api/audit?entityId=ACC1/revenue/2026-08/manual').expect(200)).body;
    expect(correction).toMatchObject({
      action: 'metric_value.create',
      after: { value: 250, state: 'actual' },
      actorType: 'user',
    });
    const months = await values('month');
    // Both sources are kept; the import is not overwritten.
    expect(
      months
        .filter((v) => v.metricKey === 'revenue' && v.period === '2026-08')
        .map((v) => [v.source, v.value]),
    ).toEqual([
      ['import', 200],
      ['manual', 250],
    ]);
  });

  it('is idempotent: re-sending the same batch changes nothing', async () => {
    const before = await values('month');
    const auditBefore = (await http.get('/api/audit?entityType=metric_value&limit=1000').expect(200)).body
      .length;
    const resend = await http
      .post('/api/metric-values')
      .send({ rows: [row({ period: '2026-07', value: 100 })] })
      .expect(201);
    expect(resend.body).toEqual({ written: 1, changed: 0, rows: [{ index: 0, status: 'unchanged' }] });
    // Nothing changed, so nothing new in the audit log.
    expect((await http.get('/api/audit?entityType=metric_value&limit=1000').expect(200)).body).toHaveLength(
      auditBefore,
    );
    const after = await values('month');
    expect(after.map((v) => [v.metricKey, v.period, v.source, v.value])).toEqual(
      before.map((v) => [v.metricKey, v.period, v.source, v.value]),
    );
    expect(after.map((v) => (v as unknown as { id: string }).id)).toEqual(
      before.map((v) => (v as unknown as { id: string }).id),
    );
  });

  it('reports a result per row', async () => {
    const { body } = await http
      .post('/api/metric-values')
      .send({
        rows: [
          row({ period: '2026-07', value: 100 }),
          row({ period: '2026-07', value: 7, source: 'survey' }),
          row({ period: '2026-09', value: 301 }),
        ],
      })
      .expect(201);
    expect(body).toEqual({
      written: 3,
      changed: 2,
      rows: [
        { index: 0, status: 'unchanged' },
        { index: 1, status: 'created' },
        { index: 2, status: 'updated' },
      ],
    });
  });

  it('makes retries safe with an Idempotency-Key: the same answer, no second write', async () => {
    const batch = { rows: [row({ period: '2026-10', value: 11 }), row({ period: '2026-11', value: 12 })] };
    const audit = async () =>
      (await http.get('/api/audit?entityType=metric_value&limit=1000').expect(200)).body.length;
    const first = await http
      .post('/api/metric-values')
      .set('Idempotency-Key', 'crm-sync-42')
      .send(batch)
      .expect(201);
    const auditAfterFirst = await audit();
    const again = await http
      .post('/api/metric-values')
      .set('Idempotency-Key', 'crm-sync-42')
      .send(batch)
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await audit()).toBe(auditAfterFirst);

    const reused = await http
      .post('/api/metric-values')
      .set('Idempotency-Key', 'crm-sync-42')
      .send({ rows: [row({ period: '2026-10', value: 99 })] })
      .expect(409);
    expect(reused.body).toMatchObject({
      code: 'idempotency.key_reused',
      errors: [{ pointer: '/headers/idempotency-key' }],
    });
    const invalid = await http
      .post('/api/metric-values')
      .set('Idempotency-Key', 'has space')
      .send(batch)
      .expect(422);
    expect(invalid.body.errors[0].pointer).toBe('/headers/idempotency-key');
  });

  it('writes once when the same Idempotency-Key arrives concurrently', async () => {
    const batch = { rows: [row({ period: '2026-12', value: 5 })] };
    const audit = async () =>
      (await http.get('/api/audit?entityId=ACC1/revenue/2026-12/import').expect(200)).body as unknown[];
    const answers = await Promise.all(
      [1, 2, 3].map(() => http.post('/api/metric-values').set('Idempotency-Key', 'parallel-1').send(batch)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await audit()).toHaveLength(1);
  });

  it('answers 404 for the values of an unknown account', async () => {
    await http.get('/api/accounts/nope/metric-values').expect(404);
  });
});
