/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import { DEFAULT_RATING_BANDS } from '@keyscore/scoring';
import type { ConsolePage } from '../console-page';
import { DOCUMENT_STATUS_TEXTS } from './document-texts';
import { KPI_WORDS_TEXTS } from './kpi-words.texts';

/**
 * The scorecard template editor: pick KPIs from the library and weigh them (the sum is checked as you
 * type, and saving is refused until it is 100), inherit from a built-in template, override targets, set
 * rating bands, horizon balance and deferral; save the draft, publish a version, see the versions and what
 * changed. The admin never sees the JSON; the server's problems land next to the control they point at.
 */
export const scorecardTemplatePage: ConsolePage = {
  path: 'kpis/:key',
  permission: Permission.DocumentsWrite,
  title: { 'zh-CN': '编辑考核模板', en: 'Edit scorecard template' },
  texts: {
    ...KPI_WORDS_TEXTS,
    ...DOCUMENT_STATUS_TEXTS,
    back: { 'zh-CN': '返回指标库与模板', en: 'Back to KPIs and templates' },
    general: { 'zh-CN': '基本信息', en: 'General' },
    nameZh: { 'zh-CN': '名称（中文）', en: 'Name (Chinese)' },
    nameEn: { 'zh-CN': '名称（英文）', en: 'Name (English)' },
    accountType: { 'zh-CN': '客户类型', en: 'Account type' },
    accountTypeHint: {
      'zh-CN': '这套模板考核哪类客户，例如 multinational、local_large_enterprise',
      en: 'Which accounts this template scores, e.g. multinational, local_large_enterprise',
    },
    extends: { 'zh-CN': '继承', en: 'Extends' },
    extendsNone: { 'zh-CN': '不继承（完整模板）', en: 'Nothing (a complete template)' },
    extendsHint: {
      'zh-CN': '继承时，基础模板的指标和权重自动带入，这里只保存改动。',
      en: 'A child takes the base’s KPIs and weights; only what you change is stored.',
    },
    kpis: { 'zh-CN': '指标与权重', en: 'KPIs and weights' },
    kpisHint: {
      'zh-CN': '勾选要考核的指标并填写权重，权重合计必须为 100。',
      en: 'Tick the KPIs to score and give each a weight; the weights must sum to 100.',
    },
    sum: { 'zh-CN': '权重合计 {sum} / 100', en: 'Sum {sum} / 100' },
    sumOk: { 'zh-CN': '合计正确。', en: 'The weights add up.' },
    sumOff: { 'zh-CN': '还差 {diff}，合计必须为 100。', en: '{diff} off: the sum must be 100.' },
    sumRefused: {
      'zh-CN': '未保存：权重合计为 {sum}，必须为 100。',
      en: 'Not saved: the weights sum to {sum}; they must sum to 100.',
    },
    longSum: { 'zh-CN': '长期指标权重 {long}', en: 'Long-term KPIs weigh {long}' },
    longBalance: { 'zh-CN': '（要求 {want} ± {tol}）', en: ' (the balance asks {want} ± {tol})' },
    'col.include': { 'zh-CN': '考核', en: 'Score' },
    'col.kpi': { 'zh-CN': '指标', en: 'KPI' },
    'col.weight': { 'zh-CN': '权重', en: 'Weight' },
    'col.base': { 'zh-CN': '基础模板权重', en: 'Base weight' },
    'col.target': { 'zh-CN': '目标', en: 'Target' },
    include: { 'zh-CN': '考核 {kpi}', en: 'Score {kpi}' },
    weightOf: { 'zh-CN': '{kpi} 的权重', en: 'Weight of {kpi}' },
    targetOf: { 'zh-CN': '{kpi} 的目标', en: 'Target of {kpi}' },
    targetValueOf: { 'zh-CN': '{kpi} 的目标值', en: 'Target value of {kpi}' },
    'target.inherit': { 'zh-CN': '沿用：{words}', en: 'As defined: {words}' },
    'target.fixed': { 'zh-CN': '固定值', en: 'Fixed value' },
    'target.growth': { 'zh-CN': '同比增长 %', en: 'Growth on last year, %' },
    'target.per_account': { 'zh-CN': '按客户设定（可填默认值）', en: 'Per account (optional default)' },
    percentNote: {
      'zh-CN': '百分比指标按百分数填写，例如 80 表示 80%。',
      en: 'Percent KPIs take percents: 80 means 80%.',
    },
    unknownKpi: { 'zh-CN': '未知指标', en: 'unknown KPI' },
    bandsTitle: { 'zh-CN': '评级档位', en: 'Rating bands' },
    ownBands: { 'zh-CN': '本模板自定义评级档位', en: 'This template sets its own rating bands' },
    inheritedBands: { 'zh-CN': '沿用：{bands}', en: 'Inherited: {bands}' },
    bandsHint: {
      'zh-CN': '从高到低；得分达到下限即获得该评级。',
      en: 'Best first; a score gets the first band whose minimum it reaches.',
    },
    band: { 'zh-CN': '第 {n} 档', en: 'Band {n}' },
    bandRating: { 'zh-CN': '评级', en: 'Rating' },
    bandMin: { 'zh-CN': '最低分', en: 'Minimum score' },
    bandLabelZh: { 'zh-CN': '说明（中文）', en: 'Label (Chinese)' },
    bandLabelEn: { 'zh-CN': '说明（英文）', en: 'Label (English)' },
    removeBand: { 'zh-CN': '删除第 {n} 档', en: 'Remove band {n}' },
    addBand: { 'zh-CN': '添加档位', en: 'Add a band' },
    balanceTitle: { 'zh-CN': '长短期平衡与递延', en: 'Horizon balance and deferral' },
    balanceLong: { 'zh-CN': '长期指标应占权重', en: 'Weight long-term KPIs must carry' },
    balanceTolerance: { 'zh-CN': '允许偏差', en: 'Tolerance ±' },
    deferral: { 'zh-CN': '递延到下一周期的比例 %', en: 'Share deferred to the next cycle, %' },
    inheritHint: { 'zh-CN': '留空则沿用基础模板：{value}', en: 'Blank: as the base, {value}' },
    notSet: { 'zh-CN': '未设置', en: 'not set' },
    defaultBands: {
      'zh-CN': DEFAULT_RATING_BANDS.map((b) => `${b.rating} ≥ ${b.min} ${b.label?.['zh-CN'] ?? ''}`).join(
        ' · ',
      ),
      en: DEFAULT_RATING_BANDS.map((b) => `${b.rating} ≥ ${b.min} ${b.label?.en ?? ''}`).join(' · '),
    },
    saveDraft: { 'zh-CN': '保存草稿', en: 'Save draft' },
    publish: { 'zh-CN': '发布新版本', en: 'Publish a version' },
    savedDraft: { 'zh-CN': '草稿已保存。', en: 'Draft saved.' },
    draftProblems: {
      'zh-CN': '草稿已保存，但发布前还需修正 {count} 个问题。',
      en: 'Draft saved; {count} problems to fix before publishing.',
    },
    published: { 'zh-CN': '已发布版本 {version}。', en: 'Published version {version}.' },
    versions: { 'zh-CN': '已发布版本', en: 'Published versions' },
    noVersions: { 'zh-CN': '尚未发布。', en: 'Not published yet.' },
    'col.version': { 'zh-CN': '版本', en: 'Version' },
    'col.publishedAt': { 'zh-CN': '发布时间', en: 'Published' },
    'col.publishedBy': { 'zh-CN': '发布人', en: 'By' },
    'col.hash': { 'zh-CN': '内容摘要', en: 'Content hash' },
    'col.changes': { 'zh-CN': '改动', en: 'Changes' },
    showChanges: { 'zh-CN': '与版本 {from} 相比', en: 'Against version {from}' },
    noChanges: { 'zh-CN': '没有改动', en: 'No changes' },
    'field.weight': { 'zh-CN': '权重', en: 'weight' },
    'field.target': { 'zh-CN': '目标', en: 'target' },
    'field.scoring': { 'zh-CN': '计分规则', en: 'scoring rule' },
    'field.window': { 'zh-CN': '滚动窗口', en: 'window' },
    'field.entries': { 'zh-CN': '指标', en: 'KPIs' },
    'field.remove': { 'zh-CN': '去掉的基础指标', en: 'KPIs dropped from the base' },
    'field.ratingBands': { 'zh-CN': '评级档位', en: 'rating bands' },
    'field.horizonBalance': { 'zh-CN': '长短期平衡', en: 'horizon balance' },
    'field.deferral': { 'zh-CN': '递延', en: 'deferral' },
    'field.name': { 'zh-CN': '名称', en: 'name' },
    'field.accountType': { 'zh-CN': '客户类型', en: 'account type' },
    'field.extends': { 'zh-CN': '继承', en: 'extends' },
    'field.long': { 'zh-CN': '长期权重', en: 'long-term weight' },
    'field.tolerance': { 'zh-CN': '允许偏差', en: 'tolerance' },
    'field.share': { 'zh-CN': '比例', en: 'share' },
    'field.min': { 'zh-CN': '最低分', en: 'minimum' },
    'field.rating': { 'zh-CN': '评级', en: 'rating' },
    'field.label': { 'zh-CN': '说明', en: 'label' },
    'field.value': { 'zh-CN': '值', en: 'value' },
    'field.rate': { 'zh-CN': '增长率', en: 'rate' },
    'field.default': { 'zh-CN': '默认值', en: 'default' },
    'field.zh-CN': { 'zh-CN': '中文', en: 'Chinese' },
    'field.en': { 'zh-CN': '英文', en: 'English' },
    status: { 'zh-CN': '状态：{status}，修订 {revision}', en: 'Status: {status}, revision {revision}' },
    archivedNote: {
      'zh-CN': '该模板已归档，不能再修改。',
      en: 'This template is archived and cannot change.',
    },
    notFoundTemplate: { 'zh-CN': '没有这个考核模板。', en: 'There is no such scorecard template.' },
  },
  script: async (ks) => {
    const { h, t } = ks;
    type Bi = { 'zh-CN': string; en: string };
    type Rule = Record<string, unknown> & { type: string };
    interface Kpi {
      key: string;
      name: Bi;
      family: string;
      unit: string;
      horizon: 'short' | 'long';
      target: Rule;
    }
    interface Entry {
      kpi: string;
      weight?: number;
      target?: Rule;
      [other: string]: unknown;
    }
    interface Band {
      rating: string;
      min: number;
      label?: Bi;
    }
    interface Template {
      key: string;
      name: Bi;
      accountType: string;
      extends?: string;
      entries: Entry[];
      remove?: string[];
      ratingBands?: Band[];
      horizonBalance?: { long: number; tolerance?: number };
      deferral?: { share: number };
      [other: string]: unknown;
    }
    interface Version {
      version: number;
      contentHash: string;
      publishedBy: string | null;
      publishedAt: string;
    }
    const key = ks.params.key;
    const back = h('p', null, h('a', { href: `/console/kpis?lang=${ks.locale}` }, t('back')));

    const draft = ks.documentDraft<Template>('scorecard_template', key);
    const [loaded, libraryAnswer] = await Promise.all([
      draft.load(),
      ks.api<{ kpis: Kpi[]; templates: Template[]; publishedTemplates: Template[] }>(
        'GET',
        '/api/kpi-library',
      ),
    ]);
    if (!loaded.ok || !libraryAnswer.ok) {
      ks.fill(ks.root, back, h('p', null, t('notFoundTemplate')));
      ks.problem(loaded.ok ? libraryAnswer.problem : loaded.problem);
      ks.ready();
      return;
    }
    const library = libraryAnswer.data;
    const kpiByKey = new Map(library.kpis.map((k) => [k.key, k]));
    // The templates it may extend: built in, and published ones (a published key replaces a built-in one).
    const builtins = new Map(
      [...library.templates, ...library.publishedTemplates].map((tpl) => [tpl.key, tpl]),
    );
    // Neither a draft nor a readable version: a new template named by its key.
    const start: Template = loaded.content ?? {
      key,
      name: { 'zh-CN': key, en: key },
      accountType: '',
      entries: [],
    };

    // ---- words ----
    const value = (kpi: Kpi | undefined, v: unknown): string => {
      if (typeof v !== 'number') return '—';
      const unit = kpi?.unit ?? '';
      if (unit === '%') return `${ks.num(v * 100, 2)}%`;
      if (['CNY', 'hours', 'years', 'days'].includes(unit)) return t(`unit.${unit}`, { v: ks.num(v, 2) });
      return ks.num(v, 2);
    };
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
    const bandWords = (bands: Band[]) =>
      bands.map((b) => `${b.rating} ≥ ${ks.num(b.min)} ${ks.bi(b.label)}`.trim()).join(' · ');

    /** The base chain (built-in templates) flattened: KPI → weight and target, in order. */
    const flatten = (baseKey: string | undefined) => {
      const chain: Template[] = [];
      for (let k = baseKey; k && chain.length < 10;) {
        const tpl = builtins.get(k);
        if (!tpl || chain.includes(tpl)) break;
        chain.unshift(tpl);
        k = tpl.extends;
      }
      const effective = new Map<string, { weight: number | undefined; target?: Rule }>();
      for (const tpl of chain) {
        for (const kpi of tpl.remove ?? []) effective.delete(kpi);
        for (const e of tpl.entries) {
          const before = effective.get(e.kpi);
          effective.set(e.kpi, { weight: e.weight ?? before?.weight, target: e.target ?? before?.target });
        }
      }
      const inherit = <K extends 'ratingBands' | 'horizonBalance' | 'deferral'>(k: K): Template[K] => {
        for (let i = chain.length - 1; i >= 0; i--) if (chain[i][k] !== undefined) return chain[i][k];
        return undefined;
      };
      return { effective, inherit };
    };

    // ---- general ----
    const input = (attrs: Record<string, string | number | boolean>) =>
      h('input', { type: 'text', autocomplete: 'off', ...attrs }) as HTMLInputElement;
    const nameZh = input({
      name: 'nameZh',
      required: true,
      value: start.name['zh-CN'],
      'data-pointer': '/draft/name/zh-CN',
    });
    const nameEn = input({
      name: 'nameEn',
      required: true,
      value: start.name.en,
      'data-pointer': '/draft/name/en',
    });
    const typeInput = input({
      name: 'accountType',
      required: true,
      value: start.accountType,
      list: 'ks-account-types',
      'data-pointer': '/draft/accountType',
    });
    const typeList = h(
      'datalist',
      { id: 'ks-account-types' },
      ['multinational', 'local_large_enterprise', 'key_account'].map((v) =>
        h('option', { value: v }, t(`type.${v}`)),
      ),
    );
    const extendsSelect = h(
      'select',
      { name: 'extends', 'data-pointer': '/draft/extends' },
      h('option', { value: '' }, t('extendsNone')),
      [...builtins.values()]
        .filter((tpl) => tpl.key !== key)
        .map((tpl) => h('option', { value: tpl.key, selected: tpl.key === start.extends }, ks.bi(tpl.name))),
    ) as HTMLSelectElement;

    // ---- KPI rows: the library, then any unknown KPI the document names ----
    interface Row {
      kpi: string;
      def: Kpi | undefined;
      include: HTMLInputElement;
      weight: HTMLInputElement;
      targetType: HTMLSelectElement;
      targetValue: HTMLInputElement;
      base: HTMLElement;
      tr: HTMLElement;
    }
    const own = new Map(start.entries.map((e) => [e.kpi, e]));
    const startBase = flatten(start.extends).effective;
    for (const k of start.remove ?? []) startBase.delete(k);
    const effectiveAtStart = new Map(startBase);
    for (const e of start.entries) {
      const before = effectiveAtStart.get(e.kpi);
      effectiveAtStart.set(e.kpi, { weight: e.weight ?? before?.weight, target: e.target ?? before?.target });
    }
    const kpiKeys = [...library.kpis.map((k) => k.key)];
    for (const e of start.entries) if (!kpiByKey.has(e.kpi) && !kpiKeys.includes(e.kpi)) kpiKeys.push(e.kpi);
    const percent = (def: Kpi | undefined) => def?.unit === '%';

    const rows: Row[] = kpiKeys.map((kpi) => {
      const def = kpiByKey.get(kpi);
      const label = def ? ks.bi(def.name) : `${kpi} (${t('unknownKpi')})`;
      const effective = effectiveAtStart.get(kpi);
      const included = effective !== undefined;
      const include = h('input', {
        type: 'checkbox',
        name: `include-${kpi}`,
        checked: included,
        'aria-label': t('include', { kpi: label }),
      }) as HTMLInputElement;
      const weight = h('input', {
        type: 'number',
        name: `weight-${kpi}`,
        min: 0,
        max: 100,
        step: 'any',
        inputmode: 'decimal',
        class: 'ks-weight',
        value: included && effective.weight !== undefined ? String(effective.weight) : '',
        'aria-label': t('weightOf', { kpi: label }),
        disabled: !included,
      }) as HTMLInputElement;
      const ownTarget = own.get(kpi)?.target;
      const targetType = h(
        'select',
        { name: `target-${kpi}`, 'aria-label': t('targetOf', { kpi: label }) },
        h('option', { value: '' }, t('target.inherit', { words: targetWords(def, def?.target) })),
        ['fixed', 'growth', 'per_account'].map((type) =>
          h('option', { value: type, selected: ownTarget?.type === type }, t(`target.${type}`)),
        ),
      ) as HTMLSelectElement;
      const shown = (v: unknown, growth: boolean) =>
        typeof v === 'number' ? String(Number((v * (growth || percent(def) ? 100 : 1)).toPrecision(12))) : '';
      const targetValue = h('input', {
        type: 'number',
        step: 'any',
        name: `target-value-${kpi}`,
        class: 'ks-weight',
        'aria-label': t('targetValueOf', { kpi: label }),
        value: ownTarget
          ? shown(
              ownTarget.type === 'fixed'
                ? ownTarget.value
                : ownTarget.type === 'growth'
                  ? ownTarget.rate
                  : ownTarget.default,
              ownTarget.type === 'growth',
            )
          : '',
        hidden: !ownTarget,
      }) as HTMLInputElement;
      const base = h('td', { class: 'ks-meta' });
      const tr = h(
        'tr',
        { 'data-kpi': kpi },
        h('td', null, include),
        h(
          'th',
          { scope: 'row' },
          label,
          ' ',
          def
            ? h(
                'span',
                { class: 'ks-hint ks-block' },
                `${t(`family.${def.family}`)} · ${t(`horizon.${def.horizon}`)}`,
              )
            : null,
        ),
        h('td', null, weight),
        base,
        h('td', null, h('div', { class: 'ks-row' }, targetType, targetValue)),
      );
      return { kpi, def, include, weight, targetType, targetValue, base, tr };
    });

    const sumOutput = h('output', {
      class: 'ks-sum',
      'data-pointer': '/draft/entries',
      'aria-live': 'polite',
    });
    const longOutput = h('p', { class: 'ks-meta', 'data-pointer': '/draft/horizonBalance' });

    // ---- rating bands ----
    const ownBands = h('input', {
      type: 'checkbox',
      name: 'ownBands',
      id: 'ks-own-bands',
      checked: start.ratingBands !== undefined,
    }) as HTMLInputElement;
    const inheritedBands = h('p', { class: 'ks-meta' });
    const bandList = h('div', { class: 'ks-bands' });
    interface BandRow {
      rating: HTMLInputElement;
      min: HTMLInputElement;
      zh: HTMLInputElement;
      en: HTMLInputElement;
      fieldset: HTMLElement;
    }
    const bandRows: BandRow[] = [];
    const renumberBands = () =>
      bandRows.forEach((b, i) => {
        const n = i + 1;
        (b.fieldset.querySelector('legend') as HTMLElement).textContent = t('band', { n });
        b.rating.dataset.pointer = `/draft/ratingBands/${i}/rating`;
        b.min.dataset.pointer = `/draft/ratingBands/${i}/min`;
        b.zh.dataset.pointer = `/draft/ratingBands/${i}/label/zh-CN`;
        b.en.dataset.pointer = `/draft/ratingBands/${i}/label/en`;
        (b.fieldset.querySelector('button') as HTMLElement).textContent = t('removeBand', { n });
      });
    const addBand = (band: Partial<Band>) => {
      const row: BandRow = {
        rating: input({ name: 'bandRating', value: band.rating ?? '', maxlength: 16, size: 4 }),
        min: h('input', {
          type: 'number',
          name: 'bandMin',
          min: 0,
          step: 'any',
          class: 'ks-weight',
          value: band.min ?? '',
        }) as HTMLInputElement,
        zh: input({ name: 'bandZh', value: band.label?.['zh-CN'] ?? '' }),
        en: input({ name: 'bandEn', value: band.label?.en ?? '' }),
        fieldset: h('fieldset', { class: 'ks-band' }),
      };
      const remove = h('button', {
        type: 'button',
        onclick: () => {
          bandRows.splice(bandRows.indexOf(row), 1);
          row.fieldset.remove();
          renumberBands();
        },
      });
      ks.fill(
        row.fieldset,
        h('legend', null),
        h(
          'div',
          { class: 'ks-row' },
          ks.field(t('bandRating'), row.rating),
          ks.field(t('bandMin'), row.min),
          ks.field(t('bandLabelZh'), row.zh),
          ks.field(t('bandLabelEn'), row.en),
          remove,
        ),
      );
      bandRows.push(row);
      bandList.append(row.fieldset);
      renumberBands();
    };
    const startBands = start.ratingBands ?? flatten(start.extends).inherit('ratingBands') ?? [];
    for (const b of startBands) addBand(b);
    const addBandButton = h('button', { type: 'button', onclick: () => addBand({}) }, t('addBand'));
    // Setting own bands starts from the inherited ones (or one empty band).
    ownBands.addEventListener('change', () => {
      if (!ownBands.checked || bandRows.length) return;
      const inherited = flatten(extendsSelect.value || undefined).inherit('ratingBands');
      for (const b of inherited ?? [{}]) addBand(b);
    });

    // ---- balance and deferral ----
    const numberInput = (name: string, v: number | undefined, pointer: string) =>
      h('input', {
        type: 'number',
        name,
        min: 0,
        max: 100,
        step: 'any',
        class: 'ks-weight',
        value: v ?? '',
        'data-pointer': pointer,
      }) as HTMLInputElement;
    const longInput = numberInput('balanceLong', start.horizonBalance?.long, '/draft/horizonBalance/long');
    const toleranceInput = numberInput(
      'balanceTolerance',
      start.horizonBalance?.tolerance,
      '/draft/horizonBalance/tolerance',
    );
    const deferralInput = numberInput('deferral', start.deferral?.share, '/draft/deferral/share');
    const balanceHint = h('p', { class: 'ks-hint' });
    const deferralHint = h('p', { class: 'ks-hint' });

    // ---- live state ----
    const parse = (el: HTMLInputElement) => (el.value.trim() === '' ? undefined : Number(el.value));
    let sum = 0;
    const refresh = () => {
      const base = flatten(extendsSelect.value || undefined);
      sum = 0;
      let long = 0;
      for (const row of rows) {
        row.weight.disabled = !row.include.checked;
        row.targetValue.hidden = row.targetType.value === '';
        const b = base.effective.get(row.kpi);
        row.base.textContent = b?.weight !== undefined ? ks.num(b.weight, 2) : '—';
        if (!row.include.checked) continue;
        const w = parse(row.weight) ?? 0;
        sum += Number.isFinite(w) ? w : 0;
        if (row.def?.horizon === 'long') long += Number.isFinite(w) ? w : 0;
      }
      sum = Number(sum.toFixed(6));
      const ok = Math.abs(sum - 100) < 1e-9;
      sumOutput.className = `ks-sum ${ok ? 'ks-sum-ok' : 'ks-sum-off'}`;
      sumOutput.dataset.sum = String(sum);
      ks.fill(
        sumOutput,
        h('strong', null, t('sum', { sum: ks.num(sum, 2) })),
        ' ',
        ok ? t('sumOk') : t('sumOff', { diff: ks.num(Math.abs(100 - sum), 2) }),
      );
      const balance =
        parse(longInput) !== undefined
          ? { long: parse(longInput) as number, tolerance: parse(toleranceInput) ?? 0 }
          : base.inherit('horizonBalance');
      longOutput.textContent =
        t('longSum', { long: ks.num(long, 2) }) +
        (balance
          ? t('longBalance', { want: ks.num(balance.long), tol: ks.num(balance.tolerance ?? 0) })
          : '');
      const inheritedBalance = base.inherit('horizonBalance');
      balanceHint.textContent = t('inheritHint', {
        value: inheritedBalance
          ? `${ks.num(inheritedBalance.long)} ± ${ks.num(inheritedBalance.tolerance ?? 0)}`
          : t('notSet'),
      });
      const inheritedDeferral = base.inherit('deferral');
      deferralHint.textContent = t('inheritHint', {
        value: inheritedDeferral ? `${ks.num(inheritedDeferral.share)}%` : t('notSet'),
      });
      const inherited = base.inherit('ratingBands');
      bandList.hidden = !ownBands.checked;
      addBandButton.hidden = !ownBands.checked;
      inheritedBands.hidden = ownBands.checked;
      inheritedBands.textContent = t('inheritedBands', {
        bands: inherited ? bandWords(inherited) : t('defaultBands'),
      });
    };

    /** The document from the form, and which control each entry's pointer lands on. */
    const build = (): Template => {
      const base = flatten(extendsSelect.value || undefined).effective;
      const content: Template = {
        ...start,
        key,
        name: { 'zh-CN': nameZh.value.trim(), en: nameEn.value.trim() },
      };
      content.accountType = typeInput.value.trim();
      delete content.extends;
      delete content.remove;
      delete content.ratingBands;
      delete content.horizonBalance;
      delete content.deferral;
      if (extendsSelect.value) content.extends = extendsSelect.value;
      // Entries the document had keep their place (and fields the editor does not show); new ones follow.
      const ordered = [
        ...start.entries.map((e) => rows.find((r) => r.kpi === e.kpi)).filter((r): r is Row => !!r),
        ...rows.filter((r) => !own.has(r.kpi)),
      ];
      content.entries = [];
      for (const row of rows) {
        for (const el of [row.include, row.weight, row.targetType, row.targetValue])
          delete el.dataset.pointer;
      }
      for (const row of ordered) {
        if (!row.include.checked) continue;
        const entry: Entry = { ...(own.get(row.kpi) ?? {}), kpi: row.kpi };
        const w = parse(row.weight);
        if (w === undefined || !Number.isFinite(w)) delete entry.weight;
        else entry.weight = w;
        const type = row.targetType.value;
        const v = parse(row.targetValue);
        const scale = type === 'growth' || percent(row.def) ? 100 : 1;
        const scaled =
          v === undefined || !Number.isFinite(v) ? undefined : Number((v / scale).toPrecision(12));
        if (!type) delete entry.target;
        else if (type === 'fixed') entry.target = { type, value: scaled ?? 0 };
        else if (type === 'growth') entry.target = { type, rate: scaled ?? 0 };
        else entry.target = scaled === undefined ? { type } : { type, default: scaled };
        const inherited = base.get(row.kpi);
        const unchanged =
          inherited && !own.has(row.kpi) && entry.weight === inherited.weight && entry.target === undefined;
        if (unchanged) continue;
        const at = `/draft/entries/${content.entries.length}`;
        row.include.dataset.pointer = `${at}/kpi`;
        row.weight.dataset.pointer = `${at}/weight`;
        row.targetType.dataset.pointer = `${at}/target`;
        row.targetValue.dataset.pointer = `${at}/target/${type === 'fixed' ? 'value' : type === 'growth' ? 'rate' : 'default'}`;
        content.entries.push(entry);
      }
      const removed = [...base.keys()].filter((k) => !rows.find((r) => r.kpi === k)?.include.checked);
      removed.forEach((k, i) => {
        const row = rows.find((r) => r.kpi === k);
        if (row) row.include.dataset.pointer = `/draft/remove/${i}`;
      });
      if (removed.length) content.remove = removed;
      if (ownBands.checked) {
        content.ratingBands = bandRows.map((b) => {
          const band: Band = { rating: b.rating.value.trim(), min: parse(b.min) ?? 0 };
          const zh = b.zh.value.trim();
          const en = b.en.value.trim();
          if (zh || en) band.label = { 'zh-CN': zh, en };
          return band;
        });
      }
      const long = parse(longInput);
      if (long !== undefined) {
        const tolerance = parse(toleranceInput);
        content.horizonBalance = tolerance === undefined ? { long } : { long, tolerance };
      }
      const share = parse(deferralInput);
      if (share !== undefined) content.deferral = { share };
      return content;
    };

    // ---- versions ----
    const versionsSection = h('section', { class: 'ks-card', 'aria-labelledby': 'ks-versions-h' });
    const showVersions = async () => {
      const answer = await ks.api<Version[]>('GET', `${draft.path}/versions`);
      const versions = answer.ok ? [...answer.data].sort((a, b) => b.version - a.version) : [];
      const changes = (v: Version) => {
        if (v.version < 2) return '—';
        const list = h('ul', { class: 'ks-changes' });
        const details = h(
          'details',
          {
            ontoggle: async () => {
              if (!(details as HTMLDetailsElement).open || list.childElementCount) return;
              const [diff, before, after] = await Promise.all([
                ks.api<{ changes: { op: string; path: string; from?: unknown; to?: unknown }[] }>(
                  'GET',
                  `${draft.path}/diff?from=${v.version - 1}&to=${v.version}`,
                ),
                ks.api<{ content: Template }>('GET', `${draft.path}/versions/${v.version - 1}`),
                ks.api<{ content: Template }>('GET', `${draft.path}/versions/${v.version}`),
              ]);
              if (!diff.ok) return ks.problem(diff.problem, details);
              // In words: an entry by its KPI's name, fields by their label, targets and bands as on the page.
              const field = (name: string) =>
                t(`field.${name}`) === `field.${name}` ? name : t(`field.${name}`);
              const where = (path: string, removed: boolean) => {
                const parts = path.split('/').slice(1);
                const content = (removed ? before : after).ok
                  ? (removed ? before : after).data.content
                  : null;
                if (parts[0] === 'entries' && parts[1] !== undefined) {
                  const entry = content?.entries[Number(parts[1])];
                  const kpi = entry
                    ? ks.bi(kpiByKey.get(entry.kpi)?.name) || entry.kpi
                    : `#${Number(parts[1]) + 1}`;
                  return {
                    text: [kpi, ...parts.slice(2).map(field)].join(' · '),
                    kpi: kpiByKey.get(entry?.kpi ?? ''),
                  };
                }
                if (parts[0] === 'ratingBands' && parts[1] !== undefined) {
                  return {
                    text: [
                      field('ratingBands'),
                      t('band', { n: Number(parts[1]) + 1 }),
                      ...parts.slice(2).map(field),
                    ].join(' · '),
                    kpi: undefined,
                  };
                }
                return { text: parts.map(field).join(' · '), kpi: undefined };
              };
              const show = (x: unknown, kpi: Kpi | undefined): string => {
                if (x === undefined) return '—';
                if (Array.isArray(x)) {
                  if (x.every((b) => b && typeof b === 'object' && 'rating' in b))
                    return bandWords(x as Band[]);
                  if (x.every((k) => typeof k === 'string'))
                    return x.map((k) => ks.bi(kpiByKey.get(k)?.name) || k).join(', ');
                }
                if (x && typeof x === 'object') {
                  const o = x as Rule;
                  if (['fixed', 'growth', 'per_account'].includes(o.type)) return targetWords(kpi, o);
                  if ('kpi' in o) return ks.bi(kpiByKey.get(String(o.kpi))?.name) || String(o.kpi);
                  if ('zh-CN' in o && 'en' in o) return ks.bi(o as unknown as Bi);
                  return Object.entries(o)
                    .map(
                      ([k, val]) =>
                        `${field(k)} ${typeof val === 'object' ? JSON.stringify(val) : String(val)}`,
                    )
                    .join(', ');
                }
                return String(x);
              };
              ks.fill(
                list,
                diff.data.changes.length
                  ? diff.data.changes.map((c) => {
                      const at = where(c.path, c.op === 'remove');
                      return h(
                        'li',
                        { 'data-path': c.path },
                        h('strong', null, at.text),
                        `: ${show(c.from, at.kpi)} → ${show(c.to, at.kpi)}`,
                      );
                    })
                  : h('li', null, t('noChanges')),
              );
            },
          },
          h('summary', null, t('showChanges', { from: v.version - 1 })),
          list,
        );
        return details;
      };
      ks.fill(
        versionsSection,
        h('h2', { id: 'ks-versions-h' }, t('versions')),
        versions.length
          ? ks.table(
              t('versions'),
              ['version', 'publishedAt', 'publishedBy', 'hash', 'changes'].map((c) => t(`col.${c}`)),
              versions.map((v) => [
                h('span', { 'data-version': v.version }, String(v.version)),
                ks.date(v.publishedAt),
                v.publishedBy === ks.user.id ? ks.user.displayName : (v.publishedBy ?? '—'),
                h('code', null, v.contentHash.slice(0, 12)),
                changes(v),
              ]),
            )
          : h('p', null, t('noVersions')),
      );
    };

    // ---- the form ----
    const statusLine = h('p', { class: 'ks-meta', id: 'ks-doc-status' });
    const showStatus = () => {
      const { status, revision } = draft.view;
      statusLine.textContent = t('status', { status: t(`status.${status}`), revision });
    };
    const form = h(
      'form',
      { id: 'ks-template-form', novalidate: true },
      h(
        'section',
        { class: 'ks-card', 'aria-labelledby': 'ks-general-h' },
        h('h2', { id: 'ks-general-h' }, t('general')),
        statusLine,
        h(
          'div',
          { class: 'ks-row' },
          ks.field(t('nameZh'), nameZh),
          ks.field(t('nameEn'), nameEn),
          ks.field(t('accountType'), typeInput, t('accountTypeHint')),
          typeList,
          ks.field(t('extends'), extendsSelect, t('extendsHint')),
        ),
      ),
      h(
        'section',
        { class: 'ks-card', 'aria-labelledby': 'ks-kpis-h' },
        h('h2', { id: 'ks-kpis-h' }, t('kpis')),
        h('p', { class: 'ks-hint' }, t('kpisHint'), ' ', t('percentNote')),
        h('div', { class: 'ks-sum-line' }, sumOutput),
        longOutput,
        h(
          'div',
          { class: 'ks-scroll' },
          h(
            'table',
            { class: 'ks-table', id: 'ks-kpi-weights' },
            h('caption', null, t('kpis')),
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['include', 'kpi', 'weight', 'base', 'target'].map((c) =>
                  h('th', { scope: 'col' }, t(`col.${c}`)),
                ),
              ),
            ),
            h(
              'tbody',
              null,
              rows.map((r) => r.tr),
            ),
          ),
        ),
      ),
      h(
        'section',
        { class: 'ks-card', 'aria-labelledby': 'ks-bands-h' },
        h('h2', { id: 'ks-bands-h' }, t('bandsTitle')),
        h('p', { class: 'ks-hint' }, t('bandsHint')),
        h(
          'div',
          { class: 'ks-field ks-check' },
          ownBands,
          h('label', { for: 'ks-own-bands' }, t('ownBands')),
        ),
        inheritedBands,
        bandList,
        addBandButton,
      ),
      h(
        'section',
        { class: 'ks-card', 'aria-labelledby': 'ks-balance-h' },
        h('h2', { id: 'ks-balance-h' }, t('balanceTitle')),
        h(
          'div',
          { class: 'ks-row' },
          ks.field(t('balanceLong'), longInput),
          ks.field(t('balanceTolerance'), toleranceInput),
        ),
        balanceHint,
        h('div', { class: 'ks-row' }, ks.field(t('deferral'), deferralInput)),
        deferralHint,
      ),
      h(
        'div',
        { class: 'ks-actions' },
        h('button', { type: 'submit', name: 'save', value: 'draft' }, t('saveDraft')),
        h('button', { type: 'submit', name: 'save', value: 'publish', class: 'ks-primary' }, t('publish')),
      ),
    );
    form.addEventListener('input', refresh);
    form.addEventListener('change', refresh);

    /** Saves the draft; false when refused (the sum, or the server), with the problems placed. */
    const saveDraft = async (): Promise<boolean> => {
      refresh();
      const content = build();
      if (Math.abs(sum - 100) > 1e-9) {
        ks.problem(
          {
            statusCode: 0,
            code: 'client.weights',
            message: t('sumRefused', { sum: ks.num(sum, 2) }),
            errors: [
              { pointer: '/draft/entries', message: t('sumOff', { diff: ks.num(Math.abs(100 - sum), 2) }) },
            ],
          },
          form,
        );
        sumOutput.focus();
        return false;
      }
      const answer = await draft.save(content);
      if (!answer.ok) {
        ks.problem(answer.problem, form);
        return false;
      }
      showStatus();
      const { draftErrors } = draft.view;
      if (draftErrors.length) {
        ks.problem(
          {
            statusCode: 200,
            code: 'documents.draft_problems',
            message: t('draftProblems', { count: draftErrors.length }),
            errors: draftErrors.map((e) => ({ pointer: e.pointer, message: ks.bi(e.message) })),
          },
          form,
        );
        return false;
      }
      ks.clearProblems(form);
      ks.say(t('savedDraft'));
      return true;
    };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const action = (event as SubmitEvent).submitter?.getAttribute('value');
      const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type=submit]')];
      buttons.forEach((b) => (b.disabled = true));
      try {
        if (!(await saveDraft()) || action !== 'publish') return;
        const answer = await draft.publish();
        if (!answer.ok) return ks.problem(answer.problem, form);
        showStatus();
        ks.clearProblems(form);
        ks.say(t('published', { version: answer.data.version }));
        await showVersions();
      } finally {
        buttons.forEach((b) => (b.disabled = false));
      }
    });

    sumOutput.setAttribute('tabindex', '-1');
    refresh();
    showStatus();
    await showVersions();
    ks.fill(
      ks.root,
      back,
      draft.view.status === 'archived' ? h('p', { class: 'ks-problem-box' }, t('archivedNote')) : null,
      form,
      versionsSection,
    );
    ks.ready();
  },
};
