import { DATASETS, type ChangeScope } from './datasets';
import type { DatasetKey } from './dashboard.schema';

/** A small least-recently-used cache on a Map (insertion order is recency order). */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}

/** The data versions the database reports: one counter per change scope. */
export type DataVersions = Readonly<Record<ChangeScope, number>>;

/**
 * The version of a dataset's data: its scopes' counters, or null when the dataset's tables are not
 * tracked (its results are then never cached).
 */
export function datasetVersion(dataset: DatasetKey, versions: DataVersions): string | null {
  const scopes = DATASETS[dataset].changes;
  return scopes ? scopes.map((s) => `${s}${versions[s]}`).join('.') : null;
}

/** Who is looking: everything, or the accounts of these people; and whether sealed values show. */
export interface ViewerKey {
  readonly all: boolean;
  readonly personIds: readonly string[];
  readonly seeSealed: boolean;
}

export function viewerKey(viewer: ViewerKey): string {
  return `${viewer.all ? 'all' : [...viewer.personIds].sort().join(',')}|${viewer.seeSealed ? 's' : '-'}`;
}

/** Filters with their values in a fixed order: the same filters always give the same key. */
export function filtersKey(filters: Readonly<Record<string, string | null | undefined>>): string {
  return Object.keys(filters)
    .filter((k) => filters[k] !== null && filters[k] !== undefined && filters[k] !== '')
    .sort()
    .map((k) => `${k}=${filters[k]}`)
    .join('&');
}

/**
 * The key of one widget's result: (dashboard version, widget, filters, viewer, data version). Null when the
 * dataset's data version is unknown: such a result is computed every time.
 */
export function widgetCacheKey(parts: {
  dashboard: string;
  widget: string;
  filters: string;
  viewer: string;
  dataVersion: string | null;
}): string | null {
  if (parts.dataVersion === null) return null;
  return [parts.dashboard, parts.widget, parts.filters, parts.viewer, parts.dataVersion].join('\u0000');
}
