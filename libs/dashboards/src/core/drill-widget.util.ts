import { compile, groupBy, isError, type Value } from '@keyscore/formula';
import type { Bilingual } from '@keyscore/i18n';
import type { DashboardWidget } from './dashboard.schema';
import { selectRows, toCell, widgetFields, widgetPeriods, type WidgetScope } from './evaluate-widget.util';
import type { Frame } from './frame';
import type { Cell } from './widget-result';

export interface DrillRow {
  readonly accountId: string;
  readonly code: string | null;
  readonly name: Bilingual | null;
  readonly accountType: string | null;
  /** The widget's measures over this account's rows. */
  readonly values: readonly Cell[];
}

export interface DrillResult {
  readonly widget: string;
  /** The group clicked: one value per group-by field (fewer when only the first was given). */
  readonly key: readonly (string | number | null)[];
  readonly periods: readonly string[];
  readonly measures: readonly { readonly key: string; readonly label: Bilingual }[];
  readonly rows: readonly DrillRow[];
}

function same(value: Value, wanted: string | number | null): boolean {
  if (wanted === null) return value === null;
  if (typeof value === 'boolean') return (value ? 1 : 0) === wanted;
  if (value !== null && typeof value === 'object') return isError(value) && value.code === wanted;
  return value === wanted || (typeof value === 'number' && String(value) === String(wanted));
}

/**
 * The accounts behind one element of a widget: the rows the widget counted for that group, regrouped by
 * account, each with the widget's measures — from there a page links on to the account's scorecard.
 */
export function drillWidget(
  widget: DashboardWidget,
  frame: Frame,
  scope: WidgetScope,
  key: readonly (string | number | null)[],
): DrillResult {
  const dims = widget.groupBy ?? [];
  const p = dims.indexOf('period');
  const periods =
    p >= 0 && p < key.length && typeof key[p] === 'string'
      ? [key[p] as string]
      : widget.type === 'number'
        ? [scope.period]
        : widgetPeriods(widget, scope.period);
  const matchers = dims.slice(0, key.length).map((field, i) => {
    const column = frame.column(field) as readonly Value[];
    return (row: number) => same(column[row] ?? null, key[i]!);
  });
  const rows = selectRows(widget, frame, scope, periods, (row) => matchers.every((m) => m(row)));
  const table = frame.select(rows, widgetFields(widget).add('account_id'));
  const byAccount = new Map<string, Cell[]>();
  if (rows.length)
    widget.measures.forEach((measure, m) => {
      for (const group of groupBy(compile(measure.formula), table, 'account_id')) {
        const id = group.key[0];
        if (typeof id !== 'string') continue;
        let values = byAccount.get(id);
        if (!values) byAccount.set(id, (values = new Array<Cell>(widget.measures.length).fill(null)));
        values[m] = toCell(group.value);
      }
    });
  const names = frame.labels('account');
  const codes = new Map<string, string>();
  const types = new Map<string, string>();
  const accountIds = frame.column('account_id') as readonly Value[];
  const accountCodes = frame.column('account_code') as readonly Value[];
  const accountTypes = frame.column('account_type') as readonly Value[];
  for (const row of rows) {
    const id = accountIds[row] as string;
    if (!codes.has(id)) {
      codes.set(id, accountCodes[row] as string);
      types.set(id, accountTypes[row] as string);
    }
  }
  const out: DrillRow[] = [...byAccount].map(([accountId, values]) => ({
    accountId,
    code: codes.get(accountId) ?? null,
    name: names?.get(accountId) ?? null,
    accountType: types.get(accountId) ?? null,
    values,
  }));
  // Largest first on the first measure, then by code: the accounts that make the number up top.
  out.sort((a, b) => {
    const va = a.values[0];
    const vb = b.values[0];
    const na = typeof va === 'number' ? va : -Infinity;
    const nb = typeof vb === 'number' ? vb : -Infinity;
    return nb - na || String(a.code).localeCompare(String(b.code));
  });
  return {
    widget: widget.id,
    key,
    periods,
    measures: widget.measures.map((m) => ({ key: m.key, label: m.label })),
    rows: out,
  };
}
