import { check, defaultRegistry } from '@keyscore/formula';
import { DATASET_KEYS } from './dashboard.schema';
import { fieldTypes } from './datasets';
import { formulaCatalog, signatureOf } from './formula-catalog.util';

describe('formulaCatalog', () => {
  it('lists every registry function once, with a signature and both languages', () => {
    const { functions } = formulaCatalog();
    expect(functions.length).toBe(defaultRegistry.list().length);
    expect(new Set(functions.map((f) => f.name)).size).toBe(functions.length);
    for (const f of functions) {
      expect(defaultRegistry.get(f.name)).toBeDefined();
      expect(f.signature.startsWith(`${f.name}(`)).toBe(true);
      expect(f.description.en).not.toBe('');
      expect(f.description['zh-CN']).not.toBe('');
    }
    expect(functions.find((f) => f.name === 'SUM')!.signature).toBe('SUM(values, …)');
    expect(functions.find((f) => f.name === 'ROUND')!.params.map((p) => p.name)).toEqual([
      'number',
      'digits',
    ]);
  });

  it("gives a dataset's fields, each of which checks in an aggregate formula", () => {
    for (const key of DATASET_KEYS) {
      const catalog = formulaCatalog(key);
      expect(catalog.dataset).toBe(key);
      expect(catalog.fields.length).toBeGreaterThan(5);
      const types = fieldTypes(key);
      for (const field of catalog.fields.filter((f) => f.type === 'number'))
        expect(check(`SUM(${field.name})`, types, { mode: 'aggregate' }).ok).toBe(true);
    }
    const metric = formulaCatalog('metric_values').fields.find((f) => f.name === 'revenue')!;
    expect(metric).toMatchObject({ type: 'number', dimension: false, label: { en: expect.any(String) } });
    expect(formulaCatalog('metric_values').fields.find((f) => f.name === 'region')!.dimension).toBe(true);
  });

  it('lists the datasets without fields when none is asked for', () => {
    const catalog = formulaCatalog();
    expect(catalog.datasets.map((d) => d.key)).toEqual([...DATASET_KEYS]);
    expect(catalog.fields).toEqual([]);
    expect(catalog.dataset).toBeNull();
  });

  it('writes optional parameters in brackets', () => {
    const round = defaultRegistry.get('ROUND')!;
    expect(signatureOf(round)).toMatch(/^ROUND\(number, \[?digits\]?\)$/);
  });
});
