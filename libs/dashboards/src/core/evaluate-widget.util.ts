import {
  aggregate,
  check,
  compile,
  evaluateColumns,
  groupBy,
  isError,
  type Column,
  type GroupResult,
  type Table,
  type Value,
} from '@keyscore/formula';
import type { Bilingual } from '@keyscore/i18n';
import { checkWidget } from './check-dashboard.util';
import type { DashboardWidget } from './dashboard.schema';
import { DATASETS, fieldTypes, type DatasetDef } from './datasets';
import { formatCell } from './format-cell.util';
import { gather, type Frame } from './frame';
import { periodsUpTo } from './period.util';
import { widgetError, WidgetErrorCode } from './widget-errors';
import type { Cell, ResultRow, TrendAlert, WidgetData, WidgetResult } from './widget-result';

/** The viewer's filters as they apply to one widget. */
export interface WidgetScope {
  /** The selected period (for quarterly datasets: the quarter it falls in). */
  readonly period: string;
  readonly accountType?: string | null;
  readonly region?: string | null;
  readonly departmentId?: string | null;
  /** Person filter: on person datasets the person's rows, on account datasets the accounts in this set. */
  readonly personId?: string | null;
  readonly personAccounts?: ReadonlySet<string> | null;
}

/** The periods a widget reads: its window (and its card trend) up to the selected period. */
export function widgetPeriods(widget: DashboardWidget, period: string): string[] {
  return periodsUpTo(
    period,
    Math.max(widget.periods ?? 1, widget.type === 'number' ? (widget.trend ?? 1) : 1),
  );
}

/** The fields a widget reads: its group-by and every field its formulas name. */
export function widgetFields(widget: DashboardWidget): Set<string> {
  const types = fieldTypes(widget.dataset);
  const fields = new Set<string>(widget.groupBy ?? []);
  const add = (formula: string, mode: 'aggregate' | 'row') => {
    for (const f of check(formula, types, { mode }).dependencies.fields) fields.add(f);
  };
  for (const m of widget.measures) add(m.formula, 'aggregate');
  if (widget.target?.formula) add(widget.target.formula, 'aggregate');
  if (widget.where) add(widget.where, 'row');
  return fields;
}

/**
 * The periods each field of a widget is read for: its group-by, measures and `where` over the widget's
 * window; a number card's target only for the selected period (the card's trend is the measure alone), so
 * a four-quarter trend does not load four quarters of targets.
 */
export function widgetFieldPeriods(widget: DashboardWidget, period: string): Map<string, readonly string[]> {
  const all = widgetPeriods(widget, period);
  const types = fieldTypes(widget.dataset);
  const out = new Map<string, readonly string[]>();
  const add = (fields: Iterable<string>, periods: readonly string[]) => {
    for (const f of fields) if (out.get(f) !== all) out.set(f, periods);
  };
  const fieldsOf = (formula: string, mode: 'aggregate' | 'row') =>
    check(formula, types, { mode }).dependencies.fields;
  add(widget.groupBy ?? [], all);
  for (const m of widget.measures) add(fieldsOf(m.formula, 'aggregate'), all);
  if (widget.where) add(fieldsOf(widget.where, 'row'), all);
  if (widget.target?.formula) {
    const own = fieldsOf(widget.target.formula, 'aggregate');
    add(
      [...own].filter((f) => !out.has(f)),
      widget.type === 'number' ? [period] : all,
    );
  }
  return out;
}

export function toCell(value: Value): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { error: '#NUM!' };
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value;
  return isError(value) ? { error: value.code } : null;
}

function keyOf(value: Value): string | number | null {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return isError(value) ? value.code : null;
}

/**
 * The rows of the frame this widget counts: its periods, the viewer's filters, then its `where` formula.
 * `match` narrows further (a drill-down's group key).
 */
export function selectRows(
  widget: DashboardWidget,
  frame: Frame,
  scope: WidgetScope,
  periods: readonly string[],
  match?: (row: number) => boolean,
): Int32Array {
  const dataset = DATASETS[widget.dataset];
  const wanted = new Set(periods);
  const period = frame.column('period') as readonly Value[];
  const tests: ((row: number) => boolean)[] = [];
  const equals = (field: string, value: string) => {
    const column = frame.column(field) as readonly Value[];
    tests.push((row) => column[row] === value);
  };
  if (scope.accountType) equals('account_type', scope.accountType);
  if (scope.region) equals('region', scope.region);
  if (scope.departmentId)
    equals(dataset.grain === 'person' ? 'person_department_id' : 'department_id', scope.departmentId);
  if (scope.personId) {
    if (dataset.grain === 'person') equals('person_id', scope.personId);
    else {
      const accounts = scope.personAccounts ?? new Set<string>();
      const column = frame.column('account_id') as readonly Value[];
      tests.push((row) => accounts.has(column[row] as string));
    }
  }
  if (match) tests.push(match);
  const picked = new Int32Array(frame.length);
  let n = 0;
  outer: for (let row = 0; row < frame.length; row++) {
    if (!wanted.has(period[row] as string)) continue;
    for (const test of tests) if (!test(row)) continue outer;
    picked[n++] = row;
  }
  const rows = picked.subarray(0, n);
  if (!widget.where || n === 0) return rows;
  const where = compile(widget.where);
  const deps = check(widget.where, fieldTypes(widget.dataset), { mode: 'row' }).dependencies.fields;
  const kept = evaluateColumns(where, frame.select(rows, deps));
  const out = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = kept.get(i);
    if (v === true || (typeof v === 'number' && v !== 0)) out[m++] = rows[i]!;
  }
  return out.subarray(0, m);
}

/**
 * Computes one widget over a loaded frame: never throws — a widget whose definition does not hold (a
 * formula that no longer checks, an unknown field) or whose evaluation fails answers with its error, so
 * the other widgets of the page still render.
 */
export function evaluateWidget(
  widget: DashboardWidget,
  pointer: string,
  frame: Frame,
  scope: WidgetScope,
): WidgetResult {
  const failure = (error: ReturnType<typeof widgetError>): WidgetResult => ({
    id: widget.id,
    type: widget.type,
    title: widget.title,
    ok: false,
    error,
  });
  const problems = checkWidget(widget, pointer);
  if (problems.length) return failure(problems[0]!);
  try {
    return compute(widget, frame, scope);
  } catch {
    return failure(widgetError(WidgetErrorCode.EvaluationFailed, pointer));
  }
}

function compute(widget: DashboardWidget, frame: Frame, scope: WidgetScope): WidgetData {
  const dataset = DATASETS[widget.dataset];
  const periods = widgetPeriods(widget, scope.period);
  const rows = selectRows(widget, frame, scope, periods);
  const fields = widgetFields(widget).add('period');
  const table = frame.select(rows, fields);
  const dims = widget.groupBy ?? [];
  const base = {
    id: widget.id,
    type: widget.type,
    title: widget.title,
    ok: true as const,
    dimensions: dims.map((field) => ({ field, label: dataset.fields[field]!.label })),
    measures: widget.measures.map((m) => ({
      key: m.key,
      label: m.label,
      format: m.format ?? 'number',
      ...(m.decimals !== undefined ? { decimals: m.decimals } : {}),
    })),
    periods,
  };
  if (widget.type === 'number') return { ...base, ...numberCard(widget, table, scope.period) };
  const grouped = groupRows(widget, table, frame, dataset);
  const sorted = sortRows(widget, grouped);
  const alerts = widget.alert ? trendAlerts(widget, sorted, scope.period) : [];
  const limited = widget.limit ? sorted.slice(0, widget.limit) : sorted;
  return { ...base, rows: limited, total: grouped.length, alerts };
}

function numberCard(widget: DashboardWidget, table: Table, period: string) {
  const measure = compile(widget.measures[0]!.formula);
  const periodColumn = table.columns instanceof Map ? table.columns.get('period') : undefined;
  const inPeriod = periodRows(periodColumn as readonly Value[] | undefined, table.length, period);
  // The card's value is the selected period's; the trend reads the periods before it too.
  const current = selectTable(table, inPeriod);
  const value = toCell(aggregate(measure, current));
  const target =
    widget.target?.formula !== undefined
      ? toCell(aggregate(compile(widget.target.formula), current))
      : (widget.target?.value ?? null);
  const trend: { period: string; value: Cell }[] = [];
  if (widget.trend) {
    const byPeriod = new Map<string, Cell>();
    if (table.length)
      for (const g of groupBy(measure, table, 'period')) byPeriod.set(String(g.key[0]), toCell(g.value));
    for (const p of periodsUpTo(period, widget.trend))
      trend.push({ period: p, value: byPeriod.get(p) ?? null });
  }
  const previous = trend.length > 1 ? trend[trend.length - 2]!.value : null;
  return {
    rows: [{ key: [], labels: [], values: [value] }],
    total: 1,
    card: { value, target, previous, trend },
    alerts: [],
  };
}

function periodRows(column: readonly Value[] | undefined, length: number, period: string): Int32Array {
  const out = new Int32Array(length);
  let n = 0;
  for (let i = 0; i < length; i++) if (!column || column[i] === period) out[n++] = i;
  return out.subarray(0, n);
}

function selectTable(table: Table, rows: Int32Array): Table {
  if (rows.length === table.length) return table;
  const columns = new Map<string, Column>();
  const source: Iterable<[string, Column]> =
    table.columns instanceof Map ? table.columns : Object.entries(table.columns);
  for (const [name, column] of source) columns.set(name, gather(column, rows));
  return { length: rows.length, columns };
}

function groupRows(widget: DashboardWidget, table: Table, frame: Frame, dataset: DatasetDef): ResultRow[] {
  const dims = widget.groupBy ?? [];
  if (dims.length === 0) {
    const values = widget.measures.map((m) => toCell(aggregate(compile(m.formula), table)));
    return [{ key: [], labels: [], values }];
  }
  if (table.length === 0) return [];
  const results = widget.measures.map((measure) => groupBy(compile(measure.formula), table, dims));
  const rows = mergeGroups(results, widget.measures.length);
  const labelMaps = dims.map((field) => {
    const kind = dataset.fields[field]!.labelOf;
    return kind ? frame.labels(kind) : undefined;
  });
  return [...rows.values()].map((row) => ({
    key: row.key,
    labels: row.key.map((k, i) => (k === null ? null : (labelMaps[i]?.get(String(k)) ?? null))),
    values: row.values,
  }));
}

/**
 * One row per group with each measure's value. Every measure groups the same rows by the same fields, so
 * each lists the same groups in the same order (of first appearance): they are joined by position, each
 * key checked; only when they differ (a measure that hit the group limit) by the text of their keys.
 */
function mergeGroups(
  results: readonly GroupResult[][],
  measures: number,
): { key: (string | number | null)[]; values: Cell[] }[] {
  const first = results[0]!;
  const aligned = results.every(
    (r) => r.length === first.length && r.every((g, i) => sameKey(g.key, first[i]!.key)),
  );
  if (aligned)
    return first.map((g, i) => ({
      key: g.key.map(keyOf),
      values: results.map((r) => toCell(r[i]!.value)),
    }));
  const rows = new Map<string, { key: (string | number | null)[]; values: Cell[] }>();
  results.forEach((groups, m) => {
    for (const group of groups) {
      const key = group.key.map(keyOf);
      const id = JSON.stringify(key);
      let row = rows.get(id);
      if (!row) {
        row = { key, values: new Array<Cell>(measures).fill(null) };
        rows.set(id, row);
      }
      row.values[m] = toCell(group.value);
    }
  });
  return [...rows.values()];
}

function sameKey(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function compareCells(a: Cell | string | number | null, b: Cell | string | number | null): number {
  const rank = (c: unknown) => (c === null ? 2 : typeof c === 'object' ? 3 : typeof c === 'number' ? 0 : 1);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

function sortRows(widget: DashboardWidget, rows: ResultRow[]): ResultRow[] {
  const dims = widget.groupBy ?? [];
  const byKey =
    (i: number, desc = false) =>
    (a: ResultRow, b: ResultRow) => {
      const c = compareCells(a.key[i] ?? null, b.key[i] ?? null);
      return desc && a.key[i] !== null && b.key[i] !== null ? -c : c;
    };
  const byMeasure = (i: number, desc: boolean) => (a: ResultRow, b: ResultRow) => {
    const va = a.values[i] ?? null;
    const vb = b.values[i] ?? null;
    const c = compareCells(va, vb);
    // Blanks and errors stay last whichever the order.
    return desc && typeof va === 'number' && typeof vb === 'number' ? -c : c;
  };
  let compare: ((a: ResultRow, b: ResultRow) => number) | null = null;
  if (widget.sort) {
    const desc = (widget.sort.order ?? 'desc') === 'desc';
    const m = widget.measures.findIndex((x) => x.key === widget.sort!.by);
    compare = m >= 0 ? byMeasure(m, desc) : byKey(dims.indexOf(widget.sort.by), desc);
  } else if (dims.includes('period')) compare = byKey(dims.indexOf('period'));
  else if (widget.type === 'heatmap' || widget.type === 'line' || widget.type === 'radar') compare = byKey(0);
  else if (widget.type !== 'scatter') compare = byMeasure(0, true);
  const sorted = [...rows];
  if (compare) {
    const primary = compare;
    // Stable and total: ties fall back to the group keys, so the same data always gives the same order.
    sorted.sort((a, b) => primary(a, b) || dims.reduce((c, _d, i) => c || byKey(i)(a, b), 0));
  }
  return sorted;
}

/** Series whose alert measure got worse in each of the last `periods` periods up to the selected one. */
function trendAlerts(widget: DashboardWidget, rows: readonly ResultRow[], period: string): TrendAlert[] {
  const alert = widget.alert!;
  const steps = alert.periods ?? 2;
  const dims = widget.groupBy ?? [];
  const p = dims.indexOf('period');
  const m = widget.measures.findIndex((x) => x.key === alert.measure);
  const measure = widget.measures[m]!;
  const window = periodsUpTo(period, steps + 1);
  const series = new Map<
    string,
    { key: ResultRow['key']; labels: ResultRow['labels']; at: Map<string, Cell> }
  >();
  for (const row of rows) {
    const key = row.key.filter((_, i) => i !== p);
    const id = JSON.stringify(key);
    let s = series.get(id);
    if (!s) series.set(id, (s = { key, labels: row.labels.filter((_, i) => i !== p), at: new Map() }));
    s.at.set(String(row.key[p]), row.values[m] ?? null);
  }
  const out: TrendAlert[] = [];
  for (const s of series.values()) {
    const values = window.map((w) => s.at.get(w) ?? null);
    if (!values.every((v): v is number => typeof v === 'number')) continue;
    const worse = values.slice(1).every((v, i) => (alert.worse === 'up' ? v > values[i]! : v < values[i]!));
    if (!worse) continue;
    const seriesName = (locale: 'zh-CN' | 'en') =>
      s.labels.map((l, i) => l?.[locale] ?? String(s.key[i] ?? '')).join(' / ');
    const path = window
      .map((w, i) => `${w} ${formatCell(values[i]!, measure.format ?? 'number', measure.decimals)}`)
      .join(' → ');
    const label = measure.label;
    const message: Bilingual = {
      en: `${label.en} got worse ${steps} periods in a row${s.key.length ? ` for ${seriesName('en')}` : ''}: ${path}`,
      'zh-CN': `${s.key.length ? `${seriesName('zh-CN')}的` : ''}${label['zh-CN']}连续 ${steps} 个周期变差：${path}`,
    };
    out.push({
      measure: measure.key,
      series: s.key,
      seriesLabels: s.labels,
      periods: window,
      values,
      message,
    });
  }
  return out;
}
