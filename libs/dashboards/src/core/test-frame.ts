import type { Value } from '@keyscore/formula';
import type { Bilingual } from '@keyscore/i18n';
import type { DashboardWidget } from './dashboard.schema';
import type { LabelKind } from './datasets';
import { Frame, numberColumn } from './frame';

/** @internal A frame from plain rows (tests): numbers become numeric columns, the rest text. */
export function frameOf(
  rows: readonly Record<string, string | number | null>[],
  labels: [LabelKind, Record<string, Bilingual>][] = [],
): Frame {
  const names = new Set(rows.flatMap((r) => Object.keys(r)));
  const columns = new Map<string, Value[] | ReturnType<typeof numberColumn>>();
  for (const name of names) {
    const values = rows.map((r) => r[name] ?? null);
    columns.set(
      name,
      values.every((v) => v === null || typeof v === 'number')
        ? numberColumn(values as (number | null)[])
        : (values as Value[]),
    );
  }
  return new Frame(rows.length, columns, new Map(labels.map(([k, v]) => [k, new Map(Object.entries(v))])));
}

const L = { 'zh-CN': '测试', en: 'Test' };

/** @internal A widget with defaults for tests. */
export function widget(
  partial: Partial<DashboardWidget> & Pick<DashboardWidget, 'measures'>,
): DashboardWidget {
  return { id: 'w', type: 'table', title: L, dataset: 'metric_values', ...partial };
}

/** @internal A measure for tests. */
export const measure = (key: string, formula: string) => ({ key, label: L, formula });
