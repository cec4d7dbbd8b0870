import { compileForm, FORM_CACHE_SIZE } from './compile-form.util';
import { FormDefinitionError } from './form.exception';
import type { FormDocument } from './form.schema';
import { dataSchemaOf, sampleForm } from './test-support/fixtures';

const form = compileForm(sampleForm());
const valid = { service_quality: 4, speed: 5, nps: 9, experience: { delivery: 3 } };

describe('compileForm', () => {
  it('throws a typed error with pointers when the document is wrong', () => {
    const doc = sampleForm();
    doc.layout.sections[0].fields[4] = { ...doc.layout.sections[0].fields[4], visibleWhen: 'npz < 3' };
    let error: unknown;
    try {
      compileForm(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormDefinitionError);
    expect((error as FormDefinitionError).code).toBe('form_definition_invalid');
    expect((error as FormDefinitionError).errors).toEqual([
      {
        pointer: '/layout/sections/0/fields/4/visibleWhen',
        message: expect.objectContaining({ en: expect.stringContaining('npz') }),
      },
    ]);
  });

  it('checks the document against its schema before anything else', () => {
    const doc = { ...sampleForm(), key: 'Bad Key' } as FormDocument;
    expect(() => compileForm(doc)).toThrow(FormDefinitionError);
    try {
      compileForm(doc);
    } catch (e) {
      expect((e as FormDefinitionError).errors[0].pointer).toBe('/key');
    }
  });

  it('caches by key: the same compiled form for the same cacheKey, a new one for a new version', () => {
    const a = compileForm(sampleForm(), 'visit_feedback@3');
    expect(compileForm(sampleForm(), 'visit_feedback@3')).toBe(a);
    expect(compileForm(sampleForm(), 'visit_feedback@4')).not.toBe(a);
    expect(compileForm(sampleForm())).not.toBe(a);
  });

  it('evicts the least recently used form beyond the cache size', () => {
    const doc = sampleForm();
    const first = compileForm(doc, 'lru@0');
    for (let i = 1; i <= FORM_CACHE_SIZE; i++) compileForm(doc, `lru@${i}`);
    expect(compileForm(doc, 'lru@0')).not.toBe(first);
  });

  it('is not affected by later changes to the caller’s document', () => {
    const doc = sampleForm();
    const compiled = compileForm(doc);
    dataSchemaOf(doc).required.push('email');
    expect(compiled.process(valid, { mode: 'final' }).ok).toBe(true);
  });

  it('compiles a data schema with an $id more than once', () => {
    const doc = sampleForm();
    dataSchemaOf(doc).$id = 'https://example.com/visit.json';
    expect(() => [compileForm(doc), compileForm(doc)]).not.toThrow();
  });
});

describe('CompiledForm.process', () => {
  it('accepts a valid submission and recomputes the computed field', () => {
    const r = form.process({ ...valid, overall: 1 }, { mode: 'final' });
    expect(r).toEqual({
      ok: true,
      data: { service_quality: 4, speed: 5, nps: 9, experience: { delivery: 3 }, overall: 4.5 },
      errors: [],
      hidden: ['improve'],
    });
  });

  it('drops a hidden field’s value and does not require it', () => {
    const r = form.process({ ...valid, improve: 'faster quotes' }, { mode: 'final' });
    expect(r.ok).toBe(true);
    expect(r.data).not.toHaveProperty('improve');
    expect(r.hidden).toEqual(['improve']);
  });

  it('requires a conditional field once it is visible', () => {
    const r = form.process({ ...valid, nps: 4 }, { mode: 'final' });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { pointer: '/improve', message: { 'zh-CN': '此项为必填项', en: 'This field is required' } },
    ]);
    expect(r.hidden).toEqual([]);
    const filled = form.process({ ...valid, nps: 4, improve: 'faster quotes' }, { mode: 'final' });
    expect(filled.ok).toBe(true);
    expect(filled.data.improve).toBe('faster quotes');
  });

  it('ignores a client-sent computed value, leaving it absent when it cannot be computed', () => {
    const r = form.process(
      { ...valid, service_quality: undefined, speed: undefined, overall: 5 },
      { mode: 'draft' },
    );
    expect(r.data).not.toHaveProperty('overall');
  });

  it('drops unknown fields, nulls and empty strings', () => {
    const input = {
      ...JSON.parse('{"__proto__": {"polluted": 1}}'),
      ...valid,
      email: '',
      headcount: null,
      isAdmin: true,
    };
    const r = form.process(input, { mode: 'final' });
    expect(r.ok).toBe(true);
    expect(Object.keys(r.data).sort()).toEqual(['experience', 'nps', 'overall', 'service_quality', 'speed']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('points errors at the fields, nested ones too, in both languages', () => {
    const r = form.process(
      { service_quality: 7, nps: 'ten', experience: { expertise: 2 }, email: 'not-mail' },
      { mode: 'final' },
    );
    expect(r.ok).toBe(false);
    const pointers = r.errors.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/email', '/experience/delivery', '/nps', '/service_quality']);
    const rating = r.errors.find((e) => e.pointer === '/service_quality');
    expect(rating?.message.en).toBe('must be <= 5');
    expect(rating?.message['zh-CN']).toMatch(/5/);
  });

  it('in draft mode reports wrong values but not missing ones', () => {
    expect(form.process({}, { mode: 'draft' })).toEqual({ ok: true, data: {}, errors: [], hidden: [] });
    const r = form.process({ speed: 9, experience: {} }, { mode: 'draft' });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.pointer)).toEqual(['/speed']);
    // The condition is decided on the data: with no NPS yet, "nps <= 6" holds (blank is 0), so improve is shown.
    expect(r.hidden).toEqual([]);
  });

  it('in final mode reports every missing required field', () => {
    const r = form.process({}, { mode: 'final' });
    expect(r.errors.map((e) => e.pointer)).toEqual(['/service_quality', '/nps', '/improve']);
  });

  it('refuses input that is not an object', () => {
    for (const input of [null, [], 'x', 3]) {
      const r = form.process(input, { mode: 'final' });
      expect(r.ok).toBe(false);
      expect(r.errors[0].pointer).toBe('');
    }
  });

  it('decides visibility in dependency order: a field hidden by a hidden field', () => {
    const doc = sampleForm();
    dataSchemaOf(doc).properties.detail = { type: 'string' };
    doc.layout.sections[0].fields.push({
      name: 'detail',
      widget: 'text',
      label: { 'zh-CN': '细节', en: 'Detail' },
      visibleWhen: 'LEN(improve) > 0',
    });
    const compiled = compileForm(doc);
    // improve is hidden (nps 9), so its value is dropped before detail's condition reads it.
    const r = compiled.process({ ...valid, improve: 'x', detail: 'y' }, { mode: 'final' });
    expect(r.hidden.sort()).toEqual(['detail', 'improve']);
    expect(r.data).not.toHaveProperty('detail');
  });
});
