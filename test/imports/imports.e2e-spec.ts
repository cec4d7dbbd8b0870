import { Workbook } from 'exceljs';
import type { Response } from 'supertest';
import { apiAs, signInAs, startTestApp, type Api, type TestApp } from '../support/test-app';

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** supertest leaves binary bodies unread unless told: collect the bytes. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A CSV export as rows of cells (the exports quote only what needs quoting, and nothing here does). */
function csvRows(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(1, -2)
    .split('\r\n')
    .map((line) => line.split(','));
}

async function xlsxRows(bytes: Buffer): Promise<unknown[][]> {
  const workbook = new Workbook();
  await workbook.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/**
 * CSV/XLSX imports of metric values (preview, all-or-nothing write, errors by line and cell) and the
 * score and metric value exports (scoping, sealed masking, formula escaping).
 */
describe('imports and exports', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let am1: Api;
  let viewer: Api;

  const values = async (account: string) =>
    (await t.api.get(`/api/accounts/${ids[account]}/metric-values`).expect(200)).body as {
      metricKey: string;
      period: string;
      value: number | null;
      state: string;
      source: string;
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    const departmentId = (
      await t.api.post('/api/departments').send({ code: 'S', nameZh: '销售', nameEn: 'Sales' }).expect(201)
    ).body.id;
    const person = async (employeeNo: string) =>
      (
        await t.api
          .post('/api/people')
          .send({
            employeeNo,
            name: employeeNo,
            email: `${employeeNo}@example.com`,
            function: 'sales',
            title: 'x',
            departmentId,
          })
          .expect(201)
      ).body.id as string;
    ids.am1 = await person('AM1');
    ids.am2 = await person('AM2');
    const account = async (code: string, name: string, managerId: string) =>
      (
        await t.api
          .post('/api/accounts')
          .send({
            code,
            name,
            nameEn: name,
            accountType: 'local_enterprise',
            industry: 'energy',
            region: 'east',
            managerId,
            since: '2020-01-01',
          })
          .expect(201)
      ).body.id as string;
    ids.acc1 = await account('ACC1', '=HYPERLINK("http://evil.example","点我")', ids.am1);
    ids.acc2 = await account('ACC2', '华东电网', ids.am2);
    am1 = apiAs(
      t.app,
      await signInAs(t.app, { email: 'am1@example.com', role: 'account_manager', personId: ids.am1 }),
    );
    viewer = apiAs(t.app, await signInAs(t.app, { email: 'viewer@example.com', role: 'viewer' }));
  });
  afterAll(() => t.close());

  describe('import', () => {
    const badCsv = [
      '客户编码,数据项,期间,数值,状态',
      'ACC1,revenue,2026-Q1,"1,234.5",实际',
      'ACC9,revenue,2026-Q1,5,actual',
      'ACC2,revenue,2026-Q1,abc,actual',
      'ACC2,profit,2026-Q1,12%,actual',
    ].join('\r\n');

    it('previews a CSV: each row with its values and its errors by cell, in the caller language; writes nothing', async () => {
      const res = await t.api
        .post('/api/imports/metric-values/preview?lang=zh-CN')
        .set('Content-Type', CSV)
        .send(badCsv)
        .expect(200);
      expect(res.body).toMatchObject({ ok: false, total: 4, valid: 2 });
      expect(res.body.rows[0]).toEqual({
        line: 2,
        values: {
          accountCode: 'ACC1',
          metricKey: 'revenue',
          period: '2026-Q1',
          value: 1234.5,
          state: 'actual',
          source: 'import',
          sourceRecordId: null,
        },
        errors: [],
      });
      expect(res.body.rows[1].errors).toEqual([
        { pointer: '/rows/1/accountCode', cell: 'A3', message: '第 3 行 A3 单元格：客户编码“ACC9”不存在。' },
      ]);
      expect(res.body.rows[2].errors).toEqual([
        expect.objectContaining({ pointer: '/rows/2/value', cell: 'D4' }),
      ]);
      expect(res.body.rows[3].values.value).toBe(0.12);
      const english = await t.api
        .post('/api/imports/metric-values/preview')
        .set('Accept-Language', 'en')
        .set('Content-Type', CSV)
        .send(badCsv)
        .expect(200);
      expect(english.body.rows[1].errors[0].message).toBe('Line 3, cell A3: no account with code "ACC9".');
      expect(await values('acc1')).toEqual([]);
    });

    it('refuses a file with a bad row: 422 with line and cell, nothing written', async () => {
      const res = await t.api
        .post('/api/imports/metric-values?lang=en')
        .set('Content-Type', CSV)
        .send(badCsv)
        .expect(422);
      expect(res.body).toMatchObject({
        statusCode: 422,
        code: 'imports.rejected',
        message: 'Nothing was imported: 2 row(s) have errors.',
      });
      expect(res.body.errors).toEqual([
        {
          pointer: '/rows/1/accountCode',
          line: 3,
          cell: 'A3',
          message: 'Line 3, cell A3: no account with code "ACC9".',
        },
        expect.objectContaining({ pointer: '/rows/2/value', line: 4, cell: 'D4' }),
      ]);
      expect(await values('acc1')).toEqual([]);
      expect(await values('acc2')).toEqual([]);
    });

    it('imports a CSV, all rows, with a result per line; a retry with the same Idempotency-Key is replayed', async () => {
      const good = [
        'accountCode,metricKey,period,value,state,source,sourceRecordId',
        'ACC1,revenue,2026-Q2,"1,234.5",actual,import,F-1',
        'ACC1,profit,2026-Q2,,pending,import,',
        'ACC1,profit,2026-Q3,42,sealed,manual,',
      ].join('\r\n');
      const send = () =>
        t.api
          .post('/api/imports/metric-values')
          .set('Idempotency-Key', 'csv-1')
          .set('Content-Type', CSV)
          .send(good);
      const res = await send().expect(201);
      expect(res.body).toEqual({
        written: 3,
        changed: 3,
        rows: [
          { line: 2, status: 'created' },
          { line: 3, status: 'created' },
          { line: 4, status: 'created' },
        ],
      });
      const again = await send().expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await values('acc1')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            metricKey: 'revenue',
            period: '2026-Q2',
            value: 1234.5,
            source: 'import',
          }),
          expect.objectContaining({ metricKey: 'profit', period: '2026-Q2', value: null, state: 'pending' }),
          expect.objectContaining({ metricKey: 'profit', period: '2026-Q3', value: 42, state: 'sealed' }),
        ]),
      );
    });

    it('imports an XLSX workbook built by exceljs', async () => {
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('数据');
      sheet.addRow(['客户编码', '数据项', '期间', '数值', '状态']);
      sheet.addRow(['ACC2', 'revenue', '2026-Q3', 9876.5, 'actual']);
      sheet.addRow(['ACC2', 'profit', '2026-Q3', '15%', 'estimated']);
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      const preview = await t.api
        .post('/api/imports/metric-values/preview')
        .set('Content-Type', XLSX)
        .send(bytes)
        .expect(200);
      expect(preview.body).toMatchObject({ ok: true, total: 2, valid: 2 });
      await t.api.post('/api/imports/metric-values').set('Content-Type', XLSX).send(bytes).expect(201);
      expect(await values('acc2')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ metricKey: 'revenue', period: '2026-Q3', value: 9876.5 }),
          expect.objectContaining({
            metricKey: 'profit',
            period: '2026-Q3',
            value: 0.15,
            state: 'estimated',
          }),
        ]),
      );
    });

    it('answers an XLSX with a bad cell with its line and cell', async () => {
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('x');
      sheet.addRow(['accountCode', 'metricKey', 'period', 'value']);
      sheet.addRow([]);
      sheet.addRow(['ACC2', 'revenue', '2026-Q9', 1]);
      const res = await t.api
        .post('/api/imports/metric-values')
        .set('Content-Type', XLSX)
        .send(Buffer.from(await workbook.xlsx.writeBuffer()))
        .expect(422);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ pointer: '/rows/0/period', line: 3, cell: 'C3' }),
      ]);
    });

    it.each([
      ['application/json', '{"rows":[]}'],
      ['application/pdf', '%PDF-1.4'],
      ['text/plain', 'a,b'],
    ])('answers 415 to an upload sent as %s', async (type, body) => {
      const res = await t.api
        .post('/api/imports/metric-values')
        .set('Content-Type', type)
        .send(body)
        .expect(415);
      expect(res.body.code).toBe('imports.unsupported_type');
    });

    it('answers 413 beyond 10 MiB and 422 to an empty, header-only, unreadable or columnless file', async () => {
      const big = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
      const tooLarge = await t.api
        .post('/api/imports/metric-values')
        .set('Content-Type', CSV)
        .send(big)
        .expect(413);
      expect(tooLarge.body.code).toBe('payload_too_large');
      const post = (type: string, body: string | Buffer) =>
        t.api.post('/api/imports/metric-values/preview').set('Content-Type', type).send(body);
      await post(CSV, 'accountCode,metricKey,period,value\r\n').expect(422);
      expect((await post(XLSX, Buffer.from('not a zip')).expect(422)).body.code).toBe(
        'imports.unreadable_file',
      );
      expect((await post(CSV, 'a,b\r\n1,2\r\n').expect(422)).body.code).toBe('imports.missing_columns');
      expect((await post(CSV, 'a,"b\r\n').expect(422)).body.code).toBe('imports.unreadable_file');
    });

    it('lets only callers who may write metric values import', async () => {
      await viewer
        .post('/api/imports/metric-values/preview')
        .set('Content-Type', CSV)
        .send('accountCode,metricKey,period,value\r\nACC1,revenue,2026,1\r\n')
        .expect(403);
      await t.anonymous
        .post('/api/imports/metric-values')
        .set('Content-Type', CSV)
        .send('accountCode,metricKey,period,value\r\nACC1,revenue,2026,1\r\n')
        .expect(401);
    });
  });

  describe('export', () => {
    it('exports scores as CSV: UTF-8 BOM, CRLF, bilingual headers, formula escaped, one column per KPI', async () => {
      const res = await t.api.get('/api/exports/scores.csv?period=2026-Q3&lang=zh-CN').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="scores-2026-Q3.csv"');
      const text = res.text;
      expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""点我"")"');
      const lines = text.slice(1).split('\r\n');
      expect(lines[0]!.split(',').slice(0, 7)).toEqual([
        '客户编码',
        '客户名称',
        '客户类型',
        '得分',
        '评级',
        '数据覆盖率',
        '置信度',
      ]);
      expect(lines[0]!.split(',').length).toBeGreaterThan(7);
      expect(lines[2]!.startsWith('ACC2,华东电网,本地大型企业,')).toBe(true);
      expect(lines).toHaveLength(4);
      const english = csvRows(
        (await t.api.get('/api/exports/scores.csv?period=2026-Q3&lang=en').expect(200)).text,
      );
      expect(english[0]!.slice(0, 3)).toEqual(['Account code', 'Account name', 'Account type']);
    });

    it('exports scores as XLSX that parses back, text escaped and numbers numeric', async () => {
      const res = await t.api
        .get('/api/exports/scores.xlsx?period=2026-Q3&lang=en')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(XLSX);
      const rows = await xlsxRows(res.body as Buffer);
      expect(rows[0]!.slice(0, 7)).toEqual([
        'Account code',
        'Account name',
        'Account type',
        'Score',
        'Rating',
        'Coverage',
        'Confidence',
      ]);
      expect(rows.map((r) => r[0])).toEqual(['Account code', 'ACC1', 'ACC2']);
      expect(rows[1]![1]).toBe('\'=HYPERLINK("http://evil.example","点我")');
      expect(rows[2]![2]).toBe('Local large enterprise');
      const score = rows[2]![3];
      expect(score === undefined || typeof score === 'number').toBe(true);
    });

    it('gives an account manager only their accounts', async () => {
      const rows = csvRows(
        (await am1.get('/api/exports/scores.csv?period=2026-Q3&lang=en').expect(200)).text,
      );
      expect(rows.map((r) => r[0])).toEqual(['Account code', 'ACC1']);
      const values = csvRows(
        (await am1.get('/api/exports/metric-values.csv?period=2026-Q3').expect(200)).text,
      );
      expect(new Set(values.slice(1).map((r) => r[0]))).toEqual(new Set(['ACC1']));
    });

    it('exports metric values in the import layout, sealed values masked for a viewer', async () => {
      const byAdmin = csvRows(
        (await t.api.get('/api/exports/metric-values.csv?period=2026-Q3').expect(200)).text,
      );
      expect(byAdmin[0]).toEqual([
        'accountCode',
        'metricKey',
        'period',
        'value',
        'state',
        'source',
        'sourceRecordId',
        'Account name',
        'Recorded at (UTC)',
      ]);
      const sealed = (rows: string[][]) => rows.find((r) => r[0] === 'ACC1' && r[1] === 'profit');
      expect(sealed(byAdmin)!.slice(2, 6)).toEqual(['2026-Q3', '42', 'sealed', 'manual']);
      const byViewer = csvRows(
        (await viewer.get('/api/exports/metric-values.csv?period=2026-Q3').expect(200)).text,
      );
      expect(sealed(byViewer)!.slice(2, 6)).toEqual(['2026-Q3', '', 'sealed', 'manual']);
      expect(byViewer.map((r) => r[0])).toEqual(expect.arrayContaining(['ACC1', 'ACC2']));
      const zh = csvRows(
        (await viewer.get('/api/exports/metric-values.csv?period=2026-Q3&lang=zh-CN').expect(200)).text,
      );
      expect(zh[0]!.slice(0, 4)).toEqual(['客户编码', '数据项', '期间', '数值']);
    });

    it('re-imports its own metric value export unchanged', async () => {
      const exported = (await t.api.get('/api/exports/metric-values.csv?period=2026-Q2').expect(200)).text;
      const res = await t.api
        .post('/api/imports/metric-values')
        .set('Content-Type', CSV)
        .send(Buffer.from(exported.slice(1), 'utf8'))
        .expect(201);
      expect(res.body.rows.map((r: { status: string }) => r.status)).toEqual(['unchanged', 'unchanged']);
    });

    it('checks permissions and the period', async () => {
      await t.anonymous.get('/api/exports/scores.csv?period=2026-Q3').expect(401);
      const bad = await t.api.get('/api/exports/scores.csv?period=2026-13').expect(422);
      expect(bad.body.errors[0].pointer).toBe('/query/period');
      await t.api.get('/api/exports/scores.xlsx').expect(422);
    });
  });
});
