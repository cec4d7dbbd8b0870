import { compile, isError, type Value } from '@keyscore/formula';
import type { MetricValueRow } from '@keyscore/metrics';
import { VALUE_STATES } from '@keyscore/persistence';
import { ConnectorsErrorCode, type MessageParams } from './connector-messages';
import { resolvePointer } from './json-pointer.util';

/** Where each field of a metric value row comes from: a JSON pointer (`/a/b`) or a formula (`=revenue*1000`). */
export interface ConnectorMapping {
  accountCode: string;
  metricKey?: string;
  metricKeyConst?: string;
  period: string;
  value: string;
  state?: string;
  sourceRecordId?: string;
}

export interface ItemError {
  /** `/items/{index}/{field}`: the item of the fetched page and the mapped field at fault. */
  pointer: string;
  code: ConnectorsErrorCode;
  params: MessageParams;
}

export interface MappedItems {
  rows: MetricValueRow[];
  errors: ItemError[];
  /** How many items had at least one error (errors may be capped, this count is not). */
  failedItems: number;
}

const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;
const DATE = /^(\d{4}-(0[1-9]|1[0-2]))-\d{2}([T ].*)?$/;
const STATES: ReadonlySet<string> = new Set(VALUE_STATES);
const MAX_ERRORS = 200;

type Got = { ok: true; value: unknown } | { ok: false; code: ConnectorsErrorCode; params: MessageParams };

/**
 * Maps fetched items to metric value rows (source `connector`). Each bad field of each item becomes an
 * error pointing at it; the caller decides what a single error means (the pull writes nothing).
 * Formulas see the item's top-level scalar fields and run in the formula engine — never eval.
 */
export function mapConnectorItems(
  items: readonly unknown[],
  mapping: ConnectorMapping,
  metricKeys: ReadonlySet<string> | null,
): MappedItems {
  const rows: MetricValueRow[] = [];
  const errors: ItemError[] = [];
  let failedItems = 0;
  items.forEach((item, index) => {
    const itemErrors: ItemError[] = [];
    const at = (field: string) => `/items/${index}/${field}`;
    const read = (field: keyof ConnectorMapping, convert: (v: unknown) => Got): unknown => {
      const source = mapping[field];
      if (source === undefined) return undefined;
      const got = extract(item, source);
      const converted = got.ok ? convert(got.value) : got;
      if (converted.ok) return converted.value;
      itemErrors.push({ pointer: at(field), code: converted.code, params: converted.params });
      return undefined;
    };
    const accountCode = read('accountCode', text(64)) as string;
    const metricKey = (mapping.metricKeyConst ?? read('metricKey', text(64))) as string | undefined;
    if (metricKey !== undefined && metricKeys && !metricKeys.has(metricKey)) {
      itemErrors.push({
        pointer: at(mapping.metricKeyConst === undefined ? 'metricKey' : 'metricKeyConst'),
        code: ConnectorsErrorCode.MetricOutOfScope,
        params: { value: metricKey },
      });
    }
    const period = read('period', toPeriod) as string;
    const value = read('value', toNumber) as number | null;
    const state = (read('state', toState) as MetricValueRow['state'] | undefined) ?? 'actual';
    const sourceRecordId = read('sourceRecordId', text(200)) as string | undefined;
    if (itemErrors.length || metricKey === undefined) {
      failedItems += 1;
      errors.push(...itemErrors.slice(0, Math.max(0, MAX_ERRORS - errors.length)));
      return;
    }
    rows.push({
      accountCode,
      metricKey,
      period,
      value,
      state,
      source: 'connector',
      ...(sourceRecordId === undefined ? {} : { sourceRecordId }),
    });
  });
  return { rows, errors, failedItems };
}

/** A formula's input: the item's own top-level scalar fields, in a map without a prototype. */
function flatFields(item: unknown): Record<string, unknown> {
  const fields = Object.create(null) as Record<string, unknown>;
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    for (const [key, v] of Object.entries(item)) {
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[key] = v;
    }
  }
  return fields;
}

function extract(item: unknown, source: string): Got {
  if (source.startsWith('=')) {
    const result: Value = compile(source.slice(1)).evaluate(flatFields(item));
    if (isError(result))
      return { ok: false, code: ConnectorsErrorCode.FormulaError, params: { value: result.code } };
    return { ok: true, value: result };
  }
  const value = resolvePointer(item, source);
  if (value === undefined)
    return { ok: false, code: ConnectorsErrorCode.PointerMissing, params: { value: source } };
  return { ok: true, value };
}

const shown = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const text =
  (max: number) =>
  (v: unknown): Got => {
    const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
    if (typeof s === 'string' && s.trim().length > 0 && s.length <= max) return { ok: true, value: s.trim() };
    return { ok: false, code: ConnectorsErrorCode.NotText, params: { max, value: shown(v) } };
  };

function toNumber(v: unknown): Got {
  if (v === null || v === '') return { ok: true, value: null };
  if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: v };
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) {
    return { ok: true, value: Number(v) };
  }
  return { ok: false, code: ConnectorsErrorCode.NotANumber, params: { value: shown(v) } };
}

function toPeriod(v: unknown): Got {
  const s = typeof v === 'number' && Number.isInteger(v) ? String(v) : v;
  if (typeof s === 'string') {
    if (PERIOD.test(s)) return { ok: true, value: s };
    const date = DATE.exec(s);
    if (date) return { ok: true, value: date[1] };
  }
  return { ok: false, code: ConnectorsErrorCode.InvalidPeriod, params: { value: shown(v) } };
}

function toState(v: unknown): Got {
  if (typeof v === 'string' && STATES.has(v)) return { ok: true, value: v };
  return { ok: false, code: ConnectorsErrorCode.InvalidState, params: { value: shown(v) } };
}
