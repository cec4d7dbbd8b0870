/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';
import { DOCUMENT_STATUS_TEXTS } from './document-texts';
import { KPI_WORDS_TEXTS } from './kpi-words.texts';

/**
 * The KPI library by family, with each KPI's target and scoring rule in words, and the scorecard
 * templates: the built-in ones (their effective KPIs and weights) and the admin's own, which are created
 * here as a copy and edited at /console/kpis/:key.
 */
export const kpisPage: ConsolePage = {
  path: 'kpis',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '指标库与考核模板', en: 'KPIs and scorecard templates' },
  nav: { group: 'admin', order: 10 },
  texts: {
    ...KPI_WORDS_TEXTS,
    ...DOCUMENT_STATUS_TEXTS,
    library: { 'zh-CN': '指标库', en: 'KPI library' },
    libraryIntro: {
      'zh-CN': '内置指标按类别列出。考核模板从中选择指标并分配权重。',
      en: 'The built-in KPIs by family. Scorecard templates pick from these and weigh them.',
    },
    'col.name': { 'zh-CN': '指标', en: 'KPI' },
    'col.unit': { 'zh-CN': '单位', en: 'Unit' },
    'col.direction': { 'zh-CN': '方向', en: 'Direction' },
    'col.horizon': { 'zh-CN': '周期', en: 'Horizon' },
    'col.targetRule': { 'zh-CN': '目标', en: 'Target' },
    'col.scoringRule': { 'zh-CN': '计分规则', en: 'Scoring rule' },
    'col.weight': { 'zh-CN': '权重', en: 'Weight' },
    'col.key': { 'zh-CN': '键', en: 'Key' },
    'col.accountType': { 'zh-CN': '客户类型', en: 'Account type' },
    'col.status': { 'zh-CN': '状态', en: 'Status' },
    'col.version': { 'zh-CN': '已发布版本', en: 'Published version' },
    'col.actions': { 'zh-CN': '操作', en: 'Actions' },
    'col.setBy': { 'zh-CN': '来源', en: 'Set by' },
    templates: { 'zh-CN': '考核模板', en: 'Scorecard templates' },
    templatesIntro: {
      'zh-CN': '每种客户类型一套模板。内置模板不可修改：复制后编辑、发布为新版本。',
      en: 'One template per account type. Built-in templates cannot change: copy one, edit it, publish it as a version.',
    },
    builtIn: { 'zh-CN': '内置 · 版本 {version}', en: 'Built in · version {version}' },
    extendsBase: { 'zh-CN': '继承自 {base}', en: 'Extends {base}' },
    removes: { 'zh-CN': '去掉基础模板中的：{kpis}', en: 'Drops from the base: {kpis}' },
    weightsOf: { 'zh-CN': '{name}：生效的指标与权重', en: '{name}: effective KPIs and weights' },
    sumIs: { 'zh-CN': '权重合计 {sum} / 100', en: 'Weights sum {sum} / 100' },
    bands: { 'zh-CN': '评级：{bands}', en: 'Rating bands: {bands}' },
    copyToEdit: { 'zh-CN': '复制后编辑', en: 'Copy to edit' },
    copyOf: { 'zh-CN': '复制后编辑：{name}', en: 'Copy to edit: {name}' },
    yourTemplates: { 'zh-CN': '自定义模板', en: 'Your templates' },
    noTemplates: {
      'zh-CN': '还没有自定义模板。复制一个内置模板开始。',
      en: 'No templates of your own yet. Copy a built-in one to start.',
    },
    edit: { 'zh-CN': '编辑 {name}', en: 'Edit {name}' },
    draftPending: { 'zh-CN': '（有未发布的草稿）', en: ' (unpublished draft)' },
    newTemplate: { 'zh-CN': '新建模板', en: 'New template' },
    newKey: { 'zh-CN': '模板键', en: 'Template key' },
    newKeyHint: {
      'zh-CN': '小写字母开头，只含小写字母、数字和下划线，例如 multinational_2027',
      en: 'Starts with a lower-case letter; lower-case letters, digits and _ only, e.g. multinational_2027',
    },
    basedOn: { 'zh-CN': '复制自', en: 'Copy of' },
    create: { 'zh-CN': '创建并编辑', en: 'Create and edit' },
    copySuffix: { 'zh-CN': '（副本）', en: ' (copy)' },
    kpiDocuments: { 'zh-CN': '自定义指标文档', en: 'Your KPI documents' },
    kpiDocumentsNote: {
      'zh-CN': '以下指标文档保存在文档库中；目前模板只能使用内置指标。',
      en: 'These KPI documents are kept in the document store; templates can use the built-in KPIs only for now.',
    },
    loadFailed: { 'zh-CN': '无法加载指标库。', en: 'The KPI library could not be loaded.' },
  },
  script: async (ks) => {
    const { h, t } = ks;
    type Bi = { 'zh-CN': string; en: string };
    type Rule = Record<string, unknown> & { type: string };
    interface Kpi {
      key: string;
      name: Bi;
      description?: Bi;
      family: string;
      unit: string;
      direction: 'higher' | 'lower';
      horizon: 'short' | 'long';
      formula: string;
      target: Rule;
      scoring: Rule;
      window?: { periods: number; aggregate?: string };
    }
    interface Entry {
      kpi: string;
      weight?: number;
      target?: Rule;
    }
    interface Template {
      key: string;
      version?: number;
      name: Bi;
      accountType: string;
      extends?: string;
      entries: Entry[];
      remove?: string[];
      ratingBands?: { rating: string; min: number; label?: Bi }[];
    }

    const [libraryAnswer, templateDocs, kpiDocs] = await Promise.all([
      ks.api<{ kpis: Kpi[]; templates: Template[] }>('GET', '/api/kpi-library'),
      ks.documents<Template>('scorecard_template'),
      ks.api<{ key: string; status: string; publishedVersion: number | null; draft: Kpi | null }[]>(
        'GET',
        '/api/documents/kpi',
      ),
    ]);
    if (!libraryAnswer.ok) {
      ks.fill(ks.root, h('p', null, t('loadFailed')));
      ks.problem(libraryAnswer.problem);
      ks.ready();
      return;
    }
    const library = libraryAnswer.data;
    const kpiByKey = new Map(library.kpis.map((k) => [k.key, k]));
    const builtins = new Map(library.templates.map((tpl) => [tpl.key, tpl]));

    // ---- words for values, targets and rules ----
    const value = (kpi: Kpi | undefined, v: unknown): string => {
      if (typeof v !== 'number') return '—';
      const unit = kpi?.unit ?? '';
      if (unit === '%') return `${ks.num(v * 100, 2)}%`;
      if (['CNY', 'hours', 'years', 'days'].includes(unit)) return t(`unit.${unit}`, { v: ks.num(v, 2) });
      return ks.num(v, 2);
    };
    const ofTarget = (v: unknown) => t('words.ofTarget', { p: ks.num(Number(v) * 100, 1) });
    const targetWords = (kpi: Kpi | undefined, target: Rule | undefined): string => {
      if (!target) return '—';
      if (target.type === 'fixed') return t('words.target.fixed', { v: value(kpi, target.value) });
      if (target.type === 'growth')
        return t('words.target.growth', { p: ks.num(Number(target.rate) * 100, 1) });
      if (target.type === 'per_account')
        return target.default === undefined
          ? t('words.target.perAccount')
          : t('words.target.perAccountDefault', { v: value(kpi, target.default) });
      return target.type;
    };
    const ruleWords = (kpi: Kpi | undefined, rule: Rule | undefined): string => {
      if (!rule) return '—';
      const at = (v: unknown) => (rule.relative ? ofTarget(v) : value(kpi, v));
      switch (rule.type) {
        case 'linear':
          return t('words.rule.linear', {
            floor: at(rule.floor),
            stretch: at(rule.stretch),
            cap: ks.num(rule.cap),
          });
        case 'lower_is_better':
          return t('words.rule.lower', {
            ceiling: at(rule.ceiling),
            stretch: at(rule.stretch),
            cap: ks.num(rule.cap),
          });
        case 'step': {
          const bands = (rule.bands as { threshold: number; score: number }[])
            .map((b) => t('words.rule.band', { at: at(b.threshold), score: ks.num(b.score) }))
            .join(t('words.separator'));
          return t(kpi?.direction === 'lower' ? 'words.rule.stepLower' : 'words.rule.step', { bands });
        }
        case 'gate':
          return t('words.rule.gate', {
            above: ks.num(typeof rule.breachAbove === 'number' ? rule.breachAbove : 0),
            cap: ks.num(rule.cap),
          });
        case 'formula':
          return rule.cap === undefined
            ? t('words.rule.formula')
            : t('words.rule.formulaCap', { cap: ks.num(rule.cap) });
        default:
          return rule.type;
      }
    };
    const accountType = (type: string) => {
      const text = t(`type.${type}`);
      return text === `type.${type}` ? type : text;
    };

    /** A template's chain flattened (base first): the effective KPIs with weight and who set it. */
    const flatten = (key: string, all: Map<string, Template>) => {
      const chain: Template[] = [];
      for (let k: string | undefined = key; k && chain.length < 10;) {
        const tpl = all.get(k);
        if (!tpl || chain.includes(tpl)) break;
        chain.unshift(tpl);
        k = tpl.extends;
      }
      const effective = new Map<string, { weight: number | undefined; target?: Rule; setBy: string }>();
      for (const tpl of chain) {
        for (const kpi of tpl.remove ?? []) effective.delete(kpi);
        for (const e of tpl.entries) {
          const before = effective.get(e.kpi);
          effective.set(e.kpi, {
            weight: e.weight ?? before?.weight,
            target: e.target ?? before?.target,
            setBy: tpl.key,
          });
        }
      }
      return effective;
    };

    // ---- the library, by family ----
    const families = [...new Set(library.kpis.map((k) => k.family))];
    const librarySection = h(
      'section',
      { class: 'ks-card', 'aria-labelledby': 'ks-library-h' },
      h('h2', { id: 'ks-library-h' }, t('library')),
      h('p', { class: 'ks-meta' }, t('libraryIntro')),
      families.map((family) =>
        h(
          'div',
          { class: 'ks-scroll', 'data-family': family },
          h('h3', null, t(`family.${family}`)),
          ks.table(
            t(`family.${family}`),
            ['name', 'unit', 'direction', 'horizon', 'targetRule', 'scoringRule'].map((c) => t(`col.${c}`)),
            library.kpis
              .filter((k) => k.family === family)
              .map((k) => [
                h(
                  'span',
                  { 'data-kpi': k.key },
                  h('strong', null, ks.bi(k.name)),
                  ' ',
                  h('code', { class: 'ks-meta' }, k.key),
                  k.description ? h('span', { class: 'ks-hint ks-block' }, ks.bi(k.description)) : null,
                ),
                t(`unitName.${k.unit}`) === `unitName.${k.unit}` ? k.unit : t(`unitName.${k.unit}`),
                t(`direction.${k.direction}`),
                [
                  t(`horizon.${k.horizon}`),
                  k.window
                    ? h(
                        'span',
                        { class: 'ks-hint ks-block' },
                        t('words.window', {
                          periods: k.window.periods,
                          aggregate: t(`aggregate.${k.window.aggregate ?? 'average'}`),
                        }),
                      )
                    : null,
                ],
                targetWords(k, k.target),
                [
                  ruleWords(k, k.scoring),
                  k.scoring.type === 'formula'
                    ? h('code', { class: 'ks-hint ks-block' }, String(k.scoring.formula))
                    : null,
                ],
              ]),
          ),
        ),
      ),
    );

    // ---- templates ----
    const keyInput = h('input', {
      type: 'text',
      name: 'key',
      required: true,
      pattern: '[a-z][a-z0-9_]{0,63}',
      autocomplete: 'off',
      'data-pointer': '/body/key',
    }) as HTMLInputElement;
    const docs = templateDocs.ok ? templateDocs.data : [];
    const basedOn = h(
      'select',
      { name: 'basedOn', 'data-pointer': '/body/content' },
      [...builtins.values()].map((tpl) => h('option', { value: `builtin:${tpl.key}` }, ks.bi(tpl.name))),
      docs.map(({ doc: d }) =>
        h('option', { value: `doc:${d.key}` }, d.draft ? `${ks.bi(d.draft.name)} (${d.key})` : d.key),
      ),
    ) as HTMLSelectElement;

    const builtinCards = [...builtins.values()].map((tpl) => {
      const effective = flatten(tpl.key, builtins);
      const sum = [...effective.values()].reduce((s, e) => s + (e.weight ?? 0), 0);
      const bands =
        tpl.ratingBands ?? (tpl.extends ? builtins.get(tpl.extends)?.ratingBands : undefined) ?? [];
      const headingId = `ks-template-${tpl.key}`;
      return h(
        'article',
        { class: 'ks-card ks-template', 'data-template': tpl.key, 'aria-labelledby': headingId },
        h('h3', { id: headingId }, ks.bi(tpl.name)),
        h(
          'p',
          { class: 'ks-meta' },
          `${t('col.accountType')}: ${accountType(tpl.accountType)} · `,
          t('builtIn', { version: tpl.version ?? 1 }),
          tpl.extends
            ? ` · ${t('extendsBase', { base: ks.bi(builtins.get(tpl.extends)?.name) || tpl.extends })}`
            : '',
        ),
        tpl.remove?.length
          ? h(
              'p',
              { class: 'ks-meta' },
              t('removes', { kpis: tpl.remove.map((k) => ks.bi(kpiByKey.get(k)?.name) || k).join(', ') }),
            )
          : null,
        h(
          'details',
          null,
          h(
            'summary',
            null,
            t('weightsOf', { name: ks.bi(tpl.name) }),
            ' — ',
            t('sumIs', { sum: ks.num(sum, 2) }),
          ),
          ks.table(
            t('weightsOf', { name: ks.bi(tpl.name) }),
            [t('col.name'), t('col.weight'), t('col.setBy')],
            [...effective.entries()].map(([kpi, e]) => [
              ks.bi(kpiByKey.get(kpi)?.name) || kpi,
              ks.num(e.weight, 2),
              ks.bi(builtins.get(e.setBy)?.name) || e.setBy,
            ]),
          ),
        ),
        bands.length
          ? h(
              'p',
              { class: 'ks-meta' },
              t('bands', {
                bands: bands
                  .map((b) => `${b.rating} ≥ ${ks.num(b.min)} ${ks.bi(b.label)}`.trim())
                  .join(' · '),
              }),
            )
          : null,
        h(
          'div',
          { class: 'ks-actions' },
          h(
            'button',
            {
              type: 'button',
              'aria-label': t('copyOf', { name: ks.bi(tpl.name) }),
              onclick: () => {
                basedOn.value = `builtin:${tpl.key}`;
                if (!keyInput.value) keyInput.value = `${tpl.key}_copy`;
                keyInput.focus();
                keyInput.select();
              },
            },
            t('copyToEdit'),
          ),
        ),
      );
    });

    // A published document without a draft is named by its latest version (`content`).
    const ownTable = docs.length
      ? ks.table(
          t('yourTemplates'),
          ['key', 'name', 'accountType', 'status', 'version', 'actions'].map((c) => t(`col.${c}`)),
          docs.map(({ doc: d, content }) => [
            h('code', null, d.key),
            content ? ks.bi(content.name) : '—',
            content ? accountType(content.accountType) : '—',
            [t(`status.${d.status}`), d.draft && d.publishedVersion ? t('draftPending') : ''],
            d.publishedVersion ?? '—',
            h(
              'a',
              { href: `/console/kpis/${encodeURIComponent(d.key)}?lang=${ks.locale}` },
              t('edit', { name: content ? ks.bi(content.name) : d.key }),
            ),
          ]),
        )
      : h('p', null, t('noTemplates'));

    const form = h(
      'form',
      { class: 'ks-card', id: 'ks-new-template', novalidate: true, 'aria-labelledby': 'ks-new-template-h' },
      h('h3', { id: 'ks-new-template-h' }, t('newTemplate')),
      h(
        'div',
        { class: 'ks-row' },
        ks.field(t('basedOn'), basedOn),
        ks.field(t('newKey'), keyInput, t('newKeyHint')),
      ),
      h('div', { class: 'ks-actions' }, h('button', { type: 'submit', class: 'ks-primary' }, t('create'))),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const key = keyInput.value.trim();
      const [source, sourceKey] = basedOn.value.split(/:(.*)/s) as [string, string];
      let content: Template | null = null;
      if (source === 'builtin') content = structuredClone(builtins.get(sourceKey) ?? null);
      else content = structuredClone(docs.find((d) => d.doc.key === sourceKey)?.content ?? null);
      if (!content) return;
      delete content.version;
      content.key = key;
      content.name = {
        'zh-CN': `${content.name['zh-CN']}${ks.locale === 'zh-CN' ? t('copySuffix') : '（副本）'}`,
        en: `${content.name.en}${ks.locale === 'en' ? t('copySuffix') : ' (copy)'}`,
      };
      const answer = await ks.api('POST', '/api/documents/scorecard_template', { key, content });
      if (!answer.ok) return ks.problem(answer.problem, form);
      location.href = `/console/kpis/${encodeURIComponent(key)}?lang=${ks.locale}`;
    });

    const templatesSection = h(
      'section',
      { class: 'ks-card', 'aria-labelledby': 'ks-templates-h' },
      h('h2', { id: 'ks-templates-h' }, t('templates')),
      h('p', { class: 'ks-meta' }, t('templatesIntro')),
      h('div', { class: 'ks-grid' }, builtinCards),
      h('div', { class: 'ks-scroll' }, ownTable),
      form,
    );

    const kpiDocList = kpiDocs.ok ? kpiDocs.data : [];
    const kpiDocSection = kpiDocList.length
      ? h(
          'section',
          { class: 'ks-card', 'aria-labelledby': 'ks-kpi-docs-h' },
          h('h2', { id: 'ks-kpi-docs-h' }, t('kpiDocuments')),
          h('p', { class: 'ks-meta' }, t('kpiDocumentsNote')),
          ks.table(
            t('kpiDocuments'),
            ['key', 'name', 'status', 'version'].map((c) => t(`col.${c}`)),
            kpiDocList.map((d) => [
              h('code', null, d.key),
              d.draft ? ks.bi(d.draft.name) : '—',
              t(`status.${d.status}`),
              d.publishedVersion ?? '—',
            ]),
          ),
        )
      : null;

    ks.fill(ks.root, templatesSection, librarySection, kpiDocSection);
    ks.ready();
  },
};
