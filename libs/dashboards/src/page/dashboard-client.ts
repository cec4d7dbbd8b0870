/// <reference lib="dom" />
/**
 * The script of the dashboard pages, served as /dashboards/assets/dashboard.js (helmet's CSP allows only
 * same-origin script files). It is written here so it is type-checked and linted, and served as the text
 * of this one function: it must not use anything from outside its own body (no imports, no module
 * constants), which is why its helpers are nested inside it.
 */

interface Bi {
  'zh-CN': string;
  en: string;
}
type Cell = number | string | null | { error: string };
interface Row {
  key: (string | number | null)[];
  labels: (Bi | null)[];
  values: Cell[];
}
interface Alert {
  widget: string;
  measure: string;
  series: (string | number | null)[];
  message: Bi;
}
interface Widget {
  id: string;
  type: string;
  ok: boolean;
  cached: boolean;
  title: Bi;
  periods?: string[];
  dimensions?: { field: string; label: Bi }[];
  measures?: { key: string; label: Bi; format: string; decimals?: number }[];
  rows?: Row[];
  total?: number;
  card?: { value: Cell; target: Cell; previous: Cell; trend: { period: string; value: Cell }[] };
  alerts?: Alert[];
  error?: {
    code: string;
    message: Bi;
    pointer: string;
    formula?: string;
    position?: { start: number; length: number; line: number; column: number };
  };
}
interface Chart {
  setOption(option: unknown, notMerge?: boolean): void;
  on(event: 'click', handler: (params: { data?: unknown }) => void): void;
  resize(): void;
  dispose(): void;
  getDataURL(options: { type: string; pixelRatio: number; backgroundColor: string }): string;
}
interface ChartsLib {
  init(element: HTMLElement, theme?: string | null, options?: { renderer: string }): Chart;
}

export function dashboardClient(): void {
  const configElement = document.getElementById('ks-config');
  if (!configElement) return;
  const config = JSON.parse(configElement.textContent || '{}') as {
    mode: string;
    key: string;
    locale: 'zh-CN' | 'en';
    draft: boolean;
    api: string;
    next: string;
    texts: Record<string, string>;
  };
  const L = config.locale;
  const T = (key: string) => config.texts[key] || key;
  const charts = new Map<string, Chart>();
  const state: { data: { widgets: Widget[]; alerts: Alert[] } | null; ready: boolean } = {
    data: null,
    ready: false,
  };
  (window as unknown as { ksDashboard: typeof state }).ksDashboard = state;

  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs: Record<string, string> = {},
    text?: string,
  ): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  if (config.mode === 'signin') {
    const form = document.getElementById('ks-signin') as HTMLFormElement | null;
    form?.addEventListener('submit', (event) => {
      event.preventDefault();
      // Not ready until the signed-in page replaces this one (or the sign-in fails).
      document.body.dataset.state = 'loading';
      const email = (document.getElementById('ks-email') as HTMLInputElement).value;
      const password = (document.getElementById('ks-password') as HTMLInputElement).value;
      void fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': L },
        credentials: 'same-origin',
        body: JSON.stringify({ email, password }),
      }).then((response) => {
        if (response.ok) window.location.assign(config.next);
        else {
          (document.getElementById('ks-signin-error') as HTMLElement).textContent = T('signInFailed');
          document.body.dataset.state = 'ready';
        }
      });
    });
    document.body.dataset.state = 'ready';
    return;
  }
  if (config.mode !== 'dashboard') {
    document.body.dataset.state = 'ready';
    return;
  }

  const lib = (window as unknown as { echarts: ChartsLib }).echarts;
  const label = (b: Bi | null | undefined, fallback: unknown) =>
    b ? b[L] : fallback === null ? '—' : String(fallback);
  const nf = (digits: number) =>
    new Intl.NumberFormat(L, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const format = (cell: Cell, fmt: string, decimals?: number): string => {
    if (cell === null || cell === undefined) return '—';
    if (typeof cell === 'object') return cell.error;
    if (typeof cell === 'string') return cell;
    if (fmt === 'percent') return `${nf(decimals ?? 1).format(cell * 100)}%`;
    if (fmt === 'integer') return nf(0).format(cell);
    if (fmt === 'currency') return nf(decimals ?? 0).format(cell);
    if (fmt === 'score') return nf(decimals ?? 1).format(cell);
    return nf(decimals ?? (Number.isInteger(cell) ? 0 : 2)).format(cell);
  };
  const numeric = (cell: Cell) => (typeof cell === 'number' ? cell : null);

  /** The filters of the form, as a query string (the API and the export links take the same). */
  const form = document.querySelector('form.ks-filters') as HTMLFormElement | null;
  const filterQuery = () => {
    const params = new URLSearchParams();
    if (form)
      for (const select of Array.from(form.querySelectorAll('select')))
        if (select.value) params.set(select.name, select.value);
    if (config.draft) params.set('draft', 'true');
    params.set('lang', L);
    return params;
  };

  const api = (path: string, extra?: Record<string, string>) => {
    const params = filterQuery();
    for (const [k, v] of Object.entries(extra ?? {})) params.set(k, v);
    return fetch(`${config.api}${path}?${params.toString()}`, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': L },
    }).then(async (response) => {
      const body = (await response.json()) as unknown;
      if (!response.ok) throw new Error((body as { message?: string }).message || String(response.status));
      return body;
    });
  };

  // ---- drill-down panel: accounts behind an element, then a score's trace
  const drill = document.getElementById('ks-drill') as HTMLElement;
  const drillBody = document.getElementById('ks-drill-body') as HTMLElement;
  document.getElementById('ks-drill-close')?.addEventListener('click', () => {
    drill.hidden = true;
  });

  const showTrace = (url: string, into: HTMLElement) => {
    into.textContent = T('loading');
    void fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': L } })
      .then((r) => r.json())
      .then(
        (card: {
          score: number | null;
          rating: string | null;
          kpis: {
            kpi: string;
            definition: { name: Bi };
            status: string;
            value: number | null;
            target: number | null;
            score: number | null;
            effectiveWeight: number;
            contribution: number;
            note: Bi | null;
          }[];
        }) => {
          into.textContent = '';
          into.append(
            el(
              'h3',
              {},
              `${T('trace')} · ${T('total')} ${format(card.score, 'score')} · ${T('rating')} ${card.rating ?? '—'}`,
            ),
          );
          const table = el('table', { class: 'ks-table ks-trace-table' });
          const head = el('tr');
          for (const h of ['kpi', 'value', 'target', 'score', 'weight', 'contribution', 'status'])
            head.append(el('th', {}, T(h)));
          table.append(el('thead'), el('tbody'));
          table.tHead!.append(head);
          for (const k of card.kpis ?? []) {
            const tr = el('tr');
            tr.append(
              el('td', {}, k.definition?.name ? k.definition.name[L] : k.kpi),
              el('td', {}, format(k.value, 'number')),
              el('td', {}, format(k.target, 'number')),
              el('td', {}, format(k.score, 'score')),
              el('td', {}, `${format(k.effectiveWeight, 'number')}%`),
              el('td', {}, format(k.contribution, 'number')),
              el('td', {}, k.note ? `${k.status} — ${k.note[L]}` : k.status),
            );
            table.tBodies[0]!.append(tr);
          }
          const source = el('p', { class: 'ks-meta' });
          source.append(el('a', { href: url }, url));
          into.append(table, source);
        },
      )
      .catch((e: Error) => {
        into.textContent = `${T('failedToLoad')}: ${e.message}`;
      });
  };

  const openDrill = (widget: Widget, key: (string | number | null)[], caption: string) => {
    drill.hidden = false;
    (document.getElementById('ks-drill-title') as HTMLElement).textContent =
      `${T('drillTitle')}: ${widget.title[L]}${caption ? ` · ${caption}` : ''}`;
    drillBody.textContent = T('loading');
    void api(`/widgets/${encodeURIComponent(widget.id)}/drill`, { key: JSON.stringify(key) })
      .then((raw) => {
        const result = raw as {
          periods: string[];
          measures: { key: string; label: Bi }[];
          rows: {
            accountId: string;
            code: string;
            name: Bi | null;
            values: Cell[];
            scorecard: string | null;
          }[];
        };
        drillBody.textContent = '';
        drillBody.append(el('p', { class: 'ks-meta' }, result.periods.join(', ')));
        const table = el('table', { class: 'ks-table ks-drill-table' });
        const head = el('tr');
        head.append(el('th', {}, T('account')));
        result.measures.forEach((m) => head.append(el('th', {}, m.label[L])));
        head.append(el('th', {}, T('trace')));
        table.append(el('thead'), el('tbody'));
        table.tHead!.append(head);
        const trace = el('div', { class: 'ks-trace' });
        for (const row of result.rows) {
          const tr = el('tr', { 'data-account': row.accountId });
          tr.append(el('td', {}, `${row.code} ${row.name ? row.name[L] : ''}`));
          row.values.forEach((v, i) => {
            const m = widget.measures?.[i];
            tr.append(el('td', {}, format(v, m ? m.format : 'number', m?.decimals)));
          });
          const td = el('td');
          if (row.scorecard) {
            const link = el('a', { href: row.scorecard, class: 'ks-trace-link' }, T('trace'));
            link.addEventListener('click', (event) => {
              event.preventDefault();
              showTrace(row.scorecard!, trace);
            });
            td.append(link);
          }
          tr.append(td);
          table.tBodies[0]!.append(tr);
        }
        drillBody.append(table, trace);
      })
      .catch((e: Error) => {
        drillBody.textContent = `${T('failedToLoad')}: ${e.message}`;
      });
  };

  // ---- rendering
  const categoriesOf = (rows: Row[], dim: number) => {
    const seen = new Map<string, { key: string | number | null; name: string }>();
    for (const r of rows) {
      const id = JSON.stringify(r.key[dim]);
      if (!seen.has(id)) seen.set(id, { key: r.key[dim] ?? null, name: label(r.labels[dim], r.key[dim]) });
    }
    return [...seen.values()];
  };

  const chartOption = (w: Widget): unknown => {
    const rows = w.rows ?? [];
    const measures = w.measures ?? [];
    const dims = w.dimensions ?? [];
    const fmt = (i: number) => (v: number) =>
      format(v, measures[i]?.format ?? 'number', measures[i]?.decimals);
    const tooltip = { trigger: w.type === 'line' || w.type === 'bar' ? 'axis' : 'item' };
    if (w.type === 'pie')
      return {
        tooltip: { trigger: 'item', valueFormatter: fmt(0) },
        legend: { type: 'scroll', bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['35%', '65%'],
            data: rows.map((r) => ({
              name: label(r.labels[0], r.key[0]),
              value: numeric(r.values[0] ?? null),
              key: r.key,
            })),
          },
        ],
      };
    if (w.type === 'scatter')
      return {
        tooltip: {
          trigger: 'item',
          formatter: (p: { data: { name: string; value: number[] } }) =>
            `${p.data.name}<br>${measures[0]!.label[L]}: ${fmt(0)(p.data.value[0]!)}<br>${measures[1]!.label[L]}: ${fmt(1)(p.data.value[1]!)}`,
        },
        xAxis: { type: 'value', name: measures[0]!.label[L], scale: true },
        yAxis: { type: 'value', name: measures[1]!.label[L], scale: true },
        series: [
          {
            type: 'scatter',
            data: rows.map((r) => {
              const size = measures[2] ? numeric(r.values[2] ?? null) : null;
              return {
                name: label(r.labels[0], r.key[0]),
                value: [numeric(r.values[0] ?? null), numeric(r.values[1] ?? null), size],
                key: r.key,
              };
            }),
            symbolSize: (value: (number | null)[]) => {
              if (!measures[2]) return 10;
              const max = Math.max(1, ...rows.map((r) => numeric(r.values[2] ?? null) ?? 0));
              return 6 + 24 * Math.sqrt(Math.max(0, value[2] ?? 0) / max);
            },
          },
        ],
      };
    if (w.type === 'heatmap') {
      const ys = categoriesOf(rows, 0);
      const xs = categoriesOf(rows, 1);
      const values = rows.map((r) => numeric(r.values[0] ?? null)).filter((v): v is number => v !== null);
      return {
        tooltip: { trigger: 'item', valueFormatter: fmt(0) },
        grid: { left: 110, bottom: 90, top: 10, right: 10 },
        xAxis: { type: 'category', data: xs.map((x) => x.name), axisLabel: { rotate: 40, interval: 0 } },
        yAxis: { type: 'category', data: ys.map((y) => y.name) },
        visualMap: {
          min: values.length ? Math.min(...values) : 0,
          max: values.length ? Math.max(...values) : 100,
          calculable: true,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          inRange: { color: ['#cf222e', '#f5b400', '#1a7f37'] },
        },
        series: [
          {
            type: 'heatmap',
            label: { show: true, formatter: (p: { value: number[] }) => fmt(0)(p.value[2]!) },
            data: rows.map((r) => ({
              value: [
                xs.findIndex((x) => JSON.stringify(x.key) === JSON.stringify(r.key[1])),
                ys.findIndex((y) => JSON.stringify(y.key) === JSON.stringify(r.key[0])),
                numeric(r.values[0] ?? null),
              ],
              key: r.key,
            })),
          },
        ],
      };
    }
    const categories = categoriesOf(rows, 0);
    const series: { name: string; data: unknown[]; measure: number; seriesKey: string | number | null }[] =
      [];
    if (dims.length === 2) {
      for (const s of categoriesOf(rows, 1))
        series.push({
          name: s.name,
          measure: 0,
          seriesKey: s.key,
          data: categories.map((c) => {
            const row = rows.find(
              (r) =>
                JSON.stringify(r.key[0]) === JSON.stringify(c.key) &&
                JSON.stringify(r.key[1]) === JSON.stringify(s.key),
            );
            return { value: row ? numeric(row.values[0] ?? null) : null, key: [c.key, s.key] };
          }),
        });
    } else
      measures.forEach((m, i) =>
        series.push({
          name: m.label[L],
          measure: i,
          seriesKey: null,
          data: categories.map((c) => {
            const row = rows.find((r) => JSON.stringify(r.key[0]) === JSON.stringify(c.key));
            return { value: row ? numeric(row.values[i] ?? null) : null, key: [c.key] };
          }),
        }),
      );
    if (w.type === 'radar') {
      const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => numeric(v) ?? 0)));
      return {
        tooltip: { trigger: 'item' },
        legend: { type: 'scroll', bottom: 0 },
        radar: {
          indicator: categories.map((c) => ({ name: c.name, max: Math.ceil(max * 1.1) })),
          radius: '60%',
        },
        series: [
          {
            type: 'radar',
            data: series.map((s) => ({
              name: s.name,
              value: s.data.map((d) => (d as { value: number | null }).value ?? 0),
              key: [],
            })),
          },
        ],
      };
    }
    const alerted = new Set((w.alerts ?? []).map((a) => JSON.stringify(a.series)));
    return {
      tooltip: { ...tooltip, valueFormatter: fmt(0) },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 70, right: 20, top: 20, bottom: 60 },
      xAxis: {
        type: 'category',
        data: categories.map((c) => c.name),
        axisLabel: { interval: 0, hideOverlap: true },
      },
      yAxis: { type: 'value', axisLabel: { formatter: fmt(0) } },
      series: series.map((s) => ({
        type: w.type === 'line' ? 'line' : 'bar',
        name: s.name,
        data: s.data,
        ...(w.type === 'line' && alerted.has(JSON.stringify(s.seriesKey === null ? [] : [s.seriesKey]))
          ? { lineStyle: { type: 'dashed', width: 3, color: '#cf222e' }, itemStyle: { color: '#cf222e' } }
          : {}),
      })),
    };
  };

  const renderError = (body: HTMLElement, w: Widget) => {
    const e = w.error!;
    const box = el('div', { class: 'ks-error', role: 'alert', 'data-code': e.code });
    box.append(
      el('strong', {}, T('error')),
      el('p', {}, e.message[L]),
      el('code', {}, `${e.code} · ${e.pointer}`),
    );
    if (e.formula) {
      const f = el('p', { class: 'ks-formula' });
      const start = e.position ? e.position.start : 0;
      const end = e.position ? Math.max(start + 1, start + e.position.length) : 0;
      f.append(
        document.createTextNode(e.formula.slice(0, start)),
        el('mark', {}, e.formula.slice(start, end) || ' '),
        document.createTextNode(e.formula.slice(end)),
      );
      box.append(f);
      if (e.position)
        box.append(
          el(
            'p',
            { class: 'ks-meta' },
            `${T('position')}: ${T('line')} ${e.position.line}, ${T('column')} ${e.position.column}`,
          ),
        );
    }
    body.append(box);
  };

  const renderCard = (body: HTMLElement, w: Widget) => {
    const card = w.card!;
    const m = w.measures![0]!;
    const box = el('div', { class: 'ks-card' });
    const value = el(
      'div',
      { class: 'ks-card-value', 'data-value': JSON.stringify(card.value), tabindex: '0', role: 'button' },
      format(card.value, m.format, m.decimals),
    );
    value.addEventListener('click', () => openDrill(w, [], ''));
    box.append(value);
    const sub: string[] = [];
    if (card.target !== null) sub.push(`${T('target')} ${format(card.target, m.format, m.decimals)}`);
    if (typeof card.previous === 'number' && typeof card.value === 'number') {
      const delta = card.value - card.previous;
      const arrow = delta > 0 ? '▲' : delta < 0 ? '▼' : '■';
      sub.push(`${arrow} ${T('previous')} ${format(card.previous, m.format, m.decimals)}`);
    }
    const subline = el('div', { class: 'ks-card-sub' }, sub.join(' · '));
    if (typeof card.target === 'number' && typeof card.value === 'number')
      subline.classList.add(card.value >= card.target ? 'ks-up' : 'ks-down');
    box.append(subline);
    if (card.trend.length > 1) {
      const spark = el('div', { class: 'ks-spark' });
      box.append(spark);
      body.append(box);
      const chart = lib.init(spark, null, { renderer: 'canvas' });
      charts.set(`${w.id}:spark`, chart);
      chart.setOption({
        grid: { left: 2, right: 2, top: 4, bottom: 4 },
        xAxis: { type: 'category', show: false, data: card.trend.map((t) => t.period) },
        yAxis: { type: 'value', show: false, scale: true },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => format(v, m.format, m.decimals) },
        series: [
          {
            type: 'line',
            data: card.trend.map((t) => numeric(t.value)),
            symbol: 'none',
            smooth: true,
            areaStyle: { opacity: 0.15 },
          },
        ],
      });
      return;
    }
    body.append(box);
  };

  const renderTable = (body: HTMLElement, w: Widget) => {
    const rows = w.rows ?? [];
    const dims = w.dimensions ?? [];
    const measures = w.measures ?? [];
    const table = el('table', { class: 'ks-table' });
    table.append(el('thead'), el('tbody'));
    const head = el('tr');
    const flagged = new Set((w.alerts ?? []).map((a) => JSON.stringify(a.series)));
    const p = dims.findIndex((d) => d.field === 'period');
    if (dims.length === 2 && p === 1 && measures.length === 1) {
      // A trend table: one row per series, one column per period.
      const periods = categoriesOf(rows, 1);
      head.append(el('th', {}, dims[0]!.label[L]), ...periods.map((x) => el('th', {}, x.name)));
      table.tHead!.append(head);
      const series = categoriesOf(rows, 0).sort((a, b) => a.name.localeCompare(b.name, L));
      for (const s of series) {
        const tr = el('tr', { 'data-key': JSON.stringify([s.key]) });
        if (flagged.has(JSON.stringify([s.key]))) tr.classList.add('ks-flag');
        tr.append(el('td', {}, s.name));
        for (const x of periods) {
          const row = rows.find((r) => JSON.stringify(r.key) === JSON.stringify([s.key, x.key]));
          tr.append(
            el(
              'td',
              {},
              row ? format(row.values[0] ?? null, measures[0]!.format, measures[0]!.decimals) : '—',
            ),
          );
        }
        tr.addEventListener('click', () => openDrill(w, [s.key], s.name));
        table.tBodies[0]!.append(tr);
      }
    } else {
      for (const d of dims) head.append(el('th', {}, d.label[L]));
      for (const m of measures) head.append(el('th', {}, m.label[L]));
      table.tHead!.append(head);
      for (const r of rows) {
        const tr = el('tr', { 'data-key': JSON.stringify(r.key) });
        r.key.forEach((k, i) => tr.append(el('td', {}, label(r.labels[i], k))));
        r.values.forEach((v, i) =>
          tr.append(
            el(
              'td',
              { 'data-value': JSON.stringify(v) },
              format(v, measures[i]!.format, measures[i]!.decimals),
            ),
          ),
        );
        tr.addEventListener('click', () =>
          openDrill(w, r.key, r.key.map((k, i) => label(r.labels[i], k)).join(' / ')),
        );
        table.tBodies[0]!.append(tr);
      }
    }
    body.append(table);
  };

  const renderWidget = (w: Widget) => {
    const section = document.querySelector(
      `section[data-widget="${CSS.escape(w.id)}"]`,
    ) as HTMLElement | null;
    if (!section) return;
    const body = section.querySelector('.ks-body') as HTMLElement;
    const meta = section.querySelector('.ks-meta') as HTMLElement;
    charts.get(w.id)?.dispose();
    charts.get(`${w.id}:spark`)?.dispose();
    charts.delete(w.id);
    charts.delete(`${w.id}:spark`);
    body.textContent = '';
    section.dataset.ok = String(w.ok);
    meta.textContent = w.ok ? (w.periods ?? []).join('–').replace(/–.*–/, '–') : '';
    const query = filterQuery().toString();
    (section.querySelector('.ks-csv') as HTMLAnchorElement).href =
      `${config.api}/widgets/${encodeURIComponent(w.id)}/export.csv?${query}`;
    (section.querySelector('.ks-xlsx') as HTMLAnchorElement).href =
      `${config.api}/widgets/${encodeURIComponent(w.id)}/export.xlsx?${query}`;
    if (!w.ok) return renderError(body, w);
    if (w.type === 'number') return renderCard(body, w);
    if (!(w.rows ?? []).length) {
      body.append(el('p', { class: 'ks-empty' }, T('noData')));
      return;
    }
    if (w.type === 'table') return renderTable(body, w);
    const holder = el('div', { class: 'ks-chart' });
    body.append(holder);
    const chart = lib.init(holder, null, { renderer: 'canvas' });
    charts.set(w.id, chart);
    chart.setOption(chartOption(w), true);
    chart.on('click', (params) => {
      const data = params.data as { key?: (string | number | null)[]; name?: string } | undefined;
      if (data && Array.isArray(data.key)) openDrill(w, data.key, data.name ?? '');
    });
  };

  const renderAlerts = (alerts: Alert[]) => {
    const box = document.getElementById('ks-alerts') as HTMLElement;
    box.textContent = '';
    for (const a of alerts)
      box.append(el('p', { class: 'ks-alert', 'data-widget': a.widget }, `⚠ ${a.message[L]}`));
  };

  const load = () => {
    document.body.dataset.state = 'loading';
    return api('/data')
      .then((raw) => {
        const data = raw as { widgets: Widget[]; alerts: Alert[] };
        state.data = data;
        for (const w of data.widgets) renderWidget(w);
        renderAlerts(data.alerts);
        state.ready = true;
        document.body.dataset.state = 'ready';
      })
      .catch((e: Error) => {
        for (const body of Array.from(document.querySelectorAll('.ks-body')))
          body.textContent = `${T('failedToLoad')}: ${e.message}`;
        document.body.dataset.state = 'error';
      });
  };

  // PNG export of a chart, drawn on a white background at twice the screen resolution.
  document.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest('.ks-png');
    if (!button) return;
    const id = (button.closest('section') as HTMLElement).dataset.widget!;
    const chart = charts.get(id);
    if (!chart) return;
    const link = el('a', {
      href: chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }),
      download: `${config.key}-${id}.png`,
    });
    document.body.append(link);
    link.click();
    link.remove();
  });

  // Filters apply at once, without a page load; the address keeps them (reload or share the link).
  form?.addEventListener('change', () => {
    const params = filterQuery();
    history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
    void load();
  });
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  void load();
}

/** The served file: the function's own text, run once. */
export const DASHBOARD_CLIENT_SCRIPT = `"use strict";\n(${dashboardClient.toString()})();\n`;
