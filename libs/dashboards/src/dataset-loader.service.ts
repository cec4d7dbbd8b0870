import { Injectable } from '@nestjs/common';
import type { Column, Value } from '@keyscore/formula';
import { responseMeasures, type FormDocument } from '@keyscore/forms';
import type { Bilingual } from '@keyscore/i18n';
import { SCORING_SOURCE_PRECEDENCE } from '@keyscore/scorecards';
import type { DatasetKey } from './core/dashboard.schema';
import { ACCOUNT_FIELDS, METRIC_KEYS, SURVEY_METRICS, TARGET_FIELDS, type LabelKind } from './core/datasets';
import { blankColumn, Frame, mapEach, mapEachInt, numberColumn } from './core/frame';
import { STATIC_LABELS } from './core/labels';
import { lastYear } from './core/period.util';
import { datasetVersion, LruCache, viewerKey, type DataVersions } from './core/result-cache';
import { widgetError, WidgetErrorCode, type WidgetError } from './core/widget-errors';
import { AccountPeriodGrid } from './core/account-period-grid';
import { chooseScores, type ChosenScores } from './core/chosen-scores.util';
import { chosenKpiRows } from './core/kpi-rows.util';
import {
  DashboardsRepository,
  type AccountRestriction,
  type DirectoryRow,
  type KpiColumn,
} from './dashboards.repository';
import { KpiProjection } from './kpi-projection.service';

/** Who is looking: the accounts they may see, and whether sealed values show. */
export interface Viewer extends AccountRestriction {
  seeSealed: boolean;
}

/** What a set of widgets on one dataset needs loaded. */
export interface FrameRequest {
  dataset: DatasetKey;
  periodKind: 'quarter' | 'month';
  periods: readonly string[];
  fields: ReadonlySet<string>;
  /**
   * The periods each field is needed for (the union over the widgets that read it), when narrower than
   * `periods`: a 12-quarter trend of revenue does not make every other metric load 12 quarters too.
   */
  fieldPeriods?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The directory as a viewer sees it, indexed for building frames. */
interface DirectorySnapshot {
  rows: DirectoryRow[];
  index: Map<string, number>;
  accountsOf: (personId: string) => Set<string>;
  /** People who manage or work on one of these accounts (the person filter's choices). */
  teamPeople: string[];
  labels: Map<LabelKind, Map<string, Bilingual>>;
  people: Map<string, { name: string; department_id: string; function: string }>;
}

/** Thrown by a loader when its dataset cannot be read here; becomes the widget's error. */
export class DatasetUnavailable extends Error {
  constructor(readonly error: WidgetError) {
    super(error.message.en);
  }
}

const ACCOUNT_COLUMNS: Record<string, keyof DirectoryRow> = {
  account_id: 'id',
  account_code: 'code',
  account_name: 'name',
  account_name_en: 'name_en',
  account_type: 'account_type',
  region: 'region',
  industry: 'industry',
  manager_id: 'manager_id',
  manager_name: 'manager_name',
  department_id: 'department_id',
  department_name: 'department_name',
  department_name_en: 'department_name_en',
};

/** Cycle datasets depend on the clock (open hours, overdue): their frames last at most this long. */
const CLOCK_BUCKET_MS = 10 * 60_000;
const TIMED: ReadonlySet<DatasetKey> = new Set(['cycle_progress', 'cycle_tasks']);
/** A number from the database (PostgreSQL may send numerics as text), or null. */
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const hoursBetween = (from: string, to: number) => Math.max(0, (to - Date.parse(from)) / 3_600_000);

/**
 * Turns database rows into frames (columnar, account attributes derived on demand) and keeps recent
 * frames and directory snapshots keyed by their data versions: a filter change recomputes widgets from
 * frames already in memory; a data change gives new keys, so nothing stale is read.
 */
@Injectable()
export class DatasetLoader {
  private readonly frames = new LruCache<string, Promise<Frame>>(24);
  private readonly directories = new LruCache<string, Promise<DirectorySnapshot>>(16);
  private readonly periodLists = new LruCache<string, Promise<string[]>>(32);
  private readonly forms = new LruCache<string, Promise<FormDocument | null>>(50);
  private readonly scoreSets = new LruCache<
    string,
    Promise<{ directory: DirectorySnapshot; chosen: ChosenScores }>
  >(16);

  constructor(
    private readonly repository: DashboardsRepository,
    private readonly projection: KpiProjection,
  ) {}

  clearCaches(): void {
    this.frames.clear();
    this.directories.clear();
    this.periodLists.clear();
    this.forms.clear();
    this.scoreSets.clear();
  }

  /** The data version a dataset's frames and results are keyed by (cycle datasets add a clock bucket). */
  version(dataset: DatasetKey, versions: DataVersions, now = Date.now()): string | null {
    const base = datasetVersion(dataset, versions);
    return base !== null && TIMED.has(dataset) ? `${base}.t${Math.floor(now / CLOCK_BUCKET_MS)}` : base;
  }

  frame(request: FrameRequest, viewer: Viewer, versions: DataVersions): Promise<Frame> {
    const version = this.version(request.dataset, versions);
    const key = [
      request.dataset,
      request.periodKind,
      [...request.periods].sort().join(','),
      [...request.fields]
        .sort()
        .map((f) => `${f}:${[...(request.fieldPeriods?.get(f) ?? [])].sort().join('+')}`)
        .join(','),
      viewerKey(viewer),
      version ?? Math.random(),
    ].join('|');
    return this.cached(this.frames, key, () => this.load(request, viewer, versions));
  }

  /** Periods with data for a dataset, newest first. */
  periods(dataset: DatasetKey, kind: 'quarter' | 'month', versions: DataVersions): Promise<string[]> {
    const source =
      dataset === 'metric_values'
        ? 'metric_values'
        : dataset === 'cycle_progress' || dataset === 'cycle_tasks'
          ? 'cycles'
          : dataset === 'survey_responses'
            ? 'surveys'
            : 'scores';
    const periodKind = dataset === 'metric_values' ? kind : 'quarter';
    const key = `${source}|${periodKind}|${datasetVersion(dataset, versions)}`;
    return this.cached(this.periodLists, key, () => this.repository.periods(source, periodKind));
  }

  /** The directory a viewer sees (accounts with manager and department, teams, names). */
  directory(viewer: AccountRestriction, versions: DataVersions): Promise<DirectorySnapshot> {
    const key = `${viewerKey({ ...viewer, seeSealed: false })}|${versions.directory}|${versions.cycles}`;
    return this.cached(this.directories, key, () => this.loadDirectory(viewer));
  }

  private cached<T>(cache: LruCache<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let hit = cache.get(key);
    if (!hit) {
      hit = load();
      cache.set(key, hit);
      // A failed load is not remembered: the next request tries again.
      const loading = hit;
      loading.catch(() => {
        if (cache.get(key) === loading) cache.delete(key);
      });
    }
    return hit;
  }

  private async loadDirectory(viewer: AccountRestriction): Promise<DirectorySnapshot> {
    const [rows, members, people, departments, cycles, kpis] = await Promise.all([
      this.repository.directory(viewer),
      this.repository.members(viewer),
      this.repository.people(),
      this.repository.departments(),
      this.repository.cycles(),
      this.repository.publishedKpis(),
    ]);
    const index = new Map(rows.map((r, i) => [r.id, i]));
    const byPerson = new Map<string, Set<string>>();
    const add = (person: string, account: string) => {
      let set = byPerson.get(person);
      if (!set) byPerson.set(person, (set = new Set()));
      set.add(account);
    };
    for (const r of rows) add(r.manager_id, r.id);
    for (const m of members) if (index.has(m.account_id)) add(m.person_id, m.account_id);
    const labels = new Map<LabelKind, Map<string, Bilingual>>([
      ['account', new Map(rows.map((r) => [r.id, { 'zh-CN': r.name, en: r.name_en }]))],
      ['person', new Map(people.map((p) => [p.id, { 'zh-CN': p.name, en: p.name }]))],
      ['department', new Map(departments.map((d) => [d.id, { 'zh-CN': d.name_zh, en: d.name_en }]))],
      // Published KPIs (which templates may weigh) by their names; the built-in ones are static labels.
      [
        'kpi',
        new Map([
          ...STATIC_LABELS.get('kpi')!,
          ...kpis.map((k): [string, Bilingual] => [
            k.key,
            (JSON.parse(k.content) as { name: Bilingual }).name,
          ]),
        ]),
      ],
      [
        'cycle',
        new Map(
          cycles.map((c) => {
            // Demo and admin names are often "中文 / English".
            const [zh, en] = c.name.includes(' / ') ? c.name.split(' / ', 2) : [c.name, c.name];
            return [c.id, { 'zh-CN': zh!, en: en! }];
          }),
        ),
      ],
    ]);
    return {
      rows,
      index,
      accountsOf: (personId) => byPerson.get(personId) ?? new Set(),
      teamPeople: [...byPerson.keys()],
      labels,
      people: new Map(people.map((p) => [p.id, p])),
    };
  }

  private async load(request: FrameRequest, viewer: Viewer, versions: DataVersions): Promise<Frame> {
    const loaders: Record<DatasetKey, () => Promise<Frame>> = {
      metric_values: () => this.metricValues(request, viewer, versions),
      account_scores: () => this.accountScores(request, viewer, versions),
      kpi_scores: () => this.kpiScores(request, viewer, versions),
      person_scores: () => this.personScores(request, viewer, versions),
      survey_responses: () => this.surveyResponses(request, viewer, versions),
      cycle_progress: () => this.cycleProgress(request, viewer, versions),
      cycle_tasks: () => this.cycleTasks(request, viewer, versions),
    };
    return loaders[request.dataset]();
  }

  /** A frame whose rows point at directory accounts (-1: none); account fields are derived on use. */
  private frameOf(
    directory: DirectorySnapshot,
    accounts: Int32Array,
    periods: readonly string[],
    columns: Record<string, Column | (() => Column)>,
  ): Frame {
    const sources = new Map<string, Column | (() => Column)>(Object.entries(columns));
    sources.set('period', periods as Value[]);
    for (const field of Object.keys(ACCOUNT_FIELDS)) {
      const from = ACCOUNT_COLUMNS[field];
      if (!from) continue;
      sources.set(field, () => {
        const out = new Array<Value>(accounts.length);
        for (let i = 0; i < accounts.length; i++) {
          const a = accounts[i]!;
          out[i] = a < 0 ? null : (directory.rows[a]![from] as string);
        }
        return out;
      });
    }
    const labels = new Map<LabelKind, ReadonlyMap<string, Bilingual>>(STATIC_LABELS);
    for (const [kind, map] of directory.labels) labels.set(kind, map);
    return new Frame(accounts.length, sources, labels);
  }

  private async metricValues(request: FrameRequest, viewer: Viewer, versions: DataVersions): Promise<Frame> {
    const fields = [...request.fields];
    const metrics = fields.filter((f) => METRIC_KEYS.includes(f));
    const previous = fields
      .filter((f) => f.endsWith('_last_year') && METRIC_KEYS.includes(f.slice(0, -'_last_year'.length)))
      .map((f) => f.slice(0, -'_last_year'.length));
    const targets = fields.filter((f) => Object.hasOwn(TARGET_FIELDS, f));
    // Rows are the (account, period) pairs with data; with no metric asked for, those with revenue.
    const current = metrics.length || targets.length ? metrics : ['revenue'];
    const periodsOf = (field: string) => {
      const wanted = request.fieldPeriods?.get(field);
      return wanted ? request.periods.filter((p) => wanted.has(p)) : [...request.periods];
    };
    // One query per set of periods: fields needed for the same periods are read together.
    const groups = (keys: readonly string[], field: (key: string) => string) => {
      const out = new Map<string, { periods: string[]; keys: string[] }>();
      for (const key of keys) {
        const periods = periodsOf(field(key));
        const id = periods.join(',');
        const group = out.get(id) ?? { periods, keys: [] };
        group.keys.push(key);
        out.set(id, group);
      }
      return [...out.values()].filter((g) => g.periods.length);
    };
    const precedence = SCORING_SOURCE_PRECEDENCE;
    const read = (g: { periods: string[]; keys: string[] }, periods: string[]) =>
      this.repository.metricValues(request.periodKind, periods, g.keys, viewer, precedence);
    // The queries do not need the directory: on PostgreSQL they all run at once.
    const [directory, currentRows, beforeRows, targetRows] = await Promise.all([
      this.directory(viewer, versions),
      Promise.all(groups(current, (k) => k).map(async (g) => ({ g, rows: await read(g, g.periods) }))),
      Promise.all(
        groups(previous, (k) => `${k}_last_year`).map(async (g) => ({
          g,
          rows: await read(g, g.periods.map(lastYear)),
        })),
      ),
      Promise.all(
        groups(targets, (f) => f).map(async (g) => ({
          g,
          rows: await this.repository.targets(
            g.periods,
            g.keys.map((f) => TARGET_FIELDS[f]!),
            viewer,
          ),
        })),
      ),
    ]);
    const periodIndex = new Map(request.periods.map((p, i) => [p, i]));
    const grid = new AccountPeriodGrid(directory.rows.length, request.periods.length);
    const locate = (g: { periods: string[] }, account: string[], period: Int32Array) =>
      grid.locate(
        directory.index,
        account,
        period,
        g.periods.map((p) => periodIndex.get(p)!),
      );
    for (const { g, rows } of currentRows) {
      const [account, metric, period, value, rank] = rows;
      const cells = locate(g, account, period);
      grid.mark(cells);
      if (metrics.length) grid.set(cells, g.keys, metric, value, rank);
    }
    for (const { g, rows } of targetRows) {
      const [account, kpi, period, target] = rows;
      const cells = locate(g, account, period);
      grid.mark(cells);
      // The first field reading a KPI's target gets it.
      const fields = g.keys.map((f) => targets.find((t) => TARGET_FIELDS[t] === TARGET_FIELDS[f])!);
      grid.set(cells, fields, kpi, target, null);
    }
    // Last year's values join rows that exist; they do not make rows of their own.
    for (const { g, rows } of beforeRows) {
      const [account, metric, period, value, rank] = rows;
      const names = g.keys.map((k) => `${k}_last_year`);
      grid.set(locate(g, account, period), names, metric, value, rank, true);
    }
    const cells = grid.rows();
    const P = request.periods.length;
    const columns: Record<string, Column> = {};
    for (const name of grid.names()) columns[name] = grid.column(name, cells);
    return this.frameOf(
      directory,
      mapEachInt(cells, (c) => Math.floor(c / P)),
      mapEach(cells, (c) => request.periods[c % P]!),
      columns,
    );
  }

  /**
   * The scores that count per account and quarter (see chooseScores), read once for every dataset of the
   * request that needs them and kept like frames.
   */
  private chosenScores(
    periods: readonly string[],
    scope: AccountRestriction,
    versions: DataVersions,
  ): Promise<{ directory: DirectorySnapshot; chosen: ChosenScores }> {
    const key = [
      [...periods].join(','),
      viewerKey({ ...scope, seeSealed: false }),
      this.version('account_scores', versions) ?? Math.random(),
    ].join('|');
    return this.cached(this.scoreSets, key, async () => {
      const [directory, rows] = await Promise.all([
        this.directory(scope, versions),
        this.repository.scores(periods, scope),
      ]);
      return {
        directory,
        chosen: chooseScores(rows, directory.index, directory.rows.length, periods),
      };
    });
  }

  private async accountScores(request: FrameRequest, viewer: Viewer, versions: DataVersions): Promise<Frame> {
    const { directory, chosen } = await this.chosenScores(request.periods, viewer, versions);
    return this.frameOf(
      directory,
      chosen.account,
      mapEach(chosen.period, (p) => chosen.periods[p]!),
      {
        cycle_id: chosen.cycleId,
        score: numberColumn(chosen.score),
        rating: chosen.rating,
        coverage: numberColumn(chosen.coverage),
        locked: numberColumn(mapEach(chosen.locked, (l) => l)),
      },
    );
  }

  private async kpiScores(request: FrameRequest, viewer: Viewer, versions: DataVersions): Promise<Frame> {
    const needs = (...fields: string[]) => fields.some((f) => request.fields.has(f));
    // The KPI key always: it orders an account's rows.
    const columns: KpiColumn[] = ['kpi'];
    if (needs('status', 'lost', 'scored')) columns.push('status');
    if (needs('family')) columns.push('family');
    if (needs('score', 'lost')) columns.push('score');
    if (needs('value')) columns.push('value');
    if (needs('target')) columns.push('target');
    if (needs('weight')) columns.push('weight');
    if (needs('effective_weight', 'lost')) columns.push('effective_weight');
    if (needs('contribution')) columns.push('contribution');
    // The KPI rows of the cycles of these periods are read alongside the scores, not after them: which
    // score counts is decided once both are in. (A score counting from a cycle of another period — not
    // written today — has its cycle's rows read after.)
    let [cycles] = await Promise.all([this.repository.cycleIds(request.periods), this.projection.sync()]);
    const read = await Promise.all([
      this.chosenScores(request.periods, viewer, versions),
      this.repository.kpiScores(request.periods, cycles, viewer, columns),
    ]);
    const { directory, chosen } = read[0];
    let found = read[1];
    if (chosen.cycles.some((id) => !cycles.includes(id))) {
      cycles = [...chosen.cycles];
      found = await this.repository.kpiScores(request.periods, cycles, viewer, columns);
    }
    const column = (c: KpiColumn) => found.values[columns.indexOf(c)];
    const { order, cells } = chosenKpiRows(
      { cycles, cycle: found.cycle, account: found.account, period: found.period, kpi: column('kpi')! },
      chosen,
      directory.index,
    );
    const n = order.length;
    const text = (c: KpiColumn) => () => {
      const values = column(c);
      return values ? mapEach(order, (r) => (values[r] ?? null) as Value) : new Array<Value>(n).fill(null);
    };
    const numbers = (c: KpiColumn) => () => {
      const values = column(c);
      return values ? numberColumn(mapEach(order, (r) => num(values[r]))) : blankColumn(n);
    };
    // The chosen score of each row, for its account-level fields.
    const scoreOf = mapEachInt(cells, (c) => chosen.cellScore[c]!);
    const lazy: Record<string, () => Column> = {
      cycle_id: () => mapEach(scoreOf, (s) => chosen.cycleId[s]!),
      kpi: text('kpi'),
      family: text('family'),
      status: text('status'),
      score: numbers('score'),
      value: numbers('value'),
      target: numbers('target'),
      weight: numbers('weight'),
      effective_weight: numbers('effective_weight'),
      contribution: numbers('contribution'),
      // Points a KPI cost the account's total: what it would add at 100, given its effective weight.
      lost: () => {
        const [score, weight, status] = [column('score'), column('effective_weight'), column('status')];
        if (!score || !weight || !status) return blankColumn(n);
        return numberColumn(
          mapEach(order, (r) => {
            const s = num(score[r]);
            return status[r] === 'scored' && s !== null
              ? ((100 - Math.min(100, s)) * Number(weight[r])) / 100
              : null;
          }),
        );
      },
      scored: () => {
        const status = column('status');
        return status
          ? numberColumn(mapEach(order, (r) => (status[r] === 'scored' ? 1 : 0)))
          : blankColumn(n);
      },
      account_score: () => numberColumn(mapEach(scoreOf, (s) => chosen.score[s]!)),
      rating: () => mapEach(scoreOf, (s) => chosen.rating[s]!),
    };
    return this.frameOf(
      directory,
      mapEachInt(cells, (c) => Math.floor(c / chosen.periods.length)),
      mapEach(cells, (c) => chosen.periods[c % chosen.periods.length]!),
      lazy,
    );
  }

  /**
   * Credit per person from the contribution split of the account and quarter (the account manager gets
   * it all where no split was set); person scores combine like the API's: Σ credit × score / Σ credit.
   * Scoped by person (one sees their own and their reports' rows), as `GET /api/people/:id/score` is.
   */
  private async personScores(request: FrameRequest, viewer: Viewer, versions: DataVersions): Promise<Frame> {
    const everyone = { all: true, personIds: [] };
    const [{ directory, chosen }, splits] = await Promise.all([
      this.chosenScores(request.periods, everyone, versions),
      this.repository.splits(request.periods),
    ]);
    const shares = new Map<string, { personId: string; percent: number }[]>();
    for (const s of splits) {
      try {
        shares.set(
          `${s.account_id}\u0000${s.period}`,
          JSON.parse(s.shares) as { personId: string; percent: number }[],
        );
      } catch {
        // An unreadable split credits no one rather than failing the dashboard.
      }
    }
    const allowed = viewer.all ? null : new Set(viewer.personIds);
    const out = {
      accounts: [] as number[],
      periods: [] as string[],
      cycle: [] as string[],
      person: [] as string[],
      personDepartment: [] as (string | null)[],
      personFunction: [] as (string | null)[],
      score: [] as (number | null)[],
      rating: [] as (string | null)[],
      credit: [] as number[],
    };
    for (let s = 0; s < chosen.length; s++) {
      const a = chosen.account[s]!;
      const period = chosen.periods[chosen.period[s]!]!;
      const account = directory.rows[a]!;
      const credited = shares.get(`${account.id}\u0000${period}`) ?? [
        { personId: account.manager_id, percent: 100 },
      ];
      for (const share of credited) {
        if (allowed && !allowed.has(share.personId)) continue;
        const person = directory.people.get(share.personId);
        out.accounts.push(a);
        out.periods.push(period);
        out.cycle.push(chosen.cycleId[s]!);
        out.person.push(share.personId);
        out.personDepartment.push(person?.department_id ?? null);
        out.personFunction.push(person?.function ?? null);
        out.score.push(chosen.score[s]!);
        out.rating.push(chosen.rating[s]!);
        out.credit.push(share.percent);
      }
    }
    return this.frameOf(directory, Int32Array.from(out.accounts), out.periods, {
      cycle_id: out.cycle,
      person_id: out.person,
      person_name: out.person.map((p) => directory.people.get(p)?.name ?? null),
      person_department_id: out.personDepartment,
      person_function: out.personFunction,
      score: numberColumn(out.score),
      rating: out.rating,
      credit: numberColumn(out.credit),
      weighted: numberColumn(out.score.map((s, i) => (s === null ? null : (s * out.credit[i]!) / 100))),
      credited: numberColumn(out.score.map((s, i) => (s === null ? null : out.credit[i]! / 100))),
    });
  }

  /** The account an instance is about, when the viewer may see it; -1 for a manager-level instance. */
  private subjectAccount(
    directory: DirectorySnapshot,
    viewer: Viewer,
    row: { subject_type: string; subject_id: string; manager_person_id: string | null },
  ): number | undefined {
    if (row.subject_type === 'account') return directory.index.get(row.subject_id);
    const manager = row.manager_person_id ?? row.subject_id;
    return viewer.all || viewer.personIds.includes(manager) ? -1 : undefined;
  }

  private async cycleProgress(request: FrameRequest, viewer: Viewer, versions: DataVersions): Promise<Frame> {
    const directory = await this.directory(viewer, versions);
    const [instances, tasks] = await Promise.all([
      this.repository.instances(request.periods),
      this.repository.tasks(request.periods),
    ]);
    const now = Date.now();
    const perInstance = new Map<string, { tasks: number; open: number; overdue: number; returns: number }>();
    for (const t of tasks) {
      let c = perInstance.get(t.instance_id);
      if (!c) perInstance.set(t.instance_id, (c = { tasks: 0, open: 0, overdue: 0, returns: 0 }));
      c.tasks++;
      if (t.status === 'open') {
        c.open++;
        if (t.due_at && Date.parse(t.due_at) < now) c.overdue++;
      }
      if (t.outcome === 'return') c.returns++;
    }
    const rows = instances.flatMap((i) => {
      const a = this.subjectAccount(directory, viewer, i);
      return a === undefined ? [] : [{ i, a }];
    });
    const counts = (id: string) => perInstance.get(id) ?? { tasks: 0, open: 0, overdue: 0, returns: 0 };
    return this.frameOf(
      directory,
      Int32Array.from(rows, (r) => r.a),
      rows.map((r) => r.i.period),
      {
        cycle_id: rows.map((r) => r.i.cycle_id),
        status: rows.map((r) => r.i.status),
        // The first active step while running; the outcome once ended.
        stage: rows.map((r) => (r.i.status === 'running' ? r.i.stage.split(',')[0] || null : r.i.status)),
        completed: numberColumn(rows.map((r) => (r.i.status === 'completed' ? 1 : 0))),
        running: numberColumn(rows.map((r) => (r.i.status === 'running' ? 1 : 0))),
        tasks: numberColumn(rows.map((r) => counts(r.i.id).tasks)),
        open_tasks: numberColumn(rows.map((r) => counts(r.i.id).open)),
        overdue_tasks: numberColumn(rows.map((r) => counts(r.i.id).overdue)),
        returns: numberColumn(rows.map((r) => counts(r.i.id).returns)),
        hours: numberColumn(
          rows.map((r) => hoursBetween(r.i.created_at, r.i.ended_at ? Date.parse(r.i.ended_at) : now)),
        ),
      },
    );
  }

  private async cycleTasks(request: FrameRequest, viewer: Viewer, versions: DataVersions): Promise<Frame> {
    const directory = await this.directory(viewer, versions);
    const now = Date.now();
    const rows = (await this.repository.tasks(request.periods)).flatMap((t) => {
      const a = this.subjectAccount(directory, viewer, t);
      return a === undefined ? [] : [{ t, a }];
    });
    const open = (t: (typeof rows)[number]['t']) => t.status === 'open';
    return this.frameOf(
      directory,
      Int32Array.from(rows, (r) => r.a),
      rows.map((r) => r.t.period),
      {
        cycle_id: rows.map((r) => r.t.cycle_id),
        stage: rows.map((r) => r.t.step_id),
        task_status: rows.map((r) => r.t.status),
        outcome: rows.map((r) => r.t.outcome),
        open: numberColumn(rows.map((r) => (open(r.t) ? 1 : 0))),
        done: numberColumn(rows.map((r) => (r.t.status === 'done' ? 1 : 0))),
        overdue: numberColumn(
          rows.map((r) => (open(r.t) && r.t.due_at && Date.parse(r.t.due_at) < now ? 1 : 0)),
        ),
        returned: numberColumn(rows.map((r) => (r.t.outcome === 'return' ? 1 : 0))),
        hours: numberColumn(
          rows.map((r) =>
            r.t.status === 'cancelled'
              ? null
              : hoursBetween(r.t.created_at, r.t.completed_at ? Date.parse(r.t.completed_at) : now),
          ),
        ),
      },
    );
  }

  private formDocument(key: string, version: number): Promise<FormDocument | null> {
    return this.cached(this.forms, `${key}@${version}`, async () => {
      const content = await this.repository.formContent(key, version);
      return content ? (JSON.parse(content) as FormDocument) : null;
    });
  }

  private async surveyResponses(
    request: FrameRequest,
    viewer: Viewer,
    versions: DataVersions,
  ): Promise<Frame> {
    const directory = await this.directory(viewer, versions);
    let responses: Awaited<ReturnType<DashboardsRepository['surveyResponses']>>;
    try {
      responses = await this.repository.surveyResponses(request.periods, viewer);
    } catch {
      throw new DatasetUnavailable(
        widgetError(WidgetErrorCode.DatasetUnavailable, '/dataset', {
          dataset: 'survey_responses',
          why: { en: 'no survey responses table', 'zh-CN': '没有问卷答复表' },
        }),
      );
    }
    const rows: { a: number; period: string; form: string; measures: Record<string, number | null> }[] = [];
    for (const r of responses) {
      const a = directory.index.get(r.account_id);
      const form = await this.formDocument(r.form_key, Number(r.form_version));
      if (a === undefined || !form) continue;
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(r.data) as Record<string, unknown>;
      } catch {
        continue;
      }
      rows.push({ a, period: r.period, form: r.form_key, measures: responseMeasures(form, data) });
    }
    const columns: Record<string, Column> = {
      form_key: rows.map((r) => r.form),
      responses: numberColumn(rows.map(() => 1)),
    };
    for (const metric of SURVEY_METRICS)
      columns[metric] = numberColumn(rows.map((r) => r.measures[metric] ?? null));
    return this.frameOf(
      directory,
      Int32Array.from(rows, (r) => r.a),
      rows.map((r) => r.period),
      columns,
    );
  }
}
