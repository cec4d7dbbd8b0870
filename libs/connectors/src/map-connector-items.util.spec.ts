import { ConnectorsErrorCode } from './connector-messages';
import { resolvePointer } from './json-pointer.util';
import { mapConnectorItems, type ConnectorMapping } from './map-connector-items.util';

const mapping: ConnectorMapping = {
  accountCode: '/account/code',
  metricKeyConst: 'revenue',
  period: '/month',
  value: '=amount*1000',
  sourceRecordId: '/id',
};

describe('resolvePointer', () => {
  const doc = { a: { 'b/c': [10, { '~x': 'y' }] }, n: null };
  it.each([
    ['', doc],
    ['/a/b~1c/0', 10],
    ['/a/b~1c/1/~0x', 'y'],
    ['/n', null],
    ['/a/b~1c/2', undefined],
    ['/a/b~1c/01', undefined],
    ['/missing/deeper', undefined],
    ['/__proto__', undefined],
    ['/a/constructor', undefined],
    ['a', undefined],
  ])('%s gives %j', (pointer, expected) => {
    expect(resolvePointer(doc, pointer)).toEqual(expected);
  });
});

describe('mapConnectorItems', () => {
  it('maps by pointer and formula into connector rows', () => {
    const items = [
      { id: 'r1', account: { code: 'ACC1' }, month: '2026-07', amount: 1.5 },
      { id: 'r2', account: { code: 'ACC2' }, month: '2026-08-31T00:00:00Z', amount: '2' },
    ];
    expect(mapConnectorItems(items, mapping, new Set(['revenue']))).toEqual({
      rows: [
        {
          accountCode: 'ACC1',
          metricKey: 'revenue',
          period: '2026-07',
          value: 1500,
          state: 'actual',
          source: 'connector',
          sourceRecordId: 'r1',
        },
        {
          accountCode: 'ACC2',
          metricKey: 'revenue',
          period: '2026-08',
          value: 2000,
          state: 'actual',
          source: 'connector',
          sourceRecordId: 'r2',
        },
      ],
      errors: [],
      failedItems: 0,
    });
  });

  it('reads metric key, state and numbers from the item, and keeps null values', () => {
    const result = mapConnectorItems(
      [{ code: 42, metric: 'orders', year: 2026, v: null, s: 'pending' }],
      { accountCode: '/code', metricKey: '/metric', period: '/year', value: '/v', state: '/s' },
      null,
    );
    expect(result.rows).toEqual([
      {
        accountCode: '42',
        metricKey: 'orders',
        period: '2026',
        value: null,
        state: 'pending',
        source: 'connector',
      },
    ]);
  });

  it('reports every bad field of every item with a pointer, and keeps the good items', () => {
    const items = [
      { id: 'ok', account: { code: 'ACC1' }, month: '2026-07', amount: 1 },
      { id: 'bad', account: {}, month: 'July', amount: 'lots' },
      'not an object',
    ];
    const result = mapConnectorItems(items, mapping, new Set(['revenue']));
    expect(result.rows.map((r) => r.sourceRecordId)).toEqual(['ok']);
    expect(result.failedItems).toBe(2);
    expect(result.errors).toEqual([
      {
        pointer: '/items/1/accountCode',
        code: ConnectorsErrorCode.PointerMissing,
        params: { value: '/account/code' },
      },
      { pointer: '/items/1/period', code: ConnectorsErrorCode.InvalidPeriod, params: { value: '"July"' } },
      { pointer: '/items/1/value', code: ConnectorsErrorCode.FormulaError, params: { value: '#VALUE!' } },
      {
        pointer: '/items/2/accountCode',
        code: ConnectorsErrorCode.PointerMissing,
        params: { value: '/account/code' },
      },
      { pointer: '/items/2/period', code: ConnectorsErrorCode.PointerMissing, params: { value: '/month' } },
      {
        pointer: '/items/2/value',
        code: ConnectorsErrorCode.FormulaError,
        params: expect.objectContaining({}),
      },
      {
        pointer: '/items/2/sourceRecordId',
        code: ConnectorsErrorCode.PointerMissing,
        params: { value: '/id' },
      },
    ]);
  });

  it('refuses metrics outside the scope and unknown states', () => {
    const result = mapConnectorItems(
      [{ c: 'A', m: 'profit', p: '2026-Q3', v: '1e3', s: 'guessed' }],
      { accountCode: '/c', metricKey: '/m', period: '/p', value: '/v', state: '/s' },
      new Set(['revenue']),
    );
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/items/0/metricKey', ConnectorsErrorCode.MetricOutOfScope],
      ['/items/0/state', ConnectorsErrorCode.InvalidState],
    ]);
  });

  it('gives formulas only the top-level scalar fields, never prototypes or code', () => {
    const result = mapConnectorItems(
      [{ a: 'X', p: '2026', nested: { amount: 5 } }],
      { accountCode: '/a', metricKeyConst: 'revenue', period: '/p', value: '=nested' },
      null,
    );
    expect(result.errors[0]).toMatchObject({
      pointer: '/items/0/value',
      code: ConnectorsErrorCode.FormulaError,
    });
    const proto = mapConnectorItems(
      [{ a: 'X', p: '2026' }],
      { accountCode: '/a', metricKeyConst: 'revenue', period: '/p', value: '=constructor' },
      null,
    );
    expect(proto.rows).toEqual([]);
    expect(proto.errors[0]?.code).toBe(ConnectorsErrorCode.FormulaError);
  });
});
