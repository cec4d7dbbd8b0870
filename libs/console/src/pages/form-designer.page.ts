/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ApiProblem } from '../client/ks-client';
import type { ConsolePage } from '../console-page';
import { FORM_DESIGNER_TEXTS } from './form-designer.texts';

/**
 * The form designer: an admin builds a form or survey from questions (widget, key, labels in both languages,
 * help, required, limits, options, likert rows, a condition and a computed value as formulas, the metric an
 * answer feeds) without writing JSON. The page builds the form document and its data schema, shows the
 * engine's own rendering of it as a live preview (try the conditions there), saves the draft, validates and
 * publishes it; the server's errors land next to the control they concern.
 */
export const formDesignerPage: ConsolePage = {
  path: 'forms/:key',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '表单设计器', en: 'Form designer' },
  texts: FORM_DESIGNER_TEXTS,
  script: async (ks) => {
    const { h, t } = ks;
    type Lang = 'zh-CN' | 'en';
    type BiText = { 'zh-CN': string; en: string };
    type Json = Record<string, unknown>;
    interface Option {
      value: string;
      label: BiText;
      touched: boolean;
    }
    interface Row {
      key: string;
      label: BiText;
      touched: boolean;
      measure: string;
    }
    interface Point {
      value: string;
      label: BiText;
    }
    interface Field {
      uid: number;
      name: string;
      widget: string;
      label: BiText;
      help: BiText;
      placeholder: BiText;
      required: boolean;
      min: string;
      max: string;
      integer: boolean;
      maxLength: string;
      email: boolean;
      multiple: boolean;
      numericOptions: boolean;
      options: Option[];
      rows: Row[];
      scale: Point[];
      /** Labels of rating / NPS points, kept as they were (the designer does not edit them). */
      pointLabels: unknown[] | null;
      visibleWhen: string;
      compute: string;
      measure: string;
      measureScale: string;
      /** The property's schema as loaded: keywords the designer does not manage are kept. */
      base: Json;
      baseWidget: string;
      open: boolean;
    }
    interface Section {
      uid: number;
      id: string;
      title: BiText;
      description: BiText;
      fields: Field[];
    }
    interface Metric {
      key: string;
      nameZh: string;
      nameEn: string;
    }

    const WIDGETS = [
      'text',
      'textarea',
      'number',
      'select',
      'radio',
      'checkbox',
      'date',
      'rating',
      'nps',
      'likert',
    ];
    const CHOICES = ['select', 'radio', 'checkbox'];
    /** How an answer of a widget may become a 0–100 metric value (as checkForm allows). */
    const SCALES: Record<string, string[]> = {
      rating: ['rating5'],
      nps: ['nps10'],
      number: ['percent', 'rating5', 'nps10'],
    };
    /** Schema keywords the designer writes itself; any other keyword of a loaded property is kept. */
    const MANAGED = [
      'type',
      'enum',
      'const',
      'items',
      'uniqueItems',
      'minimum',
      'maximum',
      'exclusiveMinimum',
      'exclusiveMaximum',
      'multipleOf',
      'maxLength',
      'format',
      'properties',
      'required',
      'additionalProperties',
      '$ref',
      'oneOf',
      'anyOf',
    ];
    const LANGS: Lang[] = ['zh-CN', 'en'];
    const key = ks.params.key;
    const listHref = `/console/forms?lang=${ks.locale}`;

    document.head.append(
      h(
        'style',
        null,
        `.ks-fd{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr);align-items:start}
@media (min-width:72rem){.ks-fd{grid-template-columns:minmax(0,1.1fr) minmax(0,1fr)}.ks-fd-side{position:sticky;top:.5rem;max-height:calc(100vh - 1rem);overflow:auto}}
.ks-fd input:not([type=checkbox]),.ks-fd select,.ks-fd textarea{width:100%}
.ks-fd-bar{position:sticky;top:0;z-index:5;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.ks-fd-bar .ks-actions{margin:.25rem 0}
.ks-fd-status{margin:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center}
.ks-fd-section{margin:0 0 1.5rem}
.ks-fd-section>h2{margin-top:0}
.ks-fd-row{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr))}
.ks-fd-field{border:1px solid #d0d7de;margin:0 0 .75rem}
.ks-fd-field[data-open]{border-color:#0b57d0;box-shadow:0 0 0 1px #0b57d0}
.ks-fd-head{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;justify-content:space-between}
.ks-fd-head h3{margin:0;font-size:1.02rem}
.ks-fd-head .ks-actions{margin:0}
.ks-fd-head button,.ks-fd-item button{padding:.2rem .6rem;font-size:.88rem}
.ks-fd-check{display:flex;align-items:center;gap:.5rem;margin:.5rem 0}
.ks-fd-check input{width:1.15rem;height:1.15rem;margin:0}
.ks-fd-item{border-top:1px solid #eaeef2;padding:.25rem 0 .5rem}
.ks-fd-formula{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.ks-fd-add{background:#f6f8fa}
.ks-fd-preview-host{display:block;margin:0 auto;width:100%;border:1px solid #d0d7de;border-radius:6px;background:#f3f4f6}
.ks-fd-preview-host[data-width=phone]{max-width:375px}
.ks-fd-preview-host[data-state=invalid]{opacity:.55}
.ks-fd-preview-note{margin:.5rem 0}
button[aria-pressed=true]{background:#ddf4ff;border-color:#0b57d0;font-weight:600}`,
      ),
    );

    const obj = (value: unknown): Json =>
      value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
    const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
    const str = (value: unknown): string =>
      typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
    const biOf = (value: unknown): BiText => {
      const o = obj(value);
      return { 'zh-CN': str(o['zh-CN']), en: str(o.en) };
    };
    const blank = (text: BiText) => !text['zh-CN'].trim() && !text.en.trim();
    const trimmed = (text: BiText): BiText => ({ 'zh-CN': text['zh-CN'].trim(), en: text.en.trim() });
    /** A key from an English label: "Service quality" → service_quality. */
    const slug = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^[_0-9]+/, '')
        .slice(0, 64)
        .replace(/_+$/, '');
    const labelOf = (f: Field) => f.label[ks.locale].trim() || f.label['zh-CN'].trim() || f.label.en.trim();
    const computed = (f: Field) => f.compute.trim() !== '' && (f.widget === 'number' || f.widget === 'text');
    let uids = 0;

    // ---- Loading: the draft, or the published version to start a new draft from ----
    const draft = ks.documentDraft<unknown>('form', key);
    const loaded = await draft.load();
    if (!loaded.ok) {
      ks.fill(ks.root, h('p', null, h('a', { href: listHref }, t('backToForms'))));
      ks.problem(loaded.problem);
      return ks.ready();
    }
    // Neither a draft nor a readable version: an empty form (read as {} below).
    const content = loaded.content;
    const metricsAnswer = await ks.api<Metric[]>('GET', '/api/metrics');
    const metrics = metricsAnswer.ok ? metricsAnswer.data : [];

    const likertScale = (): Point[] => [
      { value: '1', label: { 'zh-CN': '非常不同意', en: 'Strongly disagree' } },
      { value: '2', label: { 'zh-CN': '不同意', en: 'Disagree' } },
      { value: '3', label: { 'zh-CN': '一般', en: 'Neutral' } },
      { value: '4', label: { 'zh-CN': '同意', en: 'Agree' } },
      { value: '5', label: { 'zh-CN': '非常同意', en: 'Strongly agree' } },
    ];
    const emptyBi = (): BiText => ({ 'zh-CN': '', en: '' });
    const newOption = (): Option => ({ value: '', label: emptyBi(), touched: false });
    const newRow = (): Row => ({ key: '', label: emptyBi(), touched: false, measure: '' });

    /**
     * Fills in what a widget needs so a new or re-typed question is usable at once; a loaded question
     * (`fresh` false) keeps its limits as they were.
     */
    const prepare = (f: Field, fresh = true) => {
      if (CHOICES.includes(f.widget) && (f.widget !== 'checkbox' || f.multiple) && !f.options.length)
        f.options = [newOption(), newOption()];
      if (f.widget === 'likert') {
        if (!f.rows.length) f.rows = [newRow()];
        if (!f.scale.length) f.scale = likertScale();
      }
      if (fresh && (f.widget === 'text' || f.widget === 'textarea') && !f.maxLength)
        f.maxLength = f.widget === 'text' ? '200' : '2000';
      const scales = SCALES[f.widget];
      if (scales && !scales.includes(f.measureScale)) f.measureScale = scales[0];
    };

    const newField = (widget: string, name: string, label: BiText): Field => {
      const f: Field = {
        uid: ++uids,
        name,
        widget,
        label,
        help: emptyBi(),
        placeholder: emptyBi(),
        required: false,
        min: '',
        max: '',
        integer: false,
        maxLength: '',
        email: false,
        multiple: true,
        numericOptions: false,
        options: [],
        rows: [],
        scale: [],
        pointLabels: null,
        visibleWhen: '',
        compute: '',
        measure: '',
        measureScale: '',
        base: {},
        baseWidget: widget,
        open: true,
      };
      prepare(f);
      return f;
    };

    // ---- The document as the designer's state ----
    const c = obj(content);
    const dataSchema = obj(c.dataSchema);
    const properties = obj(dataSchema.properties);
    const requiredNames = arr(dataSchema.required).map(str);
    const loadedMeasures = arr(c.measures).map(obj);
    const usedMeasures = new Set<Json>();
    const placedNames = new Set<string>();
    const fieldFrom = (value: unknown): Field => {
      const def = obj(value);
      const name = str(def.name);
      placedNames.add(name);
      const base = obj(properties[name]);
      const widget = WIDGETS.includes(str(def.widget)) ? str(def.widget) : 'text';
      const f = newField(widget, name, biOf(def.label));
      const options = arr(def.options).map(obj);
      Object.assign(f, {
        help: biOf(def.help),
        placeholder: biOf(def.placeholder),
        required: requiredNames.includes(name),
        min: typeof base.minimum === 'number' ? String(base.minimum) : '',
        max: typeof base.maximum === 'number' ? String(base.maximum) : '',
        integer: base.type === 'integer',
        maxLength: typeof base.maxLength === 'number' ? String(base.maxLength) : '',
        email: base.format === 'email',
        multiple: widget === 'checkbox' ? base.type === 'array' : true,
        numericOptions: options.some((o) => typeof o.value === 'number'),
        options:
          widget === 'rating' || widget === 'nps'
            ? []
            : options.map((o) => ({ value: str(o.value), label: biOf(o.label), touched: true })),
        pointLabels: widget === 'rating' || widget === 'nps' ? (options.length ? options : null) : null,
        rows: arr(def.rows).map((r) => ({
          key: str(obj(r).key),
          label: biOf(obj(r).label),
          touched: true,
          measure: '',
        })),
        scale: arr(def.scale).map((s) => ({ value: str(obj(s).value), label: biOf(obj(s).label) })),
        visibleWhen: str(def.visibleWhen),
        compute: str(def.compute),
        base,
        baseWidget: widget,
        open: false,
      });
      const scales = SCALES[widget] ?? [];
      const measure = loadedMeasures.find(
        (m) => !usedMeasures.has(m) && str(m.field) === name && scales.includes(str(m.scale)),
      );
      if (measure) {
        usedMeasures.add(measure);
        f.measure = str(measure.metric);
        f.measureScale = str(measure.scale);
      }
      for (const row of f.rows) {
        const rowMeasure = loadedMeasures.find(
          (m) => !usedMeasures.has(m) && str(m.field) === `${name}.${row.key}` && m.scale === 'likert',
        );
        if (rowMeasure) {
          usedMeasures.add(rowMeasure);
          row.measure = str(rowMeasure.metric);
        }
      }
      prepare(f, false);
      return f;
    };
    const state = {
      title: biOf(c.title),
      description: biOf(c.description),
      sections: arr(obj(c.layout).sections).map((s): Section => ({
        uid: ++uids,
        id: str(obj(s).id),
        title: biOf(obj(s).title),
        description: biOf(obj(s).description),
        fields: arr(obj(s).fields).map(fieldFrom),
      })),
      /** Data schema keywords beside properties/required (e.g. $defs), kept. */
      schemaTop: Object.fromEntries(
        Object.entries(dataSchema).filter(([k]) => k !== 'properties' && k !== 'required' && k !== 'type'),
      ) as Json,
      /** Properties without a question (kept, so nothing the admin wrote is lost). */
      orphans: Object.fromEntries(Object.entries(properties).filter(([name]) => !placedNames.has(name))),
      orphanRequired: requiredNames.filter((name) => !placedNames.has(name)),
      otherMeasures: loadedMeasures.filter((m) => !usedMeasures.has(m)),
    };
    // A form without a data schema yet takes only its questions' answers.
    if (c.dataSchema === undefined) state.schemaTop.additionalProperties = false;
    if (!state.sections.length)
      state.sections.push({
        uid: ++uids,
        id: 'main',
        title: { 'zh-CN': '问题', en: 'Questions' },
        description: emptyBi(),
        fields: [],
      });

    // ---- Building the document (and where each part came from, to place the server's errors) ----
    let built = {
      byName: new Map<string, string>(),
      required: [] as string[],
      measureOwners: [] as (string | null)[],
    };
    const numberOr = (text: string): number | string => {
      const n = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    };
    const schemaOf = (f: Field): Json => {
      const schema: Json = f.widget === f.baseWidget ? { ...f.base } : {};
      for (const keyword of MANAGED) delete schema[keyword];
      const limit = (name: string, text: string) => {
        if (text.trim() !== '') schema[name] = numberOr(text);
      };
      const values = f.options.map((o) => (f.numericOptions ? numberOr(o.value) : o.value));
      switch (f.widget) {
        case 'text':
        case 'textarea':
          schema.type = 'string';
          if (!computed(f)) limit('maxLength', f.maxLength);
          if (f.widget === 'text' && f.email && !computed(f)) schema.format = 'email';
          break;
        case 'number':
          schema.type = f.integer ? 'integer' : 'number';
          limit('minimum', f.min);
          limit('maximum', f.max);
          break;
        case 'date':
          Object.assign(schema, { type: 'string', format: 'date' });
          break;
        case 'rating':
          Object.assign(schema, { type: 'integer', minimum: 1, maximum: 5 });
          break;
        case 'nps':
          Object.assign(schema, { type: 'integer', minimum: 0, maximum: 10 });
          break;
        case 'select':
        case 'radio':
          if (values.length) schema.enum = values;
          else schema.type = f.numericOptions ? 'number' : 'string';
          break;
        case 'checkbox':
          if (!f.multiple) schema.type = 'boolean';
          else
            Object.assign(schema, {
              type: 'array',
              uniqueItems: true,
              items: values.length ? { enum: values } : { type: 'string' },
            });
          break;
        case 'likert': {
          const points = f.scale
            .map((p) => numberOr(p.value))
            .filter((v): v is number => typeof v === 'number');
          const whole = points.every((p) => Number.isInteger(p));
          const row: Json = { type: whole ? 'integer' : 'number' };
          if (points.length)
            Object.assign(row, { minimum: Math.min(...points), maximum: Math.max(...points) });
          const keys = f.rows.map((r) => r.key).filter(Boolean);
          Object.assign(schema, {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(keys.map((k) => [k, { ...row }])),
          });
          if (f.required && keys.length) schema.required = keys;
          break;
        }
      }
      return schema;
    };
    const defOf = (f: Field): Json => {
      const def: Json = { name: f.name, widget: f.widget, label: trimmed(f.label) };
      if (!blank(f.help)) def.help = trimmed(f.help);
      if (['text', 'textarea', 'number'].includes(f.widget) && !blank(f.placeholder))
        def.placeholder = trimmed(f.placeholder);
      if (CHOICES.includes(f.widget) && (f.widget !== 'checkbox' || f.multiple) && f.options.length)
        def.options = f.options.map((o) => ({
          value: f.numericOptions ? numberOr(o.value) : o.value,
          label: trimmed(o.label),
        }));
      if ((f.widget === 'rating' || f.widget === 'nps') && f.pointLabels) def.options = f.pointLabels;
      if (f.widget === 'likert') {
        def.rows = f.rows.map((r) => ({ key: r.key, label: trimmed(r.label) }));
        def.scale = f.scale.map((p) => ({ value: numberOr(p.value), label: trimmed(p.label) }));
      }
      if (f.visibleWhen.trim()) def.visibleWhen = f.visibleWhen.trim();
      if (computed(f)) def.compute = f.compute.trim();
      return def;
    };
    const buildDocument = (): Json => {
      const props: Json = {};
      const required: string[] = [];
      const byName = new Map<string, string>();
      const measures: Json[] = [];
      const measureOwners: (string | null)[] = [];
      const sections = state.sections.map((s, si) => ({
        id: s.id.trim(),
        title: trimmed(s.title),
        ...(blank(s.description) ? {} : { description: trimmed(s.description) }),
        fields: s.fields.map((f, fi) => {
          const at = `/layout/sections/${si}/fields/${fi}`;
          if (f.name && !byName.has(f.name)) {
            byName.set(f.name, at);
            props[f.name] = schemaOf(f);
            if (f.required && !computed(f)) required.push(f.name);
          }
          const scales = SCALES[f.widget];
          if (f.measure && scales) {
            measures.push({ metric: f.measure, field: f.name, scale: f.measureScale || scales[0] });
            measureOwners.push(`${at}/measure`);
          }
          if (f.widget === 'likert')
            f.rows.forEach((r, ri) => {
              if (!r.measure) return;
              measures.push({ metric: r.measure, field: `${f.name}.${r.key}`, scale: 'likert' });
              measureOwners.push(`${at}/rows/${ri}/measure`);
            });
          return defOf(f);
        }),
      }));
      for (const [name, schema] of Object.entries(state.orphans))
        if (!Object.hasOwn(props, name)) props[name] = schema;
      for (const name of state.orphanRequired)
        if (Object.hasOwn(props, name) && !byName.has(name) && !required.includes(name)) required.push(name);
      for (const m of state.otherMeasures) {
        measures.push(m);
        measureOwners.push(byName.get(str(m.field).split('.')[0]) ?? null);
      }
      built = { byName, required, measureOwners };
      return {
        key,
        version: (draft.view.publishedVersion ?? 0) + 1,
        title: trimmed(state.title),
        ...(blank(state.description) ? {} : { description: trimmed(state.description) }),
        dataSchema: {
          ...state.schemaTop,
          type: 'object',
          properties: props,
          ...(required.length ? { required } : {}),
        },
        layout: { sections },
        ...(measures.length ? { measures } : {}),
      };
    };

    // ---- The page ----
    let removed: { field: Field; section: Section; index: number } | null = null;
    const designer = h('div', { class: 'ks-fd-main' });
    // A stale revision (someone saved first) is reported at /body/revision: next to the status.
    const status = h('p', { class: 'ks-fd-status', 'data-pointer': '/body/revision' });
    const undo = h('button', { type: 'button', hidden: true }, t('undoRemove')) as HTMLButtonElement;
    const saveButton = h('button', { type: 'button' }, t('saveDraft')) as HTMLButtonElement;
    const validateButton = h('button', { type: 'button' }, t('validate')) as HTMLButtonElement;
    const publishButton = h(
      'button',
      { type: 'button', class: 'ks-primary' },
      t('publish'),
    ) as HTMLButtonElement;
    const bar = h(
      'div',
      { class: 'ks-card ks-fd-bar', role: 'region', 'aria-label': t('toolbar') },
      status,
      h('div', { class: 'ks-actions' }, saveButton, validateButton, publishButton, undo),
    );
    /** The bar and the designer: where the server's errors are placed. */
    const column = h('div', null, bar, designer);

    const showStatus = () => {
      const { publishedVersion: published, draft: saved, revision } = draft.view;
      ks.fill(
        status,
        h('span', null, h('code', null, key)),
        h(
          'span',
          { class: 'ks-badge', 'data-published-version': published ?? '' },
          published ? t('publishedVersion', { version: published }) : t('notPublished'),
        ),
        h(
          'span',
          { 'data-dirty': draft.dirty ? 'true' : 'false' },
          draft.dirty ? t('unsaved') : saved ? t('draftSaved', { revision }) : t('noDraft'),
        ),
        published && ks.can('surveys:manage')
          ? h(
              'a',
              { href: `/console/surveys?lang=${ks.locale}&form=${encodeURIComponent(key)}` },
              t('sendSurvey'),
            )
          : null,
      );
    };

    let previewTimer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      if (!draft.dirty) {
        draft.dirty = true;
        showStatus();
      }
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => void refreshPreview(), 450);
    };
    draft.guardLeave();

    /** Editing a control the server complained about takes its message away. */
    const settle = (control: HTMLElement) => {
      if (control.getAttribute('aria-invalid') !== 'true') return;
      const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      for (const id of ids) if (id.startsWith('ks-problem-')) document.getElementById(id)?.remove();
      const rest = ids.filter((id) => !id.startsWith('ks-problem-'));
      control.removeAttribute('aria-invalid');
      if (rest.length) control.setAttribute('aria-describedby', rest.join(' '));
      else control.removeAttribute('aria-describedby');
    };
    /** A text input or textarea bound to a getter and setter; typing does not redraw the page. */
    const textControl = (
      attrs: Record<string, string | number | boolean>,
      get: () => string,
      set: (value: string) => void,
      multiline = false,
    ): HTMLInputElement | HTMLTextAreaElement => {
      const control = h(multiline ? 'textarea' : 'input', attrs) as HTMLInputElement | HTMLTextAreaElement;
      control.value = get();
      control.addEventListener('input', () => {
        settle(control);
        set(control.value);
        changed();
      });
      return control;
    };
    const biControls = (
      id: string,
      at: string,
      what: string,
      text: BiText,
      options: { multiline?: boolean; onInput?: () => void; required?: boolean } = {},
    ) =>
      h(
        'div',
        { class: 'ks-fd-row' },
        LANGS.map((lang) =>
          ks.field(
            t(lang === 'zh-CN' ? 'inZh' : 'inEn', { what }),
            textControl(
              {
                id: `${id}-${lang}`,
                lang,
                maxlength: options.multiline ? 2000 : 500,
                'data-pointer': `${at}/${lang}`,
                required: options.required ?? false,
              },
              () => text[lang],
              (value) => {
                text[lang] = value;
                options.onInput?.();
              },
              options.multiline,
            ),
          ),
        ),
      );
    const checkbox = (
      id: string,
      at: string,
      label: string,
      get: () => boolean,
      set: (v: boolean) => void,
    ) => {
      const box = h('input', { type: 'checkbox', id, 'data-pointer': at }) as HTMLInputElement;
      box.checked = get();
      box.addEventListener('change', () => {
        settle(box);
        set(box.checked);
        changed();
      });
      return h('div', { class: 'ks-fd-check' }, box, h('label', { for: id }, label));
    };
    const select = (
      attrs: Record<string, string>,
      choices: [string, string][],
      get: () => string,
      set: (v: string) => void,
    ) => {
      const control = h(
        'select',
        attrs,
        choices.map(([value, label]) => h('option', { value, selected: value === get() }, label)),
      ) as HTMLSelectElement;
      control.addEventListener('change', () => {
        settle(control);
        set(control.value);
        changed();
      });
      return control;
    };
    const button = (text: string, onclick: () => void, attrs: Record<string, string | boolean> = {}) =>
      h('button', { type: 'button', ...attrs, onclick: () => onclick() }, text);
    const widgetChoices = (): [string, string][] => WIDGETS.map((w) => [w, t(`widget.${w}`)]);
    const metricChoices = (current: string): [string, string][] => {
      const list: [string, string][] = metrics.map((m) => [
        m.key,
        `${ks.locale === 'zh-CN' ? m.nameZh : m.nameEn} (${m.key})`,
      ]);
      if (current && !metrics.some((m) => m.key === current)) list.push([current, current]);
      return [['', t('noMetric')], ...list];
    };

    /** Redraws the designer (after a structural change), then puts the focus back where it belongs. */
    const render = (focusId?: string) => {
      ks.fill(designer, formCard(), state.sections.map(sectionView), addSectionButton());
      if (focusId) document.getElementById(focusId)?.focus();
    };

    const formCard = () =>
      h(
        'section',
        { class: 'ks-card', 'aria-labelledby': 'fd-form-h' },
        h('h2', { id: 'fd-form-h' }, t('formSettings')),
        biControls('fd-title', '/title', t('formTitle'), state.title, { required: true }),
        biControls('fd-desc', '/description', t('formDescription'), state.description, { multiline: true }),
      );

    const addSectionButton = () =>
      h(
        'div',
        { class: 'ks-actions' },
        button(
          t('addSection'),
          () => {
            const n = state.sections.length + 1;
            const section: Section = {
              uid: ++uids,
              id: `part_${n}`,
              title: { 'zh-CN': `第 ${n} 部分`, en: `Part ${n}` },
              description: emptyBi(),
              fields: [],
            };
            state.sections.push(section);
            changed();
            render(`fd-s${section.uid}-h`);
            ks.say(t('sectionAdded'));
          },
          { 'data-pointer': '/layout/sections' },
        ),
      );

    const sectionView = (s: Section, si: number) => {
      const at = `/layout/sections/${si}`;
      const heading = h('h2', { id: `fd-s${s.uid}-h`, tabindex: -1 });
      const headingText = () =>
        heading.replaceChildren(t('sectionHeading', { n: si + 1, title: ks.bi(s.title) || s.id }));
      headingText();
      const moveSection = (to: number) => {
        state.sections.splice(si, 1);
        state.sections.splice(to, 0, s);
        changed();
        render(`fd-s${s.uid}-${to < si ? 'up' : 'down'}`);
        ks.say(t('sectionMoved', { position: to + 1 }));
      };
      return h(
        'section',
        { class: 'ks-fd-section', 'aria-labelledby': heading.id, 'data-section': s.id },
        heading,
        h(
          'div',
          { class: 'ks-card' },
          h(
            'div',
            { class: 'ks-fd-row' },
            ks.field(
              t('sectionKey'),
              textControl(
                { id: `fd-s${s.uid}-id`, 'data-pointer': `${at}/id`, maxlength: 64, spellcheck: 'false' },
                () => s.id,
                (value) => (s.id = value.trim()),
              ),
              t('keyHint'),
            ),
          ),
          biControls(`fd-s${s.uid}-title`, `${at}/title`, t('sectionTitle'), s.title, {
            onInput: headingText,
            required: true,
          }),
          biControls(`fd-s${s.uid}-desc`, `${at}/description`, t('sectionDescription'), s.description, {
            multiline: true,
          }),
          h(
            'div',
            { class: 'ks-actions' },
            button(t('moveSectionUp'), () => moveSection(si - 1), {
              id: `fd-s${s.uid}-up`,
              disabled: si === 0,
            }),
            button(t('moveSectionDown'), () => moveSection(si + 1), {
              id: `fd-s${s.uid}-down`,
              disabled: si === state.sections.length - 1,
            }),
            button(
              t('removeSection'),
              () => {
                state.sections.splice(si, 1);
                changed();
                render(`fd-s${state.sections[Math.max(0, si - 1)]?.uid}-h`);
                ks.say(t('sectionRemoved'));
              },
              { class: 'ks-danger', disabled: s.fields.length > 0 || state.sections.length === 1 },
            ),
          ),
          s.fields.length ? h('p', { class: 'ks-hint' }, t('removeSectionHint')) : null,
        ),
        s.fields.length
          ? s.fields.map((f, fi) => fieldView(f, s, si, fi))
          : h('p', { class: 'ks-meta' }, t('noQuestions')),
        addQuestion(s, si),
      );
    };

    /** The "add a question" row of a section: widget, key and label first; the rest in its editor. */
    const addQuestion = (s: Section, si: number) => {
      const id = `fd-s${s.uid}-add`;
      let widget = 'rating';
      let keyTouched = false;
      const label = emptyBi();
      const keyInput = textControl(
        {
          id: `${id}-key`,
          'data-pointer': `add/${s.uid}/key`,
          maxlength: 64,
          spellcheck: 'false',
          autocomplete: 'off',
        },
        () => '',
        () => (keyTouched = true),
      );
      const labels = biControls(`${id}-label`, `add/${s.uid}/label`, t('questionLabel'), label, {
        onInput: () => {
          if (!keyTouched) keyInput.value = slug(label.en);
        },
      });
      const box = h(
        'fieldset',
        { class: 'ks-card ks-fd-add', 'data-pointer': `/layout/sections/${si}/fields` },
        h('legend', null, t('addQuestion')),
        h(
          'div',
          { class: 'ks-fd-row' },
          ks.field(
            t('widget'),
            select(
              { id: `${id}-widget` },
              widgetChoices(),
              () => widget,
              (v) => (widget = v),
            ),
          ),
          ks.field(t('key'), keyInput, t('keyHint')),
        ),
        labels,
        h(
          'div',
          { class: 'ks-actions' },
          button(
            t('addQuestionButton'),
            () => {
              const name = keyInput.value.trim();
              const errors: { pointer: string; message: string }[] = [];
              const taken = state.sections.some((x) => x.fields.some((f) => f.name === name));
              if (!/^[a-z][a-z0-9_]{0,63}$/.test(name))
                errors.push({ pointer: `add/${s.uid}/key`, message: t('keyInvalid') });
              else if (taken)
                errors.push({ pointer: `add/${s.uid}/key`, message: t('keyTaken', { key: name }) });
              for (const lang of LANGS)
                if (!label[lang].trim())
                  errors.push({ pointer: `add/${s.uid}/label/${lang}`, message: t('labelMissing') });
              if (errors.length) {
                const problem: ApiProblem = {
                  statusCode: 422,
                  code: 'invalid',
                  message: t('fixMarked'),
                  errors,
                };
                return ks.problem(problem, box);
              }
              const f = newField(widget, name, trimmed(label));
              // The new question's editor opens; the others fold away to keep the page short.
              for (const other of state.sections.flatMap((x) => x.fields)) other.open = false;
              s.fields.push(f);
              changed();
              render(`fd-${f.uid}-h`);
              ks.say(t('questionAdded', { label: labelOf(f) }));
            },
            { class: 'ks-primary' },
          ),
        ),
      );
      return box;
    };

    const fieldView = (f: Field, s: Section, si: number, fi: number) => {
      const at = `/layout/sections/${si}/fields/${fi}`;
      const all = state.sections.flatMap((x) => x.fields);
      const position = all.indexOf(f);
      const heading = h('h3', { id: `fd-${f.uid}-h`, tabindex: -1 });
      const summary = h('p', { class: 'ks-meta', style: 'margin:0' });
      const describe = () => {
        heading.replaceChildren(labelOf(f) || t('untitled'));
        const parts = [t(`widget.${f.widget}`), f.name || '—'];
        if (f.required && !computed(f)) parts.push(t('requiredShort'));
        if (f.visibleWhen.trim()) parts.push(t('shownWhen', { formula: f.visibleWhen.trim() }));
        if (computed(f)) parts.push(t('computedShort'));
        if (f.measure) parts.push(t('feeds', { metric: f.measure }));
        summary.replaceChildren(parts.join(' · '));
      };
      describe();
      const editor = h('div', { id: `fd-${f.uid}-editor`, hidden: !f.open });
      const card = h(
        'section',
        {
          class: 'ks-card ks-fd-field',
          'data-field': f.name,
          'data-pointer': at,
          'data-open': f.open,
          'aria-labelledby': heading.id,
        },
        h(
          'div',
          { class: 'ks-fd-head' },
          h('div', null, heading, summary),
          h(
            'div',
            { class: 'ks-actions' },
            h(
              'button',
              {
                type: 'button',
                id: `fd-${f.uid}-edit`,
                'aria-expanded': f.open ? 'true' : 'false',
                'aria-controls': editor.id,
                'aria-label': t('editNamed', { label: labelOf(f) || f.name }),
                onclick: (event: Event) => {
                  f.open = !f.open;
                  editor.hidden = !f.open;
                  if (f.open) card.setAttribute('data-open', '');
                  else card.removeAttribute('data-open');
                  (event.currentTarget as HTMLElement).setAttribute('aria-expanded', String(f.open));
                },
              },
              t('edit'),
            ),
            button(t('moveUp'), () => moveField(f, -1), {
              id: `fd-${f.uid}-up`,
              'aria-label': t('moveUpNamed', { label: labelOf(f) || f.name }),
              disabled: position === 0,
            }),
            button(t('moveDown'), () => moveField(f, 1), {
              id: `fd-${f.uid}-down`,
              'aria-label': t('moveDownNamed', { label: labelOf(f) || f.name }),
              disabled: position === all.length - 1,
            }),
            button(
              t('remove'),
              () => {
                s.fields.splice(fi, 1);
                removed = { field: f, section: s, index: fi };
                undo.hidden = false;
                changed();
                const next = s.fields[fi] ?? s.fields[fi - 1];
                render(next ? `fd-${next.uid}-h` : `fd-s${s.uid}-h`);
                ks.say(t('questionRemoved', { label: labelOf(f) || f.name }));
              },
              { class: 'ks-danger', 'aria-label': t('removeNamed', { label: labelOf(f) || f.name }) },
            ),
          ),
        ),
        editor,
      );
      fillEditor(editor, f, at, () => {
        describe();
        card.setAttribute('data-field', f.name);
      });
      return card;
    };

    /** Moves a question one place up or down; past the end of its section it goes to the next section. */
    const moveField = (f: Field, step: -1 | 1) => {
      const si = state.sections.findIndex((s) => s.fields.includes(f));
      const section = state.sections[si];
      const fi = section.fields.indexOf(f);
      section.fields.splice(fi, 1);
      const to = fi + step;
      if (to < 0) state.sections[si - 1].fields.push(f);
      else if (to > section.fields.length) state.sections[si + 1].fields.unshift(f);
      else section.fields.splice(to, 0, f);
      changed();
      const all = state.sections.flatMap((s) => s.fields);
      const position = all.indexOf(f);
      const keep = step < 0 ? (position === 0 ? 'down' : 'up') : position === all.length - 1 ? 'up' : 'down';
      render(`fd-${f.uid}-${keep}`);
      ks.say(t('questionMoved', { label: labelOf(f) || f.name, position: position + 1, count: all.length }));
    };

    /** The controls of one question, by widget. */
    const fillEditor = (editor: HTMLElement, f: Field, at: string, describe: () => void) => {
      const id = `fd-${f.uid}`;
      const rerender = (focus: string) => {
        changed();
        render(focus);
      };
      const others = () =>
        state.sections
          .flatMap((s) => s.fields)
          .filter((x) => x !== f && x.name)
          .map((x) => x.name)
          .join(', ');
      const parts: (HTMLElement | null)[] = [];
      parts.push(
        h(
          'div',
          { class: 'ks-fd-row' },
          ks.field(
            t('widget'),
            select(
              { id: `${id}-widget`, 'data-pointer': `${at}/widget` },
              widgetChoices(),
              () => f.widget,
              (value) => {
                f.widget = value;
                prepare(f);
                rerender(`${id}-widget`);
              },
            ),
          ),
          ks.field(
            t('key'),
            textControl(
              {
                id: `${id}-name`,
                'data-pointer': `${at}/name`,
                maxlength: 64,
                spellcheck: 'false',
                autocomplete: 'off',
              },
              () => f.name,
              (value) => {
                const before = f.name;
                f.name = value.trim();
                for (const m of state.otherMeasures) {
                  const [field, row] = str(m.field).split('.');
                  if (field === before) m.field = row ? `${f.name}.${row}` : f.name;
                }
                describe();
              },
            ),
            t('keyHint'),
          ),
        ),
      );
      parts.push(
        biControls(`${id}-label`, `${at}/label`, t('questionLabel'), f.label, {
          onInput: describe,
          required: true,
        }),
      );
      parts.push(biControls(`${id}-help`, `${at}/help`, t('help'), f.help, { multiline: true }));
      if (['text', 'textarea', 'number'].includes(f.widget) && !computed(f))
        parts.push(biControls(`${id}-placeholder`, `${at}/placeholder`, t('placeholder'), f.placeholder));
      if (!computed(f))
        parts.push(
          checkbox(
            `${id}-required`,
            `${at}/required`,
            t('required'),
            () => f.required,
            (v) => {
              f.required = v;
              describe();
            },
          ),
        );
      if (f.widget === 'number') {
        const numberInput = (part: 'min' | 'max') =>
          textControl(
            { id: `${id}-${part}`, type: 'number', step: 'any', 'data-pointer': `${at}/${part}` },
            () => f[part],
            (value) => (f[part] = value),
          );
        parts.push(
          h(
            'div',
            { class: 'ks-fd-row' },
            ks.field(t('min'), numberInput('min')),
            ks.field(t('max'), numberInput('max')),
          ),
          checkbox(
            `${id}-integer`,
            `${at}/integer`,
            t('integer'),
            () => f.integer,
            (v) => (f.integer = v),
          ),
        );
      }
      if ((f.widget === 'text' || f.widget === 'textarea') && !computed(f)) {
        parts.push(
          h(
            'div',
            { class: 'ks-fd-row' },
            ks.field(
              t('maxLength'),
              textControl(
                { id: `${id}-maxLength`, type: 'number', min: 1, step: 1, 'data-pointer': `${at}/maxLength` },
                () => f.maxLength,
                (value) => (f.maxLength = value),
              ),
            ),
          ),
        );
        if (f.widget === 'text')
          parts.push(
            checkbox(
              `${id}-email`,
              `${at}/email`,
              t('email'),
              () => f.email,
              (v) => (f.email = v),
            ),
          );
      }
      if (f.widget === 'checkbox') {
        const multiple = checkbox(
          `${id}-multiple`,
          `${at}/multiple`,
          t('multiple'),
          () => f.multiple,
          (v) => {
            f.multiple = v;
            prepare(f);
            rerender(`${id}-multiple`);
          },
        );
        parts.push(multiple);
      }
      if (CHOICES.includes(f.widget) && (f.widget !== 'checkbox' || f.multiple))
        parts.push(optionsEditor(f, at, rerender));
      if (f.widget === 'likert') parts.push(rowsEditor(f, at, rerender), scaleEditor(f, at, rerender));
      if (f.widget === 'rating' || f.widget === 'nps')
        parts.push(h('p', { class: 'ks-hint' }, t(f.widget === 'rating' ? 'ratingHint' : 'npsHint')));
      parts.push(
        ks.field(
          t('visibleWhen'),
          textControl(
            {
              id: `${id}-visibleWhen`,
              class: 'ks-fd-formula',
              'data-pointer': `${at}/visibleWhen`,
              spellcheck: 'false',
              autocomplete: 'off',
              maxlength: 2000,
            },
            () => f.visibleWhen,
            (value) => {
              f.visibleWhen = value;
              describe();
            },
          ),
          t('visibleWhenHint', { fields: others() || '—' }),
        ),
      );
      if (f.widget === 'number' || f.widget === 'text')
        parts.push(
          ks.field(
            t('compute'),
            textControl(
              {
                id: `${id}-compute`,
                class: 'ks-fd-formula',
                'data-pointer': `${at}/compute`,
                spellcheck: 'false',
                autocomplete: 'off',
                maxlength: 2000,
              },
              () => f.compute,
              (value) => {
                const was = computed(f);
                f.compute = value;
                describe();
                // Computed questions have no placeholder, limits or "required": redraw when that changes.
                if (was !== computed(f)) {
                  changed();
                  render(`${id}-compute`);
                }
              },
            ),
            t('computeHint', { fields: others() || '—' }),
          ),
        );
      const scales = SCALES[f.widget];
      if (scales)
        parts.push(
          h(
            'div',
            { class: 'ks-fd-row' },
            ks.field(
              t('measure'),
              select(
                { id: `${id}-measure`, 'data-pointer': `${at}/measure` },
                metricChoices(f.measure),
                () => f.measure,
                (value) => {
                  f.measure = value;
                  describe();
                },
              ),
              t('measureHint'),
            ),
            scales.length > 1
              ? ks.field(
                  t('measureScale'),
                  select(
                    { id: `${id}-measureScale`, 'data-pointer': `${at}/measureScale` },
                    scales.map((sc) => [sc, t(`scale.${sc}`)]),
                    () => f.measureScale,
                    (value) => (f.measureScale = value),
                  ),
                )
              : null,
          ),
        );
      ks.fill(editor, parts);
    };

    /** One editable list (options, likert rows or points) with move and remove buttons per item. */
    const listEditor = <T>(
      legend: string,
      at: string,
      items: T[],
      itemName: (item: T, index: number) => string,
      itemView: (item: T, index: number) => (HTMLElement | null)[],
      make: () => T,
      addLabel: string,
      idBase: string,
      rerender: (focus: string) => void,
      minimum = 0,
    ) =>
      h(
        'fieldset',
        { class: 'ks-fd-list' },
        h('legend', null, legend),
        items.map((item, i) =>
          h(
            'div',
            { class: 'ks-fd-item' },
            itemView(item, i),
            h(
              'div',
              { class: 'ks-actions' },
              button(
                t('moveUp'),
                () => {
                  items.splice(i - 1, 0, ...items.splice(i, 1));
                  rerender(`${idBase}-${i - 1}-${i - 1 === 0 ? 'down' : 'up'}`);
                },
                {
                  id: `${idBase}-${i}-up`,
                  disabled: i === 0,
                  'aria-label': t('moveUpNamed', { label: itemName(item, i) }),
                },
              ),
              button(
                t('moveDown'),
                () => {
                  items.splice(i + 1, 0, ...items.splice(i, 1));
                  rerender(`${idBase}-${i + 1}-${i + 1 === items.length - 1 ? 'up' : 'down'}`);
                },
                {
                  id: `${idBase}-${i}-down`,
                  disabled: i === items.length - 1,
                  'aria-label': t('moveDownNamed', { label: itemName(item, i) }),
                },
              ),
              button(
                t('remove'),
                () => {
                  items.splice(i, 1);
                  rerender(`${idBase}-add`);
                },
                {
                  class: 'ks-danger',
                  disabled: items.length <= minimum,
                  'aria-label': t('removeNamed', { label: itemName(item, i) }),
                },
              ),
            ),
          ),
        ),
        button(
          addLabel,
          () => {
            items.push(make());
            rerender(`${idBase}-${items.length - 1}-value`);
          },
          { id: `${idBase}-add`, 'data-pointer': at },
        ),
      );

    const optionsEditor = (f: Field, at: string, rerender: (focus: string) => void) => {
      const idBase = `fd-${f.uid}-opt`;
      return listEditor(
        t('options'),
        `${at}/options`,
        f.options,
        (o, i) => o.label[ks.locale] || o.value || t('optionN', { n: i + 1 }),
        (o, i) => {
          const value = textControl(
            {
              id: `${idBase}-${i}-value`,
              'data-pointer': `${at}/options/${i}/value`,
              spellcheck: 'false',
              autocomplete: 'off',
              maxlength: 200,
            },
            () => o.value,
            (v) => {
              o.value = v.trim();
              o.touched = true;
            },
          );
          return [
            h('p', { class: 'ks-meta', style: 'margin:.25rem 0 0' }, t('optionN', { n: i + 1 })),
            h('div', { class: 'ks-fd-row' }, ks.field(t('optionValue'), value, t('optionValueHint'))),
            biControls(`${idBase}-${i}-label`, `${at}/options/${i}/label`, t('optionLabel'), o.label, {
              required: true,
              onInput: () => {
                if (!o.touched && !f.numericOptions) {
                  o.value = slug(o.label.en) || `option_${i + 1}`;
                  value.value = o.value;
                }
              },
            }),
          ];
        },
        newOption,
        t('addOption'),
        idBase,
        rerender,
        1,
      );
    };

    const rowsEditor = (f: Field, at: string, rerender: (focus: string) => void) => {
      const idBase = `fd-${f.uid}-row`;
      return listEditor(
        t('likertRows'),
        `${at}/rows`,
        f.rows,
        (r, i) => r.label[ks.locale] || r.key || t('rowN', { n: i + 1 }),
        (r, i) => {
          const keyInput = textControl(
            {
              id: `${idBase}-${i}-value`,
              'data-pointer': `${at}/rows/${i}/key`,
              spellcheck: 'false',
              autocomplete: 'off',
              maxlength: 64,
            },
            () => r.key,
            (v) => {
              r.key = v.trim();
              r.touched = true;
            },
          );
          return [
            h('p', { class: 'ks-meta', style: 'margin:.25rem 0 0' }, t('rowN', { n: i + 1 })),
            h(
              'div',
              { class: 'ks-fd-row' },
              ks.field(t('rowKey'), keyInput, t('keyHint')),
              ks.field(
                t('measure'),
                select(
                  { id: `${idBase}-${i}-measure`, 'data-pointer': `${at}/rows/${i}/measure` },
                  metricChoices(r.measure),
                  () => r.measure,
                  (v) => (r.measure = v),
                ),
              ),
            ),
            biControls(`${idBase}-${i}-label`, `${at}/rows/${i}/label`, t('rowLabel'), r.label, {
              required: true,
              onInput: () => {
                if (!r.touched) {
                  r.key = slug(r.label.en);
                  keyInput.value = r.key;
                }
              },
            }),
          ];
        },
        newRow,
        t('addRow'),
        idBase,
        rerender,
        1,
      );
    };

    const scaleEditor = (f: Field, at: string, rerender: (focus: string) => void) => {
      const idBase = `fd-${f.uid}-point`;
      return listEditor(
        t('likertScale'),
        `${at}/scale`,
        f.scale,
        (p, i) => p.label[ks.locale] || p.value || t('pointN', { n: i + 1 }),
        (p, i) => [
          h(
            'div',
            { class: 'ks-fd-row' },
            ks.field(
              t('pointValue'),
              textControl(
                {
                  id: `${idBase}-${i}-value`,
                  type: 'number',
                  step: 'any',
                  'data-pointer': `${at}/scale/${i}/value`,
                },
                () => p.value,
                (v) => (p.value = v),
              ),
            ),
          ),
          biControls(`${idBase}-${i}-label`, `${at}/scale/${i}/label`, t('pointLabel'), p.label, {
            required: true,
          }),
        ],
        () => ({ value: String(f.scale.length + 1), label: emptyBi() }),
        t('addPoint'),
        idBase,
        rerender,
        2,
      );
    };

    // ---- The server's errors, placed next to the designer's controls ----
    const hasControl = (pointer: string) =>
      [...column.querySelectorAll<HTMLElement>('[data-pointer]')].some((n) => n.dataset.pointer === pointer);
    /** A pointer into the document (as the API gives it, e.g. /body/content/…, /draft/…) → a control's. */
    const controlPointer = (raw: string): string => {
      let p = raw.replace(/^\/(body\/document|body\/content|draft)(?=\/|$)/, '');
      const property = /^\/dataSchema\/properties\/([^/]+)(\/.*)?$/.exec(p);
      const owner = property
        ? built.byName.get(property[1].replace(/~1/g, '/').replace(/~0/g, '~'))
        : undefined;
      if (property && owner) {
        const rest = property[2] ?? '';
        const option = /^\/(?:items\/)?enum\/(\d+)/.exec(rest);
        p = /^\/(minimum|exclusiveMinimum)/.test(rest)
          ? `${owner}/min`
          : /^\/(maximum|exclusiveMaximum)/.test(rest)
            ? `${owner}/max`
            : /^\/maxLength/.test(rest)
              ? `${owner}/maxLength`
              : option
                ? `${owner}/options/${option[1]}/value`
                : /^\/properties\//.test(rest)
                  ? `${owner}/rows`
                  : `${owner}/widget`;
      }
      const required = /^\/dataSchema\/required\/(\d+)$/.exec(p);
      const requiredOwner = required ? built.byName.get(built.required[Number(required[1])]) : undefined;
      if (requiredOwner) p = `${requiredOwner}/required`;
      const measure = /^\/measures\/(\d+)(\/.*)?$/.exec(p);
      const measureOwner = measure ? built.measureOwners[Number(measure[1])] : null;
      if (measureOwner) p = measureOwner;
      for (let q = p; q; q = q.slice(0, q.lastIndexOf('/'))) if (hasControl(q)) return q;
      return p;
    };
    const showProblem = (problem: ApiProblem | null) => {
      if (!problem) return;
      buildDocument(); // the owners of the data schema's parts, as sent
      const errors = (problem.errors ?? []).map((e) => ({
        pointer: controlPointer(e.pointer),
        message: e.message,
      }));
      let reopen = false;
      for (const e of errors) {
        const m = /^\/layout\/sections\/(\d+)\/fields\/(\d+)\/./.exec(e.pointer);
        const f = m ? state.sections[Number(m[1])]?.fields[Number(m[2])] : undefined;
        if (f && !f.open) reopen = f.open = true;
      }
      if (reopen) render();
      ks.problem({ ...problem, errors }, column);
    };

    // ---- Save, validate, publish ----
    const busy = async (work: () => Promise<void>) => {
      for (const b of [saveButton, validateButton, publishButton]) b.disabled = true;
      try {
        await work();
      } finally {
        for (const b of [saveButton, validateButton, publishButton]) b.disabled = false;
      }
    };
    const save = async (): Promise<boolean> => {
      const answer = await draft.save(buildDocument());
      if (!answer.ok) {
        showProblem(answer.problem);
        return false;
      }
      showStatus();
      return true;
    };
    const draftProblems = (errors: { pointer: string; message: string }[], message: string) =>
      showProblem({ statusCode: 422, code: 'documents.invalid', message, errors });
    saveButton.addEventListener('click', () =>
      busy(async () => {
        if (!(await save())) return;
        ks.clearProblems(column);
        const { draftErrors } = draft.view;
        if (draftErrors.length)
          draftProblems(draft.problems(draftErrors), t('savedWithProblems', { count: draftErrors.length }));
        else ks.say(t('savedOk'));
      }),
    );
    validateButton.addEventListener('click', () =>
      busy(async () => {
        if (!(await save())) return;
        const answer = await draft.check();
        if (!answer.ok) return showProblem(answer.problem);
        ks.clearProblems(column);
        if (answer.data.valid) ks.say(t('validOk'));
        else draftProblems(answer.data.errors, t('notValid', { count: answer.data.errors.length }));
      }),
    );
    publishButton.addEventListener('click', () =>
      busy(async () => {
        if (!(await save())) return;
        const answer = await draft.publish();
        if (!answer.ok) return showProblem(answer.problem);
        ks.clearProblems(column);
        showStatus();
        ks.say(t('publishedOk', { version: answer.data.version }));
      }),
    );
    undo.addEventListener('click', () => {
      if (!removed) return;
      const { field, section, index } = removed;
      const target = state.sections.includes(section) ? section : state.sections[0];
      target.fields.splice(Math.min(index, target.fields.length), 0, field);
      removed = null;
      undo.hidden = true;
      changed();
      render(`fd-${field.uid}-h`);
      ks.say(t('questionRestored', { label: labelOf(field) || field.name }));
    });

    // ---- Live preview: the engine's HTML of the document, in a shadow root with the survey page's styles ----
    let previewLang: Lang = ks.locale;
    let answers: Record<string, string | string[]> = {};
    let previewRun = 0;
    const host = h('div', { id: 'fd-preview', class: 'ks-fd-preview-host', 'data-width': 'wide' });
    const shadow = host.attachShadow({ mode: 'open' });
    const note = h('div', { class: 'ks-fd-preview-note', id: 'fd-preview-note' });
    const langButtons = LANGS.map((lang) =>
      h(
        'button',
        {
          type: 'button',
          lang,
          'aria-pressed': lang === previewLang ? 'true' : 'false',
          onclick: () => {
            previewLang = lang;
            langButtons.forEach((b) =>
              b.setAttribute('aria-pressed', String(b.getAttribute('lang') === lang)),
            );
            void refreshPreview();
          },
        },
        lang === 'zh-CN' ? '中文' : 'English',
      ),
    );
    const phoneButton = h(
      'button',
      {
        type: 'button',
        'aria-pressed': 'false',
        onclick: () => {
          const phone = host.dataset.width !== 'phone';
          host.dataset.width = phone ? 'phone' : 'wide';
          phoneButton.setAttribute('aria-pressed', String(phone));
        },
      },
      t('phoneWidth'),
    );
    const previewPanel = h(
      'section',
      { class: 'ks-card ks-fd-preview', 'aria-labelledby': 'fd-preview-h' },
      h('h2', { id: 'fd-preview-h' }, t('preview')),
      h('p', { class: 'ks-hint' }, t('previewHint')),
      h(
        'div',
        { class: 'ks-actions', role: 'group', 'aria-label': t('previewOptions') },
        langButtons,
        phoneButton,
        button(t('clearAnswers'), () => {
          answers = {};
          void refreshPreview();
        }),
      ),
      note,
      host,
    );

    const drawPreview = (html: string, css: string) => {
      const focused = (shadow.activeElement as HTMLElement | null)?.id;
      const parsed = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
      const title = state.title[previewLang].trim() || state.title['zh-CN'] || state.title.en;
      const page = h(
        'div',
        { class: 'ks-pv' },
        h(
          'div',
          { class: 'ks-main', lang: previewLang },
          h('p', { class: 'ks-pv-title' }, title || t('untitled')),
          [...(parsed.body.firstElementChild?.childNodes ?? [])],
        ),
      );
      // The page's phone layout follows the preview's width (a container), not the console window's.
      const phoneCss = css.replace(/@media\s*\((max-width:\s*[\d.]+rem)\)/g, '@container ($1)');
      shadow.replaceChildren(
        h(
          'style',
          null,
          `${phoneCss}\n:host{display:block;font-size:16px;line-height:1.6;color:#1f2328}.ks-pv{container-type:inline-size}.ks-main{margin:0}.ks-pv-title{font-size:1.5rem;line-height:1.3;font-weight:700;margin:0 0 1rem}`,
        ),
        page,
      );
      const form = shadow.querySelector('form');
      form?.addEventListener('submit', (event) => {
        event.preventDefault();
        ks.say(t('previewOnly'));
      });
      form?.addEventListener('change', () => {
        const next: Record<string, string | string[]> = {};
        new FormData(form).forEach((value, name) => {
          if (typeof value !== 'string' || name.startsWith('_')) return;
          const prior = next[name];
          next[name] = prior === undefined ? value : ([] as string[]).concat(prior, value);
        });
        answers = next;
        void refreshPreview();
      });
      if (focused) (shadow.getElementById(focused) as HTMLElement | null)?.focus();
    };

    const refreshPreview = async () => {
      const run = ++previewRun;
      const answer = await ks.api<{ html: string; css: string; hidden: string[] }>(
        'POST',
        '/api/forms/preview',
        {
          document: buildDocument(),
          lang: previewLang,
          answers,
        },
      );
      if (run !== previewRun) return; // a newer preview is on its way
      if (answer.ok) {
        ks.fill(note);
        host.hidden = false;
        drawPreview(answer.data.html, answer.data.css);
        host.dataset.state = 'ready';
        return;
      }
      host.dataset.state = 'invalid';
      const errors = answer.problem?.errors ?? [];
      ks.fill(
        note,
        h(
          'div',
          { class: 'ks-problem-box' },
          h('p', null, t('previewBlocked', { count: errors.length })),
          h(
            'ul',
            null,
            errors.map((e) => {
              const target = controlPointer(e.pointer);
              return h(
                'li',
                null,
                e.message,
                ' ',
                hasControl(target)
                  ? button(t('goToField'), () => {
                      const control = [...column.querySelectorAll<HTMLElement>('[data-pointer]')].find(
                        (n) => n.dataset.pointer === target,
                      );
                      const card = control?.closest<HTMLElement>('.ks-fd-field');
                      card?.querySelector<HTMLButtonElement>('.ks-fd-head [aria-expanded="false"]')?.click();
                      control?.focus();
                    })
                  : h('code', null, e.pointer),
              );
            }),
          ),
        ),
      );
    };

    ks.fill(
      ks.root,
      h('p', null, h('a', { href: listHref }, t('backToForms'))),
      h('div', { class: 'ks-fd' }, column, h('div', { class: 'ks-fd-side' }, previewPanel)),
    );
    showStatus();
    render();
    await refreshPreview();
    ks.ready();
  },
};
