import { Injectable, Logger } from '@nestjs/common';
import { Permission, type Principal } from '@keyscore/auth';
import { AppException, NotFoundException } from '@keyscore/http';
import type { Bilingual, Locale } from '@keyscore/i18n';
import { writeCsv, writeXlsx, XLSX_MEDIA_TYPE, type ExportCell } from '@keyscore/imports';
import type { DashboardDocument, DashboardWidget, DatasetKey } from './core/dashboard.schema';
import { DATASETS, type LabelKind } from './core/datasets';
import { checkWidget } from './core/check-dashboard.util';
import { drillWidget, type DrillResult } from './core/drill-widget.util';
import {
  evaluateWidget,
  widgetFieldPeriods,
  widgetFields,
  widgetPeriods,
  type WidgetScope,
} from './core/evaluate-widget.util';
import type { Frame } from './core/frame';
import { STATIC_LABELS } from './core/labels';
import { periodKindOf, quarterOf } from './core/period.util';
import { filtersKey, LruCache, viewerKey, widgetCacheKey, type DataVersions } from './core/result-cache';
import { widgetError, WidgetErrorCode, type WidgetError } from './core/widget-errors';
import type { Cell, TrendAlert, WidgetResult } from './core/widget-result';
import { DashboardsErrorCode, DashboardsException } from './dashboards.exception';
import { DashboardsRepository } from './dashboards.repository';
import type { DashboardDataQuery, PreviewWidget } from './dashboards.schemas';
import { DatasetLoader, DatasetUnavailable, type Viewer } from './dataset-loader.service';

const DASHBOARD = { en: 'Dashboard', 'zh-CN': '仪表盘' };
const WIDGET = { en: 'Widget', 'zh-CN': '组件' };

/** A dashboard as it is rendered: the published version (or the draft, for editors). */
interface Definition {
  /** `key@version` or `key@draft.<revision>`: the dashboard part of every cache key. */
  id: string;
  key: string;
  version: number | null;
  draft: boolean;
  document: DashboardDocument;
  /** A designer's unsaved widget: computed every time, never cached. */
  preview?: true;
}

export interface Filters {
  period: string;
  accountType: string | null;
  region: string | null;
  department: string | null;
  person: string | null;
}

export type RenderedWidget = WidgetResult & {
  size: { w: number; h: number };
  dataset: DatasetKey;
  cached: boolean;
  description: Bilingual | null;
};

export interface DashboardData {
  dashboard: {
    key: string;
    version: number | null;
    draft: boolean;
    title: Bilingual;
    description: Bilingual | null;
    periodKind: 'quarter' | 'month';
    filters: readonly string[];
  };
  filters: Filters;
  widgets: RenderedWidget[];
  alerts: (TrendAlert & { widget: string })[];
}

const DEFAULT_SIZE: Record<DashboardWidget['type'], { w: number; h: number }> = {
  number: { w: 3, h: 1 },
  bar: { w: 6, h: 3 },
  line: { w: 6, h: 3 },
  pie: { w: 4, h: 3 },
  radar: { w: 4, h: 3 },
  table: { w: 6, h: 3 },
  heatmap: { w: 6, h: 3 },
  scatter: { w: 6, h: 3 },
};

/** A drill-down's `key`: a JSON array of at most `max` group-by values (text, number or null). */
function parseElementKey(text: string | undefined, max: number): (string | number | null)[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length > max ||
    !parsed.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
  )
    throw new DashboardsException(DashboardsErrorCode.BadDrillKey, max, '/query/key');
  return parsed as (string | number | null)[];
}

export function viewerOf(principal: Principal): Viewer {
  return {
    all: principal.accounts.all,
    personIds: principal.accounts.all ? [] : principal.accounts.personIds,
    seeSealed: principal.permissions.has(Permission.MetricValuesReadSealed),
  };
}

/**
 * Dashboards as data: every widget's result for the viewer's filters (each widget's error in its place),
 * the accounts behind a chart element, and a widget's data as CSV or XLSX. Results are cached by
 * (dashboard version, widget, filters, viewer, data version); the data version comes from the triggers
 * (see DashboardsRepository.dataVersions), so a change anywhere gives new keys and nothing stale is served.
 */
@Injectable()
export class DashboardsService {
  private readonly logger = new Logger('Dashboards');
  private readonly results = new LruCache<string, WidgetResult>(2000);
  private readonly definitions = new LruCache<string, Definition>(100);

  constructor(
    private readonly repository: DashboardsRepository,
    private readonly loader: DatasetLoader,
  ) {}

  /** Forgets every cached result and frame (benchmarks measure a cold start with it). */
  clearCaches(): void {
    this.results.clear();
    this.definitions.clear();
    this.loader.clearCaches();
  }

  versions(): Promise<DataVersions> {
    return this.repository.dataVersions();
  }

  sizeOf(widget: DashboardWidget): { w: number; h: number } {
    return { ...DEFAULT_SIZE[widget.type], ...widget.size };
  }

  async list() {
    return (await this.repository.publishedDashboards()).map(({ key, version, content }) => {
      const document = JSON.parse(content) as DashboardDocument;
      return {
        key,
        version,
        title: document.title,
        description: document.description ?? null,
        widgets: document.widgets.length,
        page: `/dashboards/${key}`,
      };
    });
  }

  /** The dashboard to render: its latest published version, or (for editors) its draft. */
  async definition(
    key: string,
    versions: DataVersions,
    principal: Principal,
    draft = false,
  ): Promise<Definition> {
    if (draft && !principal.permissions.has(Permission.DocumentsWrite))
      throw new DashboardsException(DashboardsErrorCode.DraftForbidden, '', '/query/draft');
    const cacheKey = `${key}|${versions.documents}|${draft}`;
    const hit = this.definitions.get(cacheKey);
    if (hit) return hit;
    const stored = await this.repository.dashboardDocument(key);
    if (!stored || stored.status === 'archived') throw new NotFoundException(DASHBOARD, '/params/key');
    const text = draft ? (stored.draft ?? stored.content) : stored.content;
    if (!text) throw new NotFoundException(DASHBOARD, '/params/key');
    const usesDraft = draft && stored.draft !== null;
    const definition: Definition = {
      id: usesDraft ? `${key}@draft.${stored.revision}` : `${key}@${stored.publishedVersion}`,
      key,
      version: usesDraft ? null : stored.publishedVersion,
      draft: usesDraft,
      document: JSON.parse(text) as DashboardDocument,
    };
    this.definitions.set(cacheKey, definition);
    return definition;
  }

  filtersOf(document: DashboardDocument, query: DashboardDataQuery): Filters {
    const defaults = document.defaults ?? {};
    return {
      period: query.period ?? defaults.period ?? 'latest',
      accountType: query.accountType || defaults.accountType || null,
      region: query.region || defaults.region || null,
      department: query.department || null,
      person: query.person || null,
    };
  }

  async data(key: string, query: DashboardDataQuery, principal: Principal): Promise<DashboardData> {
    const versions = await this.repository.dataVersions();
    const definition = await this.definition(key, versions, principal, query.draft ?? false);
    const document = definition.document;
    const filters = this.filtersOf(document, query);
    const widgets = await this.compute(definition, document.widgets, filters, principal, versions);
    return {
      dashboard: {
        key,
        version: definition.version,
        draft: definition.draft,
        title: document.title,
        description: document.description ?? null,
        periodKind: document.periodKind ?? 'quarter',
        filters: document.filters ?? [],
      },
      filters,
      widgets,
      alerts: widgets.flatMap((w) => (w.ok ? w.alerts.map((a) => ({ widget: w.id, ...a })) : [])),
    };
  }

  /** The period a widget reads: the chosen one (its quarter, for cycle datasets) or the newest with data. */
  private async periodFor(
    dataset: DatasetKey,
    filters: Filters,
    periodKind: 'quarter' | 'month',
    versions: DataVersions,
  ): Promise<string> {
    const quarterly = DATASETS[dataset].quarterly;
    if (filters.period !== 'latest') return quarterly ? quarterOf(filters.period) : filters.period;
    const periods = await this.loader.periods(dataset, periodKind, versions);
    if (periods[0]) return periods[0];
    const now = new Date();
    return quarterly || periodKind === 'quarter'
      ? `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`
      : `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  }

  private async scopeFor(
    widget: DashboardWidget,
    filters: Filters,
    periodKind: 'quarter' | 'month',
    viewer: Viewer,
    versions: DataVersions,
  ): Promise<WidgetScope> {
    const period = await this.periodFor(widget.dataset, filters, periodKind, versions);
    const personAccounts =
      filters.person && DATASETS[widget.dataset].grain === 'account'
        ? (await this.loader.directory(viewer, versions)).accountsOf(filters.person)
        : null;
    return {
      period,
      accountType: filters.accountType,
      region: filters.region,
      departmentId: filters.department,
      personId: filters.person,
      personAccounts,
    };
  }

  /** Each widget from the cache or computed; widgets on one dataset share one frame. */
  private async compute(
    definition: Definition,
    widgets: readonly DashboardWidget[],
    filters: Filters,
    principal: Principal,
    versions: DataVersions,
  ): Promise<RenderedWidget[]> {
    const viewer = viewerOf(principal);
    const periodKind = definition.document.periodKind ?? 'quarter';
    const out: RenderedWidget[] = new Array(widgets.length);
    const pending = new Map<
      DatasetKey,
      { index: number; widget: DashboardWidget; scope: WidgetScope; key: string | null }[]
    >();
    const all = definition.document.widgets;
    for (const [i, widget] of widgets.entries()) {
      const index = all.indexOf(widget);
      let scope: WidgetScope;
      try {
        scope = await this.scopeFor(widget, filters, periodKind, viewer, versions);
      } catch (error) {
        this.logger.error({ err: error, widget: widget.id }, "could not resolve a dashboard widget's period");
        out[i] = this.rendered(
          widget,
          this.failed(widget, widgetError(WidgetErrorCode.EvaluationFailed, `/widgets/${index}`)),
          false,
        );
        continue;
      }
      const key = definition.preview
        ? null
        : widgetCacheKey({
            dashboard: definition.id,
            widget: `${index}.${widget.id}`,
            filters: filtersKey({ ...filters, period: scope.period }),
            viewer: viewerKey(viewer),
            dataVersion: this.loader.version(widget.dataset, versions),
          });
      const hit = key === null ? undefined : this.results.get(key);
      if (hit) {
        out[i] = this.rendered(widget, hit, true);
        continue;
      }
      const list = pending.get(widget.dataset) ?? [];
      list.push({ index: i, widget, scope, key });
      pending.set(widget.dataset, list);
    }
    await Promise.all(
      [...pending].map(async ([dataset, items]) => {
        const periods = new Set<string>();
        const fields = new Set<string>();
        const fieldPeriods = new Map<string, Set<string>>();
        for (const { widget, scope } of items) {
          for (const p of widgetPeriods(widget, scope.period)) periods.add(p);
          for (const [f, own] of widgetFieldPeriods(widget, scope.period)) {
            fields.add(f);
            const set = fieldPeriods.get(f) ?? new Set<string>();
            for (const p of own) set.add(p);
            fieldPeriods.set(f, set);
          }
        }
        let frame: Frame | null = null;
        let failure: WidgetError | null = null;
        try {
          frame = await this.loader.frame(
            {
              dataset,
              periodKind: DATASETS[dataset].quarterly ? 'quarter' : periodKind,
              periods: [...periods],
              fields,
              fieldPeriods,
            },
            viewer,
            versions,
          );
        } catch (error) {
          if (error instanceof DatasetUnavailable) failure = error.error;
          else {
            this.logger.error({ err: error, dataset }, 'could not load a dashboard dataset');
            failure = widgetError(WidgetErrorCode.EvaluationFailed, '/dataset');
          }
        }
        for (const { index, widget, scope, key } of items) {
          const pointer = `/widgets/${all.indexOf(widget)}`;
          const result: WidgetResult = frame
            ? evaluateWidget(widget, pointer, frame, scope)
            : this.failed(widget, { ...failure!, pointer: `${pointer}/dataset` });
          // A load failure may pass; a result (or a definition error) holds until the data changes.
          if (key !== null && frame) this.results.set(key, result);
          out[index] = this.rendered(widget, result, false);
        }
      }),
    );
    return out;
  }

  private failed(widget: DashboardWidget, error: WidgetError): WidgetResult {
    return { id: widget.id, type: widget.type, title: widget.title, ok: false, error };
  }

  private rendered(widget: DashboardWidget, result: WidgetResult, cached: boolean): RenderedWidget {
    return {
      ...result,
      size: this.sizeOf(widget),
      dataset: widget.dataset,
      cached,
      description: widget.description ?? null,
    };
  }

  private widgetOf(definition: Definition, widgetId: string): DashboardWidget {
    const widget = definition.document.widgets.find((w) => w.id === widgetId);
    if (!widget) throw new NotFoundException(WIDGET, '/params/widget');
    return widget;
  }

  /** One widget's result (through the same cache as the page). */
  async widget(key: string, widgetId: string, query: DashboardDataQuery, principal: Principal) {
    const versions = await this.repository.dataVersions();
    const definition = await this.definition(key, versions, principal, query.draft ?? false);
    const widget = this.widgetOf(definition, widgetId);
    const filters = this.filtersOf(definition.document, query);
    const [result] = await this.compute(definition, [widget], filters, principal, versions);
    return result!;
  }

  /**
   * A designer's widget computed as the page would compute it (same frames, same evaluation), before it is
   * saved: the widget result of the data API, plus every problem of its definition (the result's error is
   * only the first), each with its pointer into the request body and, for formulas, the position.
   */
  async preview(
    body: PreviewWidget,
    principal: Principal,
  ): Promise<RenderedWidget & { problems: WidgetError[] }> {
    const versions = await this.repository.dataVersions();
    const { widget } = body;
    const document: DashboardDocument = {
      key: 'preview',
      title: widget.title,
      periodKind: body.periodKind ?? 'quarter',
      widgets: [widget],
    };
    const definition: Definition = {
      id: 'preview',
      key: 'preview',
      version: null,
      draft: true,
      document,
      preview: true,
    };
    const filters = this.filtersOf(document, body.filters ?? {});
    const result = (await this.compute(definition, [widget], filters, principal, versions))[0]!;
    const problems = checkWidget(widget, '/body/widget');
    if (result.ok) return { ...result, problems };
    const pointer = result.error.pointer.replace(/^\/widgets\/0(?=\/|$)/, '/body/widget');
    return { ...result, error: { ...result.error, pointer }, problems };
  }

  /** The accounts behind one element of a widget, each with a link to its scorecard and trace. */
  async drill(
    key: string,
    widgetId: string,
    query: DashboardDataQuery & { key?: string },
    principal: Principal,
  ): Promise<DrillResult & { rows: (DrillResult['rows'][number] & { scorecard: string | null })[] }> {
    const versions = await this.repository.dataVersions();
    const definition = await this.definition(key, versions, principal, query.draft ?? false);
    const widget = this.widgetOf(definition, widgetId);
    const dims = widget.groupBy ?? [];
    const elementKey = parseElementKey(query.key, dims.length);
    const filters = this.filtersOf(definition.document, query);
    const viewer = viewerOf(principal);
    const periodKind = definition.document.periodKind ?? 'quarter';
    const scope = await this.scopeFor(widget, filters, periodKind, viewer, versions);
    const fields = widgetFields(widget);
    for (const f of [...dims, 'account_id', 'account_code', 'account_type']) fields.add(f);
    let frame: Frame;
    try {
      frame = await this.loader.frame(
        {
          dataset: widget.dataset,
          periodKind: DATASETS[widget.dataset].quarterly ? 'quarter' : periodKind,
          periods: widgetPeriods(widget, scope.period),
          fields,
        },
        viewer,
        versions,
      );
    } catch (error) {
      if (error instanceof DatasetUnavailable)
        throw new AppException(422, error.error.code, error.error.message, []);
      throw error;
    }
    const drilled = drillWidget(widget, frame, scope, elementKey);
    const quarter = drilled.periods.length === 1 ? quarterOf(drilled.periods[0]!) : quarterOf(scope.period);
    return {
      ...drilled,
      rows: drilled.rows.map((row) => ({
        ...row,
        scorecard:
          periodKindOf(quarter) === 'quarter'
            ? `/api/accounts/${encodeURIComponent(row.accountId)}/scorecard?period=${quarter}`
            : null,
      })),
    };
  }

  /** One widget's data as a table: a header row, then one row per group (labels in the caller's language). */
  async table(
    key: string,
    widgetId: string,
    query: DashboardDataQuery,
    principal: Principal,
    locale: Locale,
  ): Promise<{ name: string; rows: ExportCell[][] }> {
    const result = await this.widget(key, widgetId, query, principal);
    if (!result.ok) throw new AppException(422, result.error.code, result.error.message, []);
    const cell = (c: Cell): ExportCell =>
      c === null ? null : typeof c === 'object' ? c.error : typeof c === 'number' ? c : c;
    const name = `${key}-${widgetId}-${result.periods[result.periods.length - 1] ?? ''}`;
    if (result.card) {
      const header: ExportCell[] = [
        DATASETS[result.dataset].fields.period!.label[locale],
        result.measures[0]!.label[locale],
        locale === 'zh-CN' ? '目标' : 'Target',
      ];
      const trend = result.card.trend.length
        ? result.card.trend
        : [{ period: result.periods[result.periods.length - 1]!, value: result.card.value }];
      return {
        name,
        rows: [header, ...trend.map((t) => [t.period, cell(t.value), cell(result.card!.target)])],
      };
    }
    const header: ExportCell[] = [
      ...result.dimensions.map((d) => d.label[locale]),
      ...result.measures.map((m) => m.label[locale]),
    ];
    const rows = result.rows.map((row) => [
      ...row.key.map((k, i) => row.labels[i]?.[locale] ?? (k === null ? null : String(k))),
      ...row.values.map(cell),
    ]);
    return { name, rows: [header, ...rows] };
  }

  async export(
    key: string,
    widgetId: string,
    query: DashboardDataQuery,
    principal: Principal,
    locale: Locale,
    format: 'csv' | 'xlsx',
  ): Promise<{ bytes: Buffer; type: string; filename: string }> {
    const { name, rows } = await this.table(key, widgetId, query, principal, locale);
    const filename = `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.${format}`;
    if (format === 'csv') return { bytes: writeCsv(rows), type: 'text/csv; charset=utf-8', filename };
    return { bytes: await writeXlsx(widgetId.slice(0, 31), rows), type: XLSX_MEDIA_TYPE, filename };
  }

  /** What the filter controls offer: periods with data, and the directory values the viewer sees. */
  async filterOptions(key: string, principal: Principal, draft = false) {
    const versions = await this.repository.dataVersions();
    const definition = await this.definition(key, versions, principal, draft);
    const periodKind = definition.document.periodKind ?? 'quarter';
    const datasets = [...new Set(definition.document.widgets.map((w) => w.dataset))];
    const lists = await Promise.all(datasets.map((d) => this.loader.periods(d, periodKind, versions)));
    const periods = [...new Set(lists.flat().filter((p) => periodKindOf(p) === periodKind))].sort().reverse();
    const directory = await this.loader.directory(viewerOf(principal), versions);
    const labelled = (kind: LabelKind, values: Iterable<string>) =>
      [...new Set(values)]
        .map((value) => ({
          value,
          label: directory.labels.get(kind)?.get(value) ??
            STATIC_LABELS.get(kind)?.get(value) ?? { 'zh-CN': value, en: value },
        }))
        .sort((a, b) => a.label.en.localeCompare(b.label.en));
    return {
      periods,
      accountTypes: labelled('accountType', ['multinational', 'local_enterprise']),
      regions: labelled(
        'region',
        directory.rows.map((r) => r.region),
      ),
      departments: labelled(
        'department',
        directory.rows.map((r) => r.department_id),
      ),
      people: labelled('person', directory.teamPeople),
    };
  }
}
