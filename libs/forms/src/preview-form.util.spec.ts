import { CUSTOMER_SATISFACTION_FORM } from './builtin';
import { previewForm } from './preview-form.util';

describe('previewForm', () => {
  it('renders a document being designed, with conditions decided on the sample answers', () => {
    const quiet = previewForm(CUSTOMER_SATISFACTION_FORM, { locale: 'en' });
    if (!quiet.ok) throw new Error('expected a preview');
    expect(quiet.preview.html).toMatch(/^<form method="post" action="#preview"/);
    expect(quiet.preview.html).toContain('<legend>Service quality');

    const detractor = previewForm(CUSTOMER_SATISFACTION_FORM, {
      locale: 'zh-CN',
      answers: { service_quality: '4', product_quality: '2', response_speed: '3', nps: '9' },
    });
    if (!detractor.ok) throw new Error('expected a preview');
    expect(detractor.preview.hidden).toEqual(['improve']);
    expect(detractor.preview.data).toMatchObject({ nps: 9, overall: 3 });
    expect(detractor.preview.html).toContain('<div class="ks-field" id="w-improve" hidden>');
    expect(detractor.preview.html).toContain('<legend>服务质量');
  });

  it('gives the errors of a document that does not compile, pointing into the document', () => {
    const broken = structuredClone(CUSTOMER_SATISFACTION_FORM);
    broken.layout.sections[2].fields[1].visibleWhen = 'nps <= ';
    broken.layout.sections[0].fields[0].label = { 'zh-CN': '', en: 'Service quality' };
    const result = previewForm(broken, { locale: 'en' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.pointer)).toEqual(['/layout/sections/0/fields/0/label/zh-CN']);

    broken.layout.sections[0].fields[0].label = { 'zh-CN': '服务质量', en: 'Service quality' };
    const formula = previewForm(broken, { locale: 'en' });
    expect(formula.ok ? [] : formula.errors.map((e) => e.pointer)).toEqual([
      '/layout/sections/2/fields/1/visibleWhen',
    ]);
    expect(previewForm(null, { locale: 'en' }).ok).toBe(false);
  });
});
