import { responseMeasures, rollupResponses } from './survey-measures.util';
import { dataSchemaOf, sampleForm } from './test-support/fixtures';

const doc = sampleForm();

describe('responseMeasures', () => {
  it.each<[string, Record<string, unknown>, Record<string, number | null>]>([
    [
      'every measure answered',
      { service_quality: 4, speed: 3, nps: 7, experience: { delivery: 2 } },
      { satisfaction_service: 80, recommend: 70, delivery: 50, satisfaction: 70 },
    ],
    [
      'the lowest answers',
      { service_quality: 1, speed: 1, nps: 0, experience: { delivery: 1 } },
      { satisfaction_service: 20, recommend: 0, delivery: 0, satisfaction: 20 },
    ],
    [
      'nothing answered',
      {},
      { satisfaction_service: null, recommend: null, delivery: null, satisfaction: null },
    ],
    [
      'a client-sent computed value is recomputed',
      { service_quality: 5, speed: 4, overall: 1 },
      { satisfaction_service: 100, recommend: null, delivery: null, satisfaction: 90 },
    ],
    [
      'text where a number belongs',
      { service_quality: '5' },
      { satisfaction_service: null, recommend: null, delivery: null, satisfaction: null },
    ],
  ])('%s', (_name, data, expected) => {
    expect(responseMeasures(doc, data)).toEqual(expected);
  });

  it('gives null for a hidden field', () => {
    const d = sampleForm();
    dataSchemaOf(d).properties.bonus = { type: 'integer' };
    d.layout.sections[0].fields.push({
      name: 'bonus',
      widget: 'rating',
      label: { 'zh-CN': '附加', en: 'Bonus' },
      visibleWhen: 'nps >= 9',
    });
    d.measures = [{ metric: 'bonus', field: 'bonus', scale: 'rating5' }];
    expect(responseMeasures(d, { nps: 5, bonus: 5 })).toEqual({ bonus: null });
    expect(responseMeasures(d, { nps: 10, bonus: 5 })).toEqual({ bonus: 100 });
  });

  it('maps a likert scale linearly from its lowest to its highest value and rounds to 2 decimals', () => {
    const d = sampleForm();
    d.layout.sections[1].fields[0] = {
      ...d.layout.sections[1].fields[0],
      scale: [1, 2, 3, 4, 5, 6, 7].map((v) => ({ value: v, label: { 'zh-CN': String(v), en: String(v) } })),
    };
    expect(responseMeasures(d, { experience: { delivery: 3 } }).delivery).toBe(33.33);
  });
});

describe('rollupResponses', () => {
  const responses = [{ service_quality: 5, nps: 10 }, { service_quality: 4, nps: 9 }, { service_quality: 3 }];

  it('averages the answered responses per measure', () => {
    expect(rollupResponses(doc, responses, { minResponses: 2 })).toEqual([
      { metric: 'satisfaction_service', value: 80, responses: 3, suppressed: false },
      { metric: 'recommend', value: 95, responses: 2, suppressed: false },
      { metric: 'delivery', value: null, responses: 0, suppressed: true },
      { metric: 'satisfaction', value: 80, responses: 3, suppressed: false },
    ]);
  });

  it('withholds a value below minResponses so a single answer is not shown', () => {
    const [service, recommend] = rollupResponses(doc, responses, { minResponses: 3 });
    expect(service).toEqual({ metric: 'satisfaction_service', value: 80, responses: 3, suppressed: false });
    expect(recommend).toEqual({ metric: 'recommend', value: null, responses: 2, suppressed: true });
    expect(rollupResponses(doc, [responses[0]], { minResponses: 2 })[0]).toEqual({
      metric: 'satisfaction_service',
      value: null,
      responses: 1,
      suppressed: true,
    });
  });

  it('rounds the mean once, to 2 decimals', () => {
    const three = [{ service_quality: 5 }, { service_quality: 4 }, { service_quality: 4 }];
    expect(rollupResponses(doc, three, { minResponses: 1 })[0].value).toBe(86.67);
  });
});
