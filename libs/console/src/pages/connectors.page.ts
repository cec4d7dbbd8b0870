/// <reference lib="dom" />
import { Permission } from '@keyscore/auth';
import type { ConsolePage } from '../console-page';

/**
 * Pull connectors: the list, a form to create or change one (URL, paging, where each value of a metric row
 * comes from — a JSON pointer or a formula —, the metrics it may write, schedule, auth header with a
 * write-only secret), a dry run showing the mapped rows and each item's errors, run now, and the recent
 * runs. The server's refusals (an address it will not call, a formula that does not compile) are shown
 * next to the field they concern.
 */
export const connectorsPage: ConsolePage = {
  path: 'connectors',
  permission: Permission.ConnectorsManage,
  title: { 'zh-CN': '数据连接器', en: 'Connectors' },
  nav: { group: 'admin', order: 20 },
  texts: {
    intro: {
      'zh-CN': '连接器按计划从 CRM/ERP 的 JSON 接口拉取数据，写入指标数据（来源：接口）。',
      en: 'A connector pulls a CRM or ERP JSON source on a schedule and writes metric values (source: connector).',
    },
    list: { 'zh-CN': '连接器', en: 'Connectors' },
    none: { 'zh-CN': '还没有连接器。', en: 'No connectors yet.' },
    'col.name': { 'zh-CN': '名称', en: 'Name' },
    'col.url': { 'zh-CN': '地址', en: 'URL' },
    'col.schedule': { 'zh-CN': '计划', en: 'Schedule' },
    'col.state': { 'zh-CN': '状态', en: 'State' },
    'col.secret': { 'zh-CN': '密钥', en: 'Secret' },
    'col.actions': { 'zh-CN': '操作', en: 'Actions' },
    open: { 'zh-CN': '打开 {name}', en: 'Open {name}' },
    enabled: { 'zh-CN': '启用', en: 'enabled' },
    disabled: { 'zh-CN': '停用', en: 'disabled' },
    secretSet: { 'zh-CN': '已设置', en: 'set' },
    secretMissing: { 'zh-CN': '未设置', en: 'not set' },
    newConnector: { 'zh-CN': '新建连接器', en: 'New connector' },
    editing: { 'zh-CN': '连接器：{name}', en: 'Connector: {name}' },
    key: { 'zh-CN': '键', en: 'Key' },
    keyHint: {
      'zh-CN': '小写字母、数字和连字符，例如 crm-revenue；创建后不能修改',
      en: 'Lower-case letters, digits and hyphens, e.g. crm-revenue; fixed once created',
    },
    name: { 'zh-CN': '名称', en: 'Name' },
    url: { 'zh-CN': '数据源地址', en: 'Source URL' },
    urlHint: {
      'zh-CN': 'http 或 https。只能访问公网地址，除非管理员在 CONNECTOR_ALLOWLIST 中允许了内网主机。',
      en: 'http or https. Only public addresses, unless CONNECTOR_ALLOWLIST permits a private host.',
    },
    isEnabled: { 'zh-CN': '启用（按计划拉取）', en: 'Enabled (pulls on its schedule)' },
    itemsPointer: { 'zh-CN': '数据列表位置', en: 'Where the items are' },
    itemsPointerHint: {
      'zh-CN': '响应中数据数组的 JSON 指针，例如 /data/items；响应本身就是数组时留空',
      en: 'JSON pointer to the array of items in each response, e.g. /data/items; blank when the response is the array',
    },
    paging: { 'zh-CN': '分页', en: 'Paging' },
    'paging.none': { 'zh-CN': '不分页', en: 'No paging' },
    'paging.page': { 'zh-CN': '按页码', en: 'Page numbers' },
    'paging.cursor': { 'zh-CN': '按游标', en: 'Cursor' },
    pagingType: { 'zh-CN': '分页方式', en: 'Paging type' },
    param: { 'zh-CN': '参数名', en: 'Query parameter' },
    sizeParam: { 'zh-CN': '每页条数参数名', en: 'Page size parameter' },
    size: { 'zh-CN': '每页条数', en: 'Page size' },
    startPage: { 'zh-CN': '第一页页码', en: 'First page number' },
    maxPages: { 'zh-CN': '最多页数', en: 'At most pages' },
    cursorPointer: { 'zh-CN': '下一页游标位置', en: 'Where the next cursor is' },
    cursorPointerHint: { 'zh-CN': '例如 /next', en: 'e.g. /next' },
    mapping: { 'zh-CN': '字段映射：每个值从哪里来', en: 'Mapping: where each value comes from' },
    mappingHint: {
      'zh-CN':
        '以 / 开头为 JSON 指针（如 /account），以 = 开头为公式（如 =amountK*1000，可用条目的顶层字段）。',
      en: 'Starting with / is a JSON pointer (e.g. /account); with = a formula over the item’s top-level fields (e.g. =amountK*1000).',
    },
    'map.accountCode': { 'zh-CN': '客户编码', en: 'Account code' },
    'map.period': { 'zh-CN': '期间（2026-07、2026-Q3 或日期）', en: 'Period (2026-07, 2026-Q3 or a date)' },
    'map.value': { 'zh-CN': '数值', en: 'Value' },
    'map.state': { 'zh-CN': '数据状态（可选）', en: 'Value state (optional)' },
    'map.sourceRecordId': { 'zh-CN': '源记录编号（可选）', en: 'Source record id (optional)' },
    metricFrom: { 'zh-CN': '指标数据项', en: 'Metric' },
    metricFixed: { 'zh-CN': '固定为一个数据项', en: 'Always one metric' },
    metricMapped: { 'zh-CN': '从条目中读取', en: 'Read from each item' },
    metricConst: { 'zh-CN': '数据项', en: 'Metric' },
    metricKey: { 'zh-CN': '数据项键的位置', en: 'Where the metric key is' },
    metricKeys: { 'zh-CN': '允许写入的数据项', en: 'Metrics it may write' },
    schedule: { 'zh-CN': '计划', en: 'Schedule' },
    scheduleType: { 'zh-CN': '何时拉取', en: 'When to pull' },
    'schedule.none': { 'zh-CN': '仅手动', en: 'Only by hand' },
    'schedule.every': { 'zh-CN': '固定间隔', en: 'At an interval' },
    'schedule.cron': { 'zh-CN': 'cron 表达式', en: 'Cron pattern' },
    everyMinutes: { 'zh-CN': '间隔（分钟）', en: 'Every (minutes)' },
    pattern: { 'zh-CN': 'cron 表达式', en: 'Cron pattern' },
    patternHint: {
      'zh-CN': '5 或 6 段，例如 0 2 * * *（每天 2 点）',
      en: '5 or 6 fields, e.g. 0 2 * * * (daily at 02:00)',
    },
    tz: { 'zh-CN': '时区', en: 'Time zone' },
    tzHint: { 'zh-CN': '例如 Asia/Shanghai', en: 'e.g. Asia/Shanghai' },
    everyWords: { 'zh-CN': '每 {minutes} 分钟', en: 'every {minutes} min' },
    cronWords: { 'zh-CN': 'cron {pattern}', en: 'cron {pattern}' },
    manual: { 'zh-CN': '仅手动', en: 'by hand' },
    nextRun: { 'zh-CN': '下次运行：{at}', en: 'Next run: {at}' },
    auth: { 'zh-CN': '认证', en: 'Authentication' },
    useAuth: { 'zh-CN': '请求时发送认证头', en: 'Send an auth header' },
    headerName: { 'zh-CN': '请求头名称', en: 'Header name' },
    secretRef: { 'zh-CN': '密钥名称', en: 'Secret name' },
    secretValue: { 'zh-CN': '密钥值（只写）', en: 'Secret value (write-only)' },
    secretHint: {
      'zh-CN': '例如 Bearer …。保存后不再显示；留空则保留已保存的密钥。',
      en: 'e.g. Bearer …. Never shown again once saved; leave blank to keep the stored one.',
    },
    secretStored: { 'zh-CN': '已保存的密钥：{refs}', en: 'Stored secrets: {refs}' },
    create: { 'zh-CN': '创建连接器', en: 'Create connector' },
    save: { 'zh-CN': '保存修改', en: 'Save changes' },
    created: { 'zh-CN': '连接器 {key} 已创建。', en: 'Connector {key} created.' },
    saved: { 'zh-CN': '连接器已保存。', en: 'Connector saved.' },
    dryRun: { 'zh-CN': '试运行', en: 'Dry run' },
    runNow: { 'zh-CN': '立即拉取', en: 'Run now' },
    remove: { 'zh-CN': '删除连接器', en: 'Delete connector' },
    confirmRemove: {
      'zh-CN': '确定删除连接器 {key} 及其计划？已写入的数据保留。',
      en: 'Delete connector {key} and its schedule? Values it wrote stay.',
    },
    confirmYes: { 'zh-CN': '确定删除', en: 'Yes, delete' },
    removed: { 'zh-CN': '连接器 {key} 已删除。', en: 'Connector {key} deleted.' },
    dryRunTitle: { 'zh-CN': '试运行结果（未写入）', en: 'Dry run (nothing written)' },
    dryRunSummary: {
      'zh-CN': '第一页 {items} 条，映射成功 {rows} 行，失败 {failed} 条{more}。',
      en: 'First page: {items} items, {rows} rows mapped, {failed} items failed{more}.',
    },
    morePages: { 'zh-CN': '，还有更多页', en: '; more pages follow' },
    rowsCaption: { 'zh-CN': '将写入的行', en: 'Rows a run would write' },
    errorsCaption: { 'zh-CN': '条目错误', en: 'Item errors' },
    'col.account': { 'zh-CN': '客户', en: 'Account' },
    'col.metric': { 'zh-CN': '数据项', en: 'Metric' },
    'col.period': { 'zh-CN': '期间', en: 'Period' },
    'col.value': { 'zh-CN': '数值', en: 'Value' },
    'col.valueState': { 'zh-CN': '数据状态', en: 'State' },
    'col.record': { 'zh-CN': '源记录', en: 'Record' },
    'col.item': { 'zh-CN': '条目', en: 'Item' },
    'col.field': { 'zh-CN': '字段', en: 'Field' },
    'col.message': { 'zh-CN': '问题', en: 'Problem' },
    runQueued: { 'zh-CN': '已排队拉取（任务 {jobId}）。', en: 'Pull queued (job {jobId}).' },
    runs: { 'zh-CN': '最近运行', en: 'Recent runs' },
    noRuns: { 'zh-CN': '还没有运行记录。', en: 'No runs yet.' },
    refreshRuns: { 'zh-CN': '刷新运行记录', en: 'Refresh runs' },
    'col.started': { 'zh-CN': '开始', en: 'Started' },
    'col.finished': { 'zh-CN': '结束', en: 'Finished' },
    'col.status': { 'zh-CN': '结果', en: 'Status' },
    'col.attempts': { 'zh-CN': '尝试次数', en: 'Attempts' },
    'col.rows': { 'zh-CN': '行数', en: 'Rows' },
    'col.error': { 'zh-CN': '错误', en: 'Error' },
    'run.running': { 'zh-CN': '运行中', en: 'running' },
    'run.retrying': { 'zh-CN': '等待重试', en: 'retrying' },
    'run.succeeded': { 'zh-CN': '成功', en: 'succeeded' },
    'run.failed': { 'zh-CN': '失败', en: 'failed' },
    'state.actual': { 'zh-CN': '实际', en: 'actual' },
    'state.estimated': { 'zh-CN': '估计', en: 'estimated' },
    'state.pending': { 'zh-CN': '待定', en: 'pending' },
    'state.not_applicable': { 'zh-CN': '不适用', en: 'not applicable' },
    'state.sealed': { 'zh-CN': '保密', en: 'sealed' },
  },
  script: async (ks) => {
    const { h, t } = ks;
    type Bi = { 'zh-CN': string; en: string };
    interface Mapping {
      accountCode: string;
      metricKey?: string;
      metricKeyConst?: string;
      period: string;
      value: string;
      state?: string;
      sourceRecordId?: string;
    }
    interface Connector {
      key: string;
      name: string;
      url: string;
      enabled?: boolean;
      authHeader?: { name: string; secretRef: string };
      pagination?: {
        type: 'none' | 'page' | 'cursor';
        param?: string;
        start?: number;
        sizeParam?: string;
        size?: number;
        maxPages?: number;
        cursorPointer?: string;
      };
      itemsPointer: string;
      mapping: Mapping;
      schedule?: { every?: number; pattern?: string; tz?: string };
      metricKeys: string[];
      secretsSet: string[];
      scheduler?: { next?: number } | null;
    }
    interface Run {
      id: string;
      jobId: string;
      status: string;
      attempts: number;
      startedAt: string | null;
      finishedAt: string | null;
      rows: number | null;
      error: { code: string; message: Bi } | null;
    }
    interface Metric {
      key: string;
      nameZh: string;
      nameEn: string;
    }

    const [listAnswer, metricsAnswer] = await Promise.all([
      ks.api<Connector[]>('GET', '/api/connectors'),
      ks.api<Metric[]>('GET', '/api/metrics'),
    ]);
    let connectors = listAnswer.ok ? listAnswer.data : [];
    const metrics = metricsAnswer.ok ? metricsAnswer.data : [];
    const metricName = (key: string) => {
      const m = metrics.find((x) => x.key === key);
      return m ? (ks.locale === 'zh-CN' ? m.nameZh : m.nameEn) : key;
    };
    const scheduleWords = (c: Connector) =>
      c.schedule?.every
        ? t('everyWords', { minutes: ks.num(c.schedule.every / 60000, 2) })
        : c.schedule?.pattern
          ? t('cronWords', { pattern: `${c.schedule.pattern}${c.schedule.tz ? ` (${c.schedule.tz})` : ''}` })
          : t('manual');

    const listSection = h('section', { class: 'ks-card', 'aria-labelledby': 'ks-connectors-h' });
    const detail = h('section', {
      class: 'ks-card',
      id: 'ks-connector',
      'aria-labelledby': 'ks-connector-h',
      hidden: true,
    });

    const drawList = () => {
      ks.fill(
        listSection,
        h('h2', { id: 'ks-connectors-h' }, t('list')),
        h('p', { class: 'ks-meta' }, t('intro')),
        connectors.length
          ? h(
              'div',
              { class: 'ks-scroll' },
              ks.table(
                t('list'),
                ['name', 'url', 'schedule', 'state', 'secret', 'actions'].map((c) => t(`col.${c}`)),
                connectors.map((c) => [
                  [h('strong', null, c.name), ' ', h('code', { class: 'ks-meta' }, c.key)],
                  h('code', null, c.url),
                  scheduleWords(c),
                  c.enabled === false ? t('disabled') : t('enabled'),
                  c.authHeader
                    ? c.secretsSet.includes(c.authHeader.secretRef)
                      ? t('secretSet')
                      : t('secretMissing')
                    : '—',
                  h(
                    'button',
                    { type: 'button', 'data-open': c.key, onclick: () => void openConnector(c.key) },
                    t('open', { name: c.name }),
                  ),
                ]),
              ),
            )
          : h('p', null, t('none')),
        h(
          'div',
          { class: 'ks-actions' },
          h(
            'button',
            { type: 'button', id: 'ks-new-connector', onclick: () => drawDetail(null) },
            t('newConnector'),
          ),
        ),
      );
    };

    const refreshList = async () => {
      const answer = await ks.api<Connector[]>('GET', '/api/connectors');
      if (answer.ok) connectors = answer.data;
      drawList();
    };

    const openConnector = async (key: string) => {
      const answer = await ks.api<Connector>('GET', `/api/connectors/${encodeURIComponent(key)}`);
      if (!answer.ok) return ks.problem(answer.problem);
      drawDetail(answer.data);
    };

    /** The form for a new connector (null) or an existing one, with its actions, dry run and runs. */
    const drawDetail = (c: Connector | null) => {
      const text = (
        name: string,
        value: string | undefined,
        pointer: string,
        attrs: Record<string, string | number | boolean> = {},
      ) =>
        h('input', {
          type: 'text',
          name,
          value: value ?? '',
          autocomplete: 'off',
          'data-pointer': pointer,
          ...attrs,
        }) as HTMLInputElement;
      const num = (
        name: string,
        value: number | undefined,
        pointer: string,
        attrs: Record<string, string | number> = {},
      ) =>
        h('input', {
          type: 'number',
          name,
          value: value ?? '',
          class: 'ks-weight',
          'data-pointer': pointer,
          ...attrs,
        }) as HTMLInputElement;
      const select = (name: string, pointer: string | null, options: [string, string][], value: string) =>
        h(
          'select',
          { name, 'data-pointer': pointer },
          options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
        ) as HTMLSelectElement;

      const key = text('key', c?.key, '/body/key', {
        required: true,
        pattern: '[a-z0-9][a-z0-9-]{0,63}',
        disabled: !!c,
      });
      const name = text('name', c?.name, '/body/name', { required: true });
      const url = h('input', {
        type: 'url',
        name: 'url',
        value: c?.url ?? '',
        required: true,
        autocomplete: 'off',
        'data-pointer': '/body/url',
      }) as HTMLInputElement;
      const enabled = h('input', {
        type: 'checkbox',
        name: 'enabled',
        id: 'ks-connector-enabled',
        checked: c?.enabled !== false,
        'data-pointer': '/body/enabled',
      }) as HTMLInputElement;
      const itemsPointer = text('itemsPointer', c?.itemsPointer, '/body/itemsPointer');

      const p = c?.pagination;
      const pagingType = select(
        'pagingType',
        '/body/pagination/type',
        ['none', 'page', 'cursor'].map((v) => [v, t(`paging.${v}`)]),
        p?.type ?? 'none',
      );
      const pageParam = text('pageParam', p?.type === 'page' ? p.param : 'page', '/body/pagination/param');
      const pageStart = select(
        'pageStart',
        '/body/pagination/start',
        [
          ['1', '1'],
          ['0', '0'],
        ],
        String(p?.start ?? 1),
      );
      const sizeParam = text('sizeParam', p?.sizeParam, '/body/pagination/sizeParam');
      const size = num('size', p?.size, '/body/pagination/size', { min: 1, max: 10000 });
      const maxPages = num('maxPages', p?.maxPages, '/body/pagination/maxPages', { min: 1, max: 1000 });
      const cursorPointer = text('cursorPointer', p?.cursorPointer, '/body/pagination/cursorPointer');
      const cursorParam = text(
        'cursorParam',
        p?.type === 'cursor' ? p.param : 'after',
        '/body/pagination/param',
      );
      const pageFields = h(
        'div',
        { class: 'ks-row' },
        ks.field(t('param'), pageParam),
        ks.field(t('startPage'), pageStart),
        ks.field(t('sizeParam'), sizeParam),
        ks.field(t('size'), size),
      );
      const cursorFields = h(
        'div',
        { class: 'ks-row' },
        ks.field(t('cursorPointer'), cursorPointer, t('cursorPointerHint')),
        ks.field(t('param'), cursorParam),
      );
      const maxPagesField = ks.field(t('maxPages'), maxPages);

      const m = c?.mapping;
      const mapInputs = Object.fromEntries(
        (['accountCode', 'period', 'value', 'state', 'sourceRecordId'] as const).map((f) => [
          f,
          text(
            `map-${f}`,
            m?.[f],
            `/body/mapping/${f}`,
            f === 'state' || f === 'sourceRecordId' ? {} : { required: true },
          ),
        ]),
      ) as Record<'accountCode' | 'period' | 'value' | 'state' | 'sourceRecordId', HTMLInputElement>;
      const fixedMetric = m ? m.metricKey === undefined : true;
      const metricFixedRadio = h('input', {
        type: 'radio',
        name: 'metricFrom',
        value: 'fixed',
        id: 'ks-metric-fixed',
        checked: fixedMetric,
      }) as HTMLInputElement;
      const metricMappedRadio = h('input', {
        type: 'radio',
        name: 'metricFrom',
        value: 'mapped',
        id: 'ks-metric-mapped',
        checked: !fixedMetric,
      }) as HTMLInputElement;
      const metricConst = select(
        'metricKeyConst',
        '/body/mapping/metricKeyConst',
        metrics.map((x) => [x.key, `${metricName(x.key)} (${x.key})`]),
        m?.metricKeyConst ?? c?.metricKeys[0] ?? 'revenue',
      );
      const metricKey = text('metricKey', m?.metricKey, '/body/mapping/metricKey');

      const scope = new Set(c?.metricKeys ?? []);
      const metricBoxes = metrics.map((x) => {
        const box = h('input', {
          type: 'checkbox',
          name: 'metricKeys',
          value: x.key,
          id: `ks-mk-${x.key}`,
          checked: scope.has(x.key),
        }) as HTMLInputElement;
        return {
          key: x.key,
          box,
          item: h(
            'li',
            null,
            box,
            ' ',
            h('label', { for: box.id }, `${metricName(x.key)} `, h('code', { class: 'ks-meta' }, x.key)),
          ),
        };
      });
      const metricFieldset = h(
        'fieldset',
        { 'data-pointer': '/body/metricKeys' },
        h('legend', null, t('metricKeys')),
        h(
          'ul',
          { class: 'ks-checklist' },
          metricBoxes.map((b) => b.item),
        ),
      );

      const s = c?.schedule;
      const scheduleType = select(
        'scheduleType',
        '/body/schedule',
        ['none', 'every', 'cron'].map((v) => [v, t(`schedule.${v}`)]),
        s?.every ? 'every' : s?.pattern ? 'cron' : 'none',
      );
      const everyMinutes = num('everyMinutes', s?.every ? s.every / 60000 : 60, '/body/schedule/every', {
        min: 1,
        step: 'any',
      });
      const pattern = text('pattern', s?.pattern, '/body/schedule/pattern');
      const tz = text('tz', s?.tz, '/body/schedule/tz');
      const everyField = ks.field(t('everyMinutes'), everyMinutes);
      const cronFields = h(
        'div',
        { class: 'ks-row' },
        ks.field(t('pattern'), pattern, t('patternHint')),
        ks.field(t('tz'), tz, t('tzHint')),
      );

      const useAuth = h('input', {
        type: 'checkbox',
        name: 'useAuth',
        id: 'ks-use-auth',
        checked: !!c?.authHeader,
      }) as HTMLInputElement;
      const headerName = text('headerName', c?.authHeader?.name ?? 'Authorization', '/body/authHeader/name');
      const secretRef = text('secretRef', c?.authHeader?.secretRef ?? 'token', '/body/authHeader/secretRef');
      const secretValue = h('input', {
        type: 'password',
        name: 'secretValue',
        autocomplete: 'new-password',
        'data-pointer': '/body/secrets',
      }) as HTMLInputElement;
      const authFields = h(
        'div',
        null,
        h(
          'div',
          { class: 'ks-row' },
          ks.field(t('headerName'), headerName),
          ks.field(t('secretRef'), secretRef),
          ks.field(t('secretValue'), secretValue, t('secretHint')),
        ),
        c?.secretsSet.length
          ? h('p', { class: 'ks-meta' }, t('secretStored', { refs: c.secretsSet.join(', ') }))
          : null,
      );

      const sync = () => {
        pageFields.hidden = pagingType.value !== 'page';
        cursorFields.hidden = pagingType.value !== 'cursor';
        maxPagesField.hidden = pagingType.value === 'none';
        metricConst.disabled = !metricFixedRadio.checked;
        metricKey.disabled = metricFixedRadio.checked;
        everyField.hidden = scheduleType.value !== 'every';
        cronFields.hidden = scheduleType.value !== 'cron';
        authFields.hidden = !useAuth.checked;
      };

      const form = h(
        'form',
        { id: 'ks-connector-form', novalidate: true },
        h('div', { class: 'ks-row' }, ks.field(t('key'), key, t('keyHint')), ks.field(t('name'), name)),
        ks.field(t('url'), url, t('urlHint')),
        h('div', { class: 'ks-field ks-check' }, enabled, h('label', { for: enabled.id }, t('isEnabled'))),
        ks.field(t('itemsPointer'), itemsPointer, t('itemsPointerHint')),
        h(
          'fieldset',
          null,
          h('legend', null, t('paging')),
          ks.field(t('pagingType'), pagingType),
          pageFields,
          cursorFields,
          maxPagesField,
        ),
        h(
          'fieldset',
          null,
          h('legend', null, t('mapping')),
          h('p', { class: 'ks-hint' }, t('mappingHint')),
          h(
            'div',
            { class: 'ks-row' },
            ks.field(t('map.accountCode'), mapInputs.accountCode),
            ks.field(t('map.period'), mapInputs.period),
            ks.field(t('map.value'), mapInputs.value),
          ),
          h(
            'fieldset',
            null,
            h('legend', null, t('metricFrom')),
            h(
              'div',
              { class: 'ks-row' },
              h(
                'div',
                { class: 'ks-field ks-check' },
                metricFixedRadio,
                h('label', { for: metricFixedRadio.id }, t('metricFixed')),
              ),
              ks.field(t('metricConst'), metricConst),
            ),
            h(
              'div',
              { class: 'ks-row' },
              h(
                'div',
                { class: 'ks-field ks-check' },
                metricMappedRadio,
                h('label', { for: metricMappedRadio.id }, t('metricMapped')),
              ),
              ks.field(t('metricKey'), metricKey),
            ),
          ),
          h(
            'div',
            { class: 'ks-row' },
            ks.field(t('map.state'), mapInputs.state),
            ks.field(t('map.sourceRecordId'), mapInputs.sourceRecordId),
          ),
        ),
        metricFieldset,
        h(
          'fieldset',
          null,
          h('legend', null, t('schedule')),
          ks.field(t('scheduleType'), scheduleType),
          everyField,
          cronFields,
        ),
        h(
          'fieldset',
          null,
          h('legend', null, t('auth')),
          h('div', { class: 'ks-field ks-check' }, useAuth, h('label', { for: useAuth.id }, t('useAuth'))),
          authFields,
        ),
        h(
          'div',
          { class: 'ks-actions' },
          h('button', { type: 'submit', class: 'ks-primary' }, c ? t('save') : t('create')),
        ),
      );
      form.addEventListener('change', sync);
      sync();

      const body = () => {
        const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
        const numberOf = (el: HTMLInputElement) => (el.value.trim() === '' ? undefined : Number(el.value));
        const mapping: Mapping = {
          accountCode: mapInputs.accountCode.value.trim(),
          period: mapInputs.period.value.trim(),
          value: mapInputs.value.value.trim(),
        };
        if (metricFixedRadio.checked) mapping.metricKeyConst = metricConst.value;
        else mapping.metricKey = metricKey.value.trim();
        for (const f of ['state', 'sourceRecordId'] as const) {
          const v = optional(mapInputs[f].value);
          if (v !== undefined) mapping[f] = v;
        }
        const chosen = metricBoxes.filter((b) => b.box.checked);
        metricBoxes.forEach((b) => delete b.box.dataset.pointer);
        chosen.forEach((b, i) => (b.box.dataset.pointer = `/body/metricKeys/${i}`));
        const doc: Record<string, unknown> = {
          name: name.value.trim(),
          url: url.value.trim(),
          method: 'GET',
          enabled: enabled.checked,
          itemsPointer: itemsPointer.value.trim(),
          mapping,
          metricKeys: chosen.map((b) => b.key),
        };
        if (pagingType.value === 'page') {
          doc.pagination = {
            type: 'page',
            param: pageParam.value.trim(),
            start: Number(pageStart.value),
            ...(optional(sizeParam.value) ? { sizeParam: sizeParam.value.trim() } : {}),
            ...(numberOf(size) !== undefined ? { size: numberOf(size) } : {}),
            ...(numberOf(maxPages) !== undefined ? { maxPages: numberOf(maxPages) } : {}),
          };
        } else if (pagingType.value === 'cursor') {
          doc.pagination = {
            type: 'cursor',
            cursorPointer: cursorPointer.value.trim(),
            param: cursorParam.value.trim(),
            ...(numberOf(maxPages) !== undefined ? { maxPages: numberOf(maxPages) } : {}),
          };
        } else doc.pagination = { type: 'none' };
        if (scheduleType.value === 'every') {
          const minutes = numberOf(everyMinutes);
          doc.schedule = { every: minutes === undefined ? 0 : Math.round(minutes * 60000) };
        } else if (scheduleType.value === 'cron') {
          doc.schedule = {
            pattern: pattern.value.trim(),
            ...(optional(tz.value) ? { tz: tz.value.trim() } : {}),
          };
        }
        if (useAuth.checked) {
          const ref = secretRef.value.trim();
          doc.authHeader = { name: headerName.value.trim(), secretRef: ref };
          if (secretValue.value) {
            doc.secrets = { [ref]: secretValue.value };
            secretValue.dataset.pointer = `/body/secrets/${ref}`;
          }
        }
        if (!c) doc.key = key.value.trim();
        return doc;
      };

      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const answer = c
          ? await ks.api<Connector>('PUT', `/api/connectors/${encodeURIComponent(c.key)}`, body())
          : await ks.api<Connector>('POST', '/api/connectors', body());
        if (!answer.ok) return ks.problem(answer.problem, form);
        secretValue.value = '';
        await refreshList();
        await openConnector(answer.data.key);
        ks.say(c ? t('saved') : t('created', { key: answer.data.key }));
      });

      // ---- actions on a stored connector: dry run, run now, delete; the recent runs ----
      const results = h('div', { id: 'ks-dry-run', 'aria-live': 'polite' });
      const runsBox = h('div', { id: 'ks-runs' });
      const showRuns = async () => {
        if (!c) return [] as Run[];
        const answer = await ks.api<Run[]>('GET', `/api/connectors/${encodeURIComponent(c.key)}/runs`);
        const runs = answer.ok ? answer.data : [];
        ks.fill(
          runsBox,
          h('h3', null, t('runs')),
          runs.length
            ? h(
                'div',
                { class: 'ks-scroll' },
                ks.table(
                  t('runs'),
                  ['started', 'finished', 'status', 'attempts', 'rows', 'error'].map((col) =>
                    t(`col.${col}`),
                  ),
                  runs.map((r) => [
                    ks.date(r.startedAt),
                    ks.date(r.finishedAt),
                    h('span', { class: 'ks-badge', 'data-run-status': r.status }, t(`run.${r.status}`)),
                    r.attempts,
                    r.rows ?? '—',
                    r.error ? ks.bi(r.error.message) : '—',
                  ]),
                ),
              )
            : h('p', null, t('noRuns')),
          h('button', { type: 'button', onclick: () => void showRuns() }, t('refreshRuns')),
        );
        return runs;
      };
      const dryRun = async () => {
        if (!c) return;
        ks.clearProblems(detail);
        const answer = await ks.api<{
          items: number;
          morePages: boolean;
          rows: {
            accountCode: string;
            metricKey: string;
            period: string;
            value: number | null;
            state: string;
            sourceRecordId?: string;
          }[];
          failedItems: number;
          errors: { pointer: string; code: string; message: Bi }[];
        }>('POST', `/api/connectors/${encodeURIComponent(c.key)}/dry-run`);
        if (!answer.ok) {
          ks.fill(results);
          return ks.problem(answer.problem, results);
        }
        const d = answer.data;
        ks.fill(
          results,
          h('h3', null, t('dryRunTitle')),
          h(
            'p',
            null,
            t('dryRunSummary', {
              items: d.items,
              rows: d.rows.length,
              failed: d.failedItems,
              more: d.morePages ? t('morePages') : '',
            }),
          ),
          d.rows.length
            ? h(
                'div',
                { class: 'ks-scroll' },
                ks.table(
                  t('rowsCaption'),
                  ['account', 'metric', 'period', 'value', 'valueState', 'record'].map((col) =>
                    t(`col.${col}`),
                  ),
                  d.rows.map((r) => [
                    r.accountCode,
                    metricName(r.metricKey),
                    r.period,
                    ks.num(r.value, 4),
                    t(`state.${r.state}`),
                    r.sourceRecordId ?? '—',
                  ]),
                ),
              )
            : null,
          d.errors.length
            ? h(
                'div',
                { class: 'ks-scroll' },
                ks.table(
                  t('errorsCaption'),
                  ['item', 'field', 'message'].map((col) => t(`col.${col}`)),
                  d.errors.map((e) => {
                    const [, , index, field] = e.pointer.split('/');
                    return [
                      Number(index) + 1,
                      t(`map.${field}`) === `map.${field}` ? field : t(`map.${field}`),
                      ks.bi(e.message),
                    ];
                  }),
                ),
              )
            : null,
        );
        ks.say(t('dryRunSummary', { items: d.items, rows: d.rows.length, failed: d.failedItems, more: '' }));
      };
      const runNow = async () => {
        if (!c) return;
        const answer = await ks.api<{ jobId: string }>(
          'POST',
          `/api/connectors/${encodeURIComponent(c.key)}/run`,
        );
        if (!answer.ok) return ks.problem(answer.problem, detail);
        ks.say(t('runQueued', { jobId: answer.data.jobId }));
        // Follow the run until it ends (or 30 s).
        for (let i = 0; i < 30; i++) {
          const runs = await showRuns();
          const run = runs.find((r) => r.jobId === answer.data.jobId);
          if (run && (run.status === 'succeeded' || run.status === 'failed')) break;
          await new Promise((done) => setTimeout(done, 1000));
        }
      };
      const confirmBox = h('div', {
        class: 'ks-actions',
        hidden: true,
        role: 'group',
        'aria-labelledby': 'ks-confirm-remove',
      });
      const askRemove = () => {
        if (!c) return;
        ks.fill(
          confirmBox,
          h('p', { id: 'ks-confirm-remove' }, t('confirmRemove', { key: c.key })),
          h(
            'button',
            {
              type: 'button',
              class: 'ks-danger',
              onclick: async () => {
                const answer = await ks.api('DELETE', `/api/connectors/${encodeURIComponent(c.key)}`);
                if (!answer.ok) return ks.problem(answer.problem, detail);
                detail.hidden = true;
                await refreshList();
                ks.say(t('removed', { key: c.key }));
              },
            },
            t('confirmYes'),
          ),
          h('button', { type: 'button', onclick: () => (confirmBox.hidden = true) }, t('cancel')),
        );
        confirmBox.hidden = false;
        (confirmBox.querySelector('button') as HTMLButtonElement).focus();
      };

      ks.fill(
        detail,
        h(
          'h2',
          { id: 'ks-connector-h', tabindex: '-1' },
          c ? t('editing', { name: c.name }) : t('newConnector'),
        ),
        c?.scheduler?.next
          ? h(
              'p',
              { class: 'ks-meta' },
              t('nextRun', { at: ks.date(new Date(c.scheduler.next).toISOString()) }),
            )
          : null,
        form,
        c
          ? [
              h(
                'div',
                { class: 'ks-actions' },
                h(
                  'button',
                  { type: 'button', id: 'ks-dry-run-button', onclick: () => void dryRun() },
                  t('dryRun'),
                ),
                h('button', { type: 'button', id: 'ks-run-now', onclick: () => void runNow() }, t('runNow')),
                h('button', { type: 'button', class: 'ks-danger', onclick: askRemove }, t('remove')),
              ),
              confirmBox,
              results,
              runsBox,
            ]
          : null,
      );
      detail.hidden = false;
      (detail.querySelector('h2') as HTMLElement).focus();
      void showRuns();
    };

    drawList();
    ks.fill(ks.root, listSection, detail);
    if (ks.params.key) await openConnector(ks.params.key);
    ks.ready();
  },
};
