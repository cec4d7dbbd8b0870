import type { Bilingual } from '@keyscore/i18n';
import type { MeasureFormat, WidgetType } from './dashboard.schema';
import type { WidgetError } from './widget-errors';

/** One computed value: a number, a text, blank, or a formula error value such as #DIV/0!. */
export type Cell = number | string | null | { readonly error: string };

export interface ResultDimension {
  readonly field: string;
  readonly label: Bilingual;
}

export interface ResultMeasure {
  readonly key: string;
  readonly label: Bilingual;
  readonly format: MeasureFormat;
  readonly decimals?: number;
}

export interface ResultRow {
  /** The group's values of the group-by fields (ids, codes, periods…). */
  readonly key: readonly (string | number | null)[];
  /** Display names of the key values, where the field has them (account names, KPI names…). */
  readonly labels: readonly (Bilingual | null)[];
  /** One per measure. */
  readonly values: readonly Cell[];
}

/** A measure that got worse `periods` periods in a row, for one series. */
export interface TrendAlert {
  readonly measure: string;
  readonly series: readonly (string | number | null)[];
  readonly seriesLabels: readonly (Bilingual | null)[];
  readonly periods: readonly string[];
  readonly values: readonly Cell[];
  readonly message: Bilingual;
}

export interface WidgetData {
  readonly id: string;
  readonly type: WidgetType;
  readonly title: Bilingual;
  readonly ok: true;
  readonly dimensions: readonly ResultDimension[];
  readonly measures: readonly ResultMeasure[];
  readonly rows: readonly ResultRow[];
  /** Groups before `limit`. */
  readonly total: number;
  /** The periods the widget read. */
  readonly periods: readonly string[];
  /** Number card: the value, its target and the trend over the last periods. */
  readonly card?: {
    readonly value: Cell;
    readonly target: Cell;
    readonly previous: Cell;
    readonly trend: readonly { readonly period: string; readonly value: Cell }[];
  };
  readonly alerts: readonly TrendAlert[];
}

export interface WidgetFailure {
  readonly id: string;
  readonly type: WidgetType;
  readonly title: Bilingual;
  readonly ok: false;
  readonly error: WidgetError;
}

export type WidgetResult = WidgetData | WidgetFailure;
