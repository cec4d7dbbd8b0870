import { compileForm } from './compile-form.util';
import { sampleForm, tags } from './test-support/fixtures';

const form = compileForm(sampleForm());
const LABELLED = ['input', 'select', 'textarea', 'output'];

/** Every labelable control except hidden inputs has a `<label for>` pointing at its id. */
function unlabelled(html: string): string[] {
  const labels = new Set(tags(html, 'label').map((a) => a.for));
  const missing: string[] = [];
  for (const tag of LABELLED) {
    for (const a of tags(html, tag)) {
      if (a.type === 'hidden') continue;
      if (!a.id || !labels.has(a.id)) missing.push(`${tag}#${a.id ?? '?'}`);
    }
  }
  return missing;
}

describe('CompiledForm.renderHtml', () => {
  it.each(['zh-CN', 'en'] as const)('labels every input (%s)', (locale) => {
    const html = form.renderHtml({ locale, action: '/f', data: { nps: 3 } });
    expect(tags(html, 'input').length).toBeGreaterThan(20);
    expect(unlabelled(html)).toEqual([]);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is a post form with fieldsets and legends for sections and groups', () => {
    const html = form.renderHtml({
      locale: 'en',
      action: '/surveys/t/abc?x=1&y=2',
      hiddenInputs: { _csrf: 'k"1' },
    });
    expect(html).toMatch(/^<form method="post" action="\/surveys\/t\/abc\?x=1&amp;y=2"/);
    expect(html).toContain('<input type="hidden" name="_csrf" value="k&quot;1">');
    expect(html).toContain('<legend>Ratings</legend>');
    expect(html).toMatch(
      /<fieldset class="ks-group" id="g-service_quality" role="radiogroup" aria-required="true"[^>]*>\n<legend>Service quality/,
    );
    expect(html).toMatch(/<fieldset class="ks-group ks-likert"[^>]*>\n<legend>Experience/);
    expect(html).toContain('<th scope="row">On-time delivery</th>');
    // Star points are laid out as large boxes (touch targets on a phone); the matrix knows its points.
    expect(html).toContain('<div class="ks-choices ks-inline ks-rating">');
    expect(html).toMatch(/<table class="ks-likert-table" style="--ks-points:\d+">/);
    expect(html).toContain(
      '<label for="f-experience-delivery-2" class="ks-vh">On-time delivery: Agree</label>',
    );
    expect(html).toContain('<button type="submit" name="_action" value="submit">Submit</button>');
    expect(html).not.toContain('value="draft"');
    expect(html).not.toMatch(/<script/i);
  });

  it('shows a missing required rating in an error summary and marks it invalid', () => {
    const { data, errors } = form.process({ speed: 4, nps: 9 }, { mode: 'final' });
    const html = form.renderHtml({ locale: 'zh-CN', action: '/f', data, errors, draftButton: true });
    const summary = html.slice(html.indexOf('<div class="ks-error-summary"'), html.indexOf('</div>'));
    expect(summary).toContain('role="alert"');
    expect(summary).toContain('<a href="#f-service_quality">服务质量：此项为必填项</a>');
    const group = tags(html, 'fieldset').find((a) => a.id === 'g-service_quality');
    expect(group).toMatchObject({
      'aria-invalid': 'true',
      'aria-describedby': 'f-service_quality-hint f-service_quality-error',
    });
    expect(html).toContain(
      '<p class="ks-error" id="f-service_quality-error"><span class="ks-vh">错误：</span>此项为必填项</p>',
    );
    expect(html).toContain('<p class="ks-hint" id="f-service_quality-hint">1–5 星</p>');
    // The link target exists: the first radio of the group.
    expect(tags(html, 'input').find((a) => a.id === 'f-service_quality')).toMatchObject({
      type: 'radio',
      required: '',
    });
    expect(html).toContain('value="draft" class="ks-secondary">保存草稿</button>');
  });

  it('links a likert row error to that row and marks only its radios', () => {
    const { data, errors } = form.process(
      { ...{ service_quality: 4, nps: 9 }, experience: { expertise: 2 } },
      { mode: 'final' },
    );
    const model = form.renderModel({ locale: 'en', data, errors });
    expect(model.errors).toEqual([
      {
        pointer: '/experience/delivery',
        field: 'experience',
        label: 'Experience',
        href: '#f-experience',
        message: 'On-time delivery: This field is required',
      },
    ]);
    const html = form.renderHtml({ locale: 'en', action: '/f', data, errors });
    const invalid = tags(html, 'input').filter((a) => a['aria-invalid'] === 'true');
    expect(invalid.map((a) => a.name)).toEqual([
      'experience.delivery',
      'experience.delivery',
      'experience.delivery',
    ]);
    expect(tags(html, 'input').find((a) => a.id === 'f-experience-expertise-1')).toHaveProperty('checked');
  });

  it('renders a conditional field hidden and not required, and a computed one read-only', () => {
    const html = form.renderHtml({
      locale: 'en',
      action: '/f',
      data: { service_quality: 4, speed: 3, nps: 9 },
    });
    expect(html).toContain('<div class="ks-field" id="w-improve" hidden>');
    expect(tags(html, 'textarea').find((a) => a.id === 'f-improve')).not.toHaveProperty('required');
    expect(html).toContain('<output id="f-overall" class="ks-output">3.5</output>');
    expect(tags(html, 'input').some((a) => a.name === 'overall')).toBe(false);
    const shown = form.renderHtml({ locale: 'en', action: '/f', data: { nps: 2 } });
    expect(shown).toContain('<div class="ks-field" id="w-improve">');
    expect(tags(shown, 'textarea').find((a) => a.id === 'f-improve')).toMatchObject({
      required: '',
      'aria-required': 'true',
    });
  });

  it('escapes every text it writes', () => {
    const doc = sampleForm();
    const evil = '<script>alert("x")</script> & \'q\'';
    doc.title = { 'zh-CN': evil, en: evil };
    doc.description = { 'zh-CN': evil, en: evil };
    doc.layout.sections[0].title = { 'zh-CN': evil, en: evil };
    doc.layout.sections[0].fields[4] = {
      ...doc.layout.sections[0].fields[4],
      label: { 'zh-CN': evil, en: evil },
      placeholder: { 'zh-CN': evil, en: evil },
    };
    doc.layout.sections[1].fields[1].options![0].label = { 'zh-CN': evil, en: evil };
    const compiled = compileForm(doc);
    const html = compiled.renderHtml({
      locale: 'en',
      action: '"><script>',
      data: { nps: 1, improve: '</textarea><script>x()</script>', email: '"><img src=x onerror=y>' },
      errors: [{ pointer: '/email', message: { 'zh-CN': evil, en: evil } }],
      submitLabel: evil,
    });
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;x()&lt;/script&gt;</textarea>');
    expect(html).toContain('value="&quot;&gt;&lt;img src=x onerror=y&gt;"');
  });

  it('shows the chosen values back after a failed post', () => {
    const data = form.parseFormPost({
      service_quality: '2',
      topics: ['price', 'support'],
      agree: 'true',
      headcount: '12 people',
    });
    const { errors } = form.process(data, { mode: 'final' });
    const html = form.renderHtml({ locale: 'en', action: '/f', data, errors });
    const checked = tags(html, 'input')
      .filter((a) => 'checked' in a)
      .map((a) => `${a.name}=${a.value}`);
    expect(checked).toEqual(['service_quality=2', 'topics=price', 'topics=support', 'agree=true']);
    expect(tags(html, 'input').find((a) => a.id === 'f-headcount')).toMatchObject({
      value: '12 people',
      'aria-invalid': 'true',
    });
  });
});

describe('CompiledForm.renderModel', () => {
  it('describes fields in the chosen locale with state, bounds and options', () => {
    const model = form.renderModel({ locale: 'zh-CN', data: { service_quality: 5, nps: 9 } });
    expect(model).toMatchObject({
      key: 'visit_feedback',
      version: 3,
      locale: 'zh-CN',
      title: '拜访反馈',
      errors: [],
    });
    const [main, more] = model.sections;
    expect(main.fields.map((f) => [f.name, f.required, f.hidden, f.readOnly])).toEqual([
      ['service_quality', true, false, false],
      ['speed', false, false, false],
      ['overall', false, false, true],
      ['nps', true, false, false],
      ['improve', false, true, false],
    ]);
    expect(main.fields[0]).toMatchObject({
      label: '服务质量',
      help: '1–5 星',
      value: 5,
      min: 1,
      max: 5,
      errors: [],
    });
    expect(main.fields[0].options?.map((o) => [o.value, o.label, o.selected])).toEqual([
      [1, '1 星', false],
      [2, '2 星', false],
      [3, '3 星', false],
      [4, '4 星', false],
      [5, '5 星', true],
    ]);
    expect(main.fields[2].value).toBe(5);
    expect(main.fields[3].options).toHaveLength(11);
    expect(more.fields[0].rows?.map((r) => [r.name, r.label])).toEqual([
      ['experience.delivery', '按时交付'],
      ['experience.expertise', '专业能力'],
    ]);
    expect(more.fields[1]).toMatchObject({ multiple: true, widget: 'checkbox' });
    expect(more.fields[3]).toMatchObject({ inputType: 'number', step: 1, min: 0 });
    expect(more.fields[4]).toMatchObject({ inputType: 'email' });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('lists errors it cannot place on a field without a link', () => {
    const model = form.renderModel({
      locale: 'en',
      errors: [{ pointer: '', message: { 'zh-CN': '错', en: 'Wrong' } }],
    });
    expect(model.errors).toEqual([{ pointer: '', field: null, label: null, href: null, message: 'Wrong' }]);
  });
});
