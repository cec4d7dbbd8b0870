import { ImportFileException } from './imports.exception';
import { mapBatchErrors } from './map-batch-errors.util';
import { checkImportReferences, parseImportRows, toMetricValueRows } from './parse-import-rows.util';
import { readCsv, readXlsx } from './read-upload.util';
import { writeXlsx } from './write-xlsx.util';

const csv = (text: string) => readCsv(Buffer.from(text, 'utf8'));
const refs = {
  accountCodes: new Set(['ACC1', 'ACC2']),
  metricKeys: new Set(['revenue', 'profit']),
  writableMetricKeys: null,
};

describe('parseImportRows', () => {
  it('reads English headers in any order, with defaults for state and source', async () => {
    const rows = parseImportRows(
      await csv('value,period,metricKey,accountCode\n"1,234.5",2026-Q3,revenue,ACC1\n'),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      line: 2,
      issues: [],
      values: {
        accountCode: 'ACC1',
        metricKey: 'revenue',
        period: '2026-Q3',
        value: 1234.5,
        state: 'actual',
        source: 'import',
        sourceRecordId: null,
      },
      cells: { value: 'A2', period: 'B2', metricKey: 'C2', accountCode: 'D2' },
    });
  });

  it('reads Chinese headers and state labels, a BOM and GB18030 text', async () => {
    const text =
      '\uFEFF客户编码,数据项,期间,数值,状态,来源,来源记录\nACC1,profit,2026-07,12%,保密,手工,R-1\n';
    const rows = parseImportRows(await csv(text));
    expect(rows[0]!.values).toEqual({
      accountCode: 'ACC1',
      metricKey: 'profit',
      period: '2026-07',
      value: 0.12,
      state: 'sealed',
      source: 'manual',
      sourceRecordId: 'R-1',
    });
    const gb = Buffer.from([
      // "客户编码,数据项,期间,数值\nACC1,revenue,2026,1\n" in GB18030
      ...new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7, 0xb1, 0xe0, 0xc2, 0xeb]),
      ...Buffer.from(',', 'ascii'),
      ...new Uint8Array([0xca, 0xfd, 0xbe, 0xdd, 0xcf, 0xee]),
      ...Buffer.from(',', 'ascii'),
      ...new Uint8Array([0xc6, 0xda, 0xbc, 0xe4]),
      ...Buffer.from(',', 'ascii'),
      ...new Uint8Array([0xca, 0xfd, 0xd6, 0xb5]),
      ...Buffer.from('\nACC1,revenue,2026,1\n', 'ascii'),
    ]);
    expect(parseImportRows(await readCsv(gb))[0]!.values).toMatchObject({ accountCode: 'ACC1', value: 1 });
  });

  it('maps each problem to its pointer, line and cell; blank lines keep the numbering', async () => {
    const rows = parseImportRows(
      await csv(
        [
          'accountCode,metricKey,period,value,state',
          'ACC1,revenue,2026-Q3,1,actual',
          '',
          ',revenue,2026-Q5,abc,guess',
          'ACC1,revenue,2026-Q3,,actual',
        ].join('\n'),
      ),
    );
    expect(rows.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(rows[1]!.issues.map((i) => [i.pointer, i.cell])).toEqual([
      ['/rows/1/accountCode', 'A4'],
      ['/rows/1/period', 'C4'],
      ['/rows/1/value', 'D4'],
      ['/rows/1/state', 'E4'],
    ]);
    expect(rows[1]!.issues[2]!.message).toEqual({
      en: 'Line 4, cell D4: "abc" is not a number (write e.g. 1234.5, 1,234.5 or 12%).',
      'zh-CN': '第 4 行 D4 单元格：“abc”不是数字（例如 1234.5、1,234.5 或 12%）。',
    });
  });

  it('checks references: unknown account and metric, missing value, duplicates, key scope', async () => {
    const rows = parseImportRows(
      await csv(
        [
          'accountCode,metricKey,period,value',
          'ACC9,revenue,2026-Q3,1',
          'ACC1,orders,2026-Q3,1',
          'ACC1,revenue,2026-Q3,',
          'ACC2,revenue,2026-Q3,1',
          'ACC2,revenue,2026-Q3,2',
          'ACC2,profit,2026-Q3,2',
        ].join('\n'),
      ),
    );
    checkImportReferences(rows, { ...refs, writableMetricKeys: new Set(['revenue']) });
    expect(rows.map((r) => r.issues.map((i) => [i.pointer, i.cell ?? null]))).toEqual([
      [['/rows/0/accountCode', 'A2']],
      [['/rows/1/metricKey', 'B3']],
      [['/rows/2/value', 'D4']],
      [],
      [['/rows/4', null]],
      [['/rows/5/metricKey', 'B7']],
    ]);
    expect(rows[4]!.issues[0]!.message.en).toBe(
      'Line 6: the same account, metric, period and source already appear on line 5.',
    );
  });

  it('refuses a file without the required columns or without rows', async () => {
    expect(() => parseImportRows([])).toThrow(ImportFileException);
    expect.assertions(3);
    try {
      parseImportRows([{ line: 1, cells: ['accountCode', 'period'] }]);
    } catch (error) {
      expect((error as ImportFileException).text.en).toContain('metricKey / 数据项, value / 数值');
      expect((error as ImportFileException).status).toBe(422);
    }
  });

  it('turns clean rows into batch rows', async () => {
    const rows = parseImportRows(
      await csv('accountCode,metricKey,period,value,sourceRecordId\nACC1,revenue,2026,5,X\n'),
    );
    expect(toMetricValueRows(rows)).toEqual([
      {
        accountCode: 'ACC1',
        metricKey: 'revenue',
        period: '2026',
        value: 5,
        state: 'actual',
        source: 'import',
        sourceRecordId: 'X',
      },
    ]);
  });

  it('reads XLSX cells: numbers, text, empty columns, row numbers as lines', async () => {
    const bytes = await writeXlsx('s', [
      ['accountCode', 'metricKey', 'period', 'value'],
      ['ACC1', 'revenue', '2026-Q3', 1500],
      [null, null, null, null],
      ['ACC2', 'profit', 2026, '8%'],
    ]);
    const rows = parseImportRows(await readXlsx(bytes));
    expect(rows.map((r) => [r.line, r.values.value, r.values.period])).toEqual([
      [2, 1500, '2026-Q3'],
      [4, 0.08, '2026'],
    ]);
  });
});

describe('mapBatchErrors', () => {
  it('points batch errors back at lines and cells', async () => {
    const rows = parseImportRows(
      await csv('accountCode,metricKey,period,value\n\nACC1,revenue,2026,1\nACC2,revenue,2026,1\n'),
    );
    const message = { en: 'No account.', 'zh-CN': '客户不存在。' };
    expect(
      mapBatchErrors(
        [
          { pointer: '/body/rows/1/accountCode', message },
          { pointer: '/body/rows/0', message },
          { pointer: '/body', message },
        ],
        rows,
      ),
    ).toEqual([
      {
        pointer: '/rows/1/accountCode',
        line: 4,
        cell: 'A4',
        message: { en: 'Line 4, cell A4: No account.', 'zh-CN': '第 4 行 A4 单元格：客户不存在。' },
      },
      {
        pointer: '/rows/0',
        line: 3,
        message: { en: 'Line 3: No account.', 'zh-CN': '第 3 行：客户不存在。' },
      },
      { pointer: '/body', line: 0, message },
    ]);
  });
});
