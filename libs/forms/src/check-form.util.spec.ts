import { checkForm } from './check-form.util';
import type { FormDocument, FormField } from './form.schema';
import { dataSchemaOf, sampleForm } from './test-support/fixtures';

type Mutable = { -readonly [K in keyof FormDocument]: FormDocument[K] };
const props = (d: FormDocument) => dataSchemaOf(d).properties;
const field = (d: FormDocument, s: number, f: number) =>
  d.layout.sections[s].fields[f] as FormField & Record<string, unknown>;

/** The sample form with one change. */
function variant(change: (d: Mutable) => void): FormDocument {
  const d = structuredClone(sampleForm()) as Mutable;
  change(d);
  return d;
}

describe('checkForm', () => {
  it('accepts the sample form', () => {
    expect(checkForm(sampleForm())).toEqual([]);
  });

  it.each<[string, (d: Mutable) => void, string, string]>([
    [
      'an unsafe data schema',
      (d) => (props(d).improve = { type: 'string', pattern: '(a+)+$' }),
      '/dataSchema/properties/improve/pattern',
      'repeats a repetition',
    ],
    [
      'a field without a property',
      (d) => (field(d, 0, 1).name = 'speedy'),
      '/layout/sections/0/fields/1/name',
      'no property speedy',
    ],
    [
      'a field twice',
      (d) => (field(d, 1, 4).name = 'speed'),
      '/layout/sections/1/fields/4/name',
      'appears twice',
    ],
    [
      'a rating on text',
      (d) => (field(d, 0, 4).widget = 'rating'),
      '/layout/sections/0/fields/4/widget',
      'number or integer',
    ],
    [
      'a likert on a number',
      (d) => (field(d, 0, 1).widget = 'likert'),
      '/layout/sections/0/fields/1/widget',
      'type object',
    ],
    [
      'a checkbox on a number',
      (d) => (field(d, 1, 3).widget = 'checkbox'),
      '/layout/sections/1/fields/3/widget',
      'type boolean',
    ],
    [
      'a select without options',
      (d) => {
        props(d).email = { enum: ['a', 'b'] };
        field(d, 1, 4).widget = 'select';
      },
      '/layout/sections/1/fields/4/options',
      'needs options',
    ],
    [
      'an option outside the enum',
      (d) => (field(d, 1, 1).options = [{ value: 'gifts', label: { 'zh-CN': '礼品', en: 'Gifts' } }]),
      '/layout/sections/1/fields/1/options/0/value',
      'not in the data schema enum',
    ],
    [
      'a likert without a scale',
      (d) => delete field(d, 1, 0).scale,
      '/layout/sections/1/fields/0/scale',
      'needs a scale',
    ],
    [
      'a likert row the schema lacks',
      (d) => field(d, 1, 0).rows?.push({ key: 'price', label: { 'zh-CN': '价格', en: 'Price' } }),
      '/layout/sections/1/fields/0/rows/2/key',
      'no row price',
    ],
    [
      'a formula that does not parse',
      (d) => (field(d, 0, 4).visibleWhen = 'nps <= '),
      '/layout/sections/0/fields/4/visibleWhen',
      'column 8',
    ],
    [
      'a formula on an unknown field',
      (d) => (field(d, 0, 4).visibleWhen = 'npz <= 6'),
      '/layout/sections/0/fields/4/visibleWhen',
      'Unknown field npz',
    ],
    [
      'a formula with an @reference',
      (d) => (field(d, 0, 2).compute = '@other + 1'),
      '/layout/sections/0/fields/2/compute',
      'other',
    ],
    [
      'a text result for a number',
      (d) => (field(d, 0, 2).compute = '"high"'),
      '/layout/sections/0/fields/2/compute',
      'gives a text',
    ],
    [
      'a computed rating',
      (d) => (field(d, 0, 1).compute = 'service_quality'),
      '/layout/sections/0/fields/1/compute',
      'Only number or text',
    ],
    [
      'computed fields in a cycle',
      (d) => {
        props(d).other = { type: 'number' };
        field(d, 0, 2).compute = 'other + 1';
        d.layout.sections[0].fields.push({
          name: 'other',
          widget: 'number',
          label: { 'zh-CN': '其他', en: 'Other' },
          compute: 'overall * 2',
        });
      },
      '/layout/sections/0/fields/2/compute',
      'depends on itself',
    ],
    [
      'a field visible by its own value',
      (d) => (field(d, 0, 4).visibleWhen = 'LEN(improve) > 0'),
      '/layout/sections/0/fields/4/visibleWhen',
      'depends on itself',
    ],
    [
      'an invalid field name',
      (d) => (props(d).Speed = { type: 'number' }),
      '/dataSchema/properties/Speed',
      'not valid',
    ],
    [
      'a required property the layout lacks',
      (d) => {
        props(d).account_id = { type: 'string' };
        dataSchemaOf(d).required.push('account_id');
      },
      '/dataSchema/required/3',
      'could never be submitted',
    ],
    [
      'a measure on a missing field',
      (d) => (d.measures = [{ metric: 'x', field: 'nope', scale: 'rating5' }]),
      '/measures/0/field',
      'no field nope',
    ],
    [
      'a measure with the wrong scale',
      (d) => (d.measures = [{ metric: 'x', field: 'nps', scale: 'rating5' }]),
      '/measures/0/scale',
      'does not fit',
    ],
    [
      'a likert measure on a whole field',
      (d) => (d.measures = [{ metric: 'x', field: 'experience', scale: 'likert' }]),
      '/measures/0/field',
      'one likert row',
    ],
    [
      'a metric measured twice',
      (d) => d.measures?.push({ metric: 'recommend', field: 'speed', scale: 'rating5' }),
      '/measures/4/metric',
      'measured twice',
    ],
    ['a section id twice', (d) => (d.layout.sections[1].id = 'main'), '/layout/sections/1/id', 'used twice'],
  ])('reports %s', (_name, change, ptr, message) => {
    const errors = checkForm(variant(change));
    expect(errors).toContainEqual({
      pointer: ptr,
      message: expect.objectContaining({ en: expect.stringContaining(message) }),
    });
    for (const e of errors) expect(e.message['zh-CN']).toBeTruthy();
  });

  it('gives the formula diagnostic in both languages with its position', () => {
    const [error] = checkForm(variant((d) => (field(d, 0, 4).visibleWhen = 'npz <= 6')));
    expect(error.message).toEqual({
      'zh-CN': '公式错误（第 1 列）：未知字段 npz',
      en: 'Formula error (column 1): Unknown field npz',
    });
  });

  it('lets formulas read likert rows and count checkbox choices', () => {
    const doc = variant((d) => {
      field(d, 0, 4).visibleWhen = 'OR(nps <= 6, experience.delivery = 1, topics > 1)';
    });
    expect(checkForm(doc)).toEqual([]);
  });
});
