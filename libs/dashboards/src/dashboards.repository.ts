import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bulkInsert, latestPublished, UnitOfWork } from '@keyscore/persistence';
import { CHANGE_SCOPES, type ChangeScope } from './core/datasets';
import type { ScoreColumns } from './core/chosen-scores.util';
import type { DataVersions } from './core/result-cache';

/** Bound parameters in the driver's placeholder style. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly postgres: boolean) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.postgres ? `$${this.values.length}` : '?';
  }
  list(values: readonly unknown[]): string {
    return values.length ? values.map((v) => this.add(v)).join(', ') : 'NULL';
  }
}

/** Which accounts a viewer sees: all, or those managed or worked on by these people. */
export interface AccountRestriction {
  all: boolean;
  personIds: readonly string[];
}

export interface DirectoryRow {
  id: string;
  code: string;
  name: string;
  name_en: string;
  account_type: string;
  region: string;
  industry: string;
  manager_id: string;
  manager_name: string;
  department_id: string;
  department_name: string;
  department_name_en: string;
}

/** Metric values as columns: account id, metric index, period index, value, source rank. */
export type MetricColumns = [string[], Int32Array, Int32Array, (number | string | null)[], Int32Array];

/** Targets as columns: account id, KPI index, period index, target. */
export type TargetColumns = [string[], Int32Array, Int32Array, (number | string | null)[]];

/** KPI rows as columns: cycle index, account id, period index, then the columns asked for. */
export interface KpiColumns {
  cycle: Int32Array;
  account: string[];
  period: Int32Array;
  values: unknown[][];
}

export interface KpiRow {
  cycle_score_id: string;
  account_id: string;
  period: string;
  cycle_id: string;
  kpi: string;
  family: string;
  status: string;
  value_state: string | null;
  score: number | null;
  value: number | null;
  target: number | null;
  weight: number;
  effective_weight: number;
  contribution: number;
}

/** Columns of the KPI projection a dashboard may read beyond (cycle, account, period). */
export type KpiColumn =
  'kpi' | 'family' | 'status' | 'score' | 'value' | 'target' | 'weight' | 'effective_weight' | 'contribution';

export interface TaskRow {
  instance_id: string;
  cycle_id: string;
  period: string;
  subject_type: string;
  subject_id: string;
  manager_person_id: string | null;
  step_id: string;
  status: string;
  outcome: string | null;
  due_at: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface InstanceRow {
  id: string;
  cycle_id: string;
  period: string;
  subject_type: string;
  subject_id: string;
  manager_person_id: string | null;
  status: string;
  stage: string;
  created_at: string;
  ended_at: string | null;
}

export interface SurveyRow {
  account_id: string;
  period: string;
  form_key: string;
  form_version: number;
  data: string;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Every query of the dashboards: data versions, documents, the datasets' rows, the KPI projection. */

/** The columns of the KPI-score projection, in the order its rows are written (the benchmark seeds it too). */
export const KPI_SCORE_COLUMNS = [
  'cycle_score_id',
  'kpi',
  'account_id',
  'cycle_id',
  'period',
  'family',
  'status',
  'value_state',
  'score',
  'value',
  'target',
  'weight',
  'effective_weight',
  'contribution',
] as const;

@Injectable()
export class DashboardsRepository {
  private readonly logger = new Logger('Dashboards');
  private compacting = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  private get postgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  private params(): Params {
    return new Params(this.postgres);
  }

  /**
   * A query's result as columns, not rows: the database folds each selected expression into one JSON
   * array (json_group_array on SQLite, json_agg on PostgreSQL — every aggregate of a group sees the rows in
   * the same order) and sends a single row. For the large reads: a row per account and period costs a JS
   * array per row and, on PostgreSQL, a text decode per cell, which was most of a cold dashboard's time;
   * JSON.parse builds flat arrays of numbers and texts many times faster. Numbers keep every bit: both
   * databases print a double as the shortest text that reads back as the same double. Straight on the
   * driver (TypeORM would turn the row into an object).
   */
  private async columns(
    expressions: readonly string[],
    from: string,
    params: unknown[],
  ): Promise<unknown[][]> {
    if (this.postgres) {
      const pool = (
        this.dataSource.driver as unknown as {
          master: {
            query(config: {
              text: string;
              values: unknown[];
              rowMode: 'array';
            }): Promise<{ rows: unknown[][] }>;
          };
        }
      ).master;
      const sql = `SELECT ${expressions.map((e) => `json_agg(${e})`).join(', ')} ${from}`;
      const [row] = (await pool.query({ text: sql, values: params, rowMode: 'array' })).rows;
      // json values arrive parsed; no rows at all aggregate to NULL.
      return expressions.map((_, i) => (row?.[i] as unknown[] | null) ?? []);
    }
    const db = (
      this.dataSource.driver as unknown as {
        databaseConnection: {
          prepare(sql: string): { raw(on: boolean): { get(...params: unknown[]): string[] } };
        };
      }
    ).databaseConnection;
    const sql = `SELECT ${expressions.map((e) => `json_group_array(${e})`).join(', ')} ${from}`;
    const row = db
      .prepare(sql)
      .raw(true)
      .get(...params);
    return row.map((text) => JSON.parse(text) as unknown[]);
  }

  /** `column`'s position in `values` (a small number per row instead of a text), -1 when not among them. */
  private indexOf(p: Params, column: string, values: readonly string[]): string {
    return `CASE ${column} ${values.map((v, i) => `WHEN ${p.add(v)} THEN ${i}`).join(' ')} ELSE -1 END`;
  }

  /**
   * Positions of several columns among their values (see indexOf) sent as one number per row, because a
   * large read costs per value sent (on PostgreSQL each json_agg is a pass over the rows): one more than
   * each position, mixed as digits of a number whose bases are the lists' lengths plus one.
   */
  private packedIndexOf(p: Params, parts: readonly (readonly [string, readonly string[]])[]): string {
    let sql = '';
    for (const [column, values] of parts) {
      const digit = `${this.indexOf(p, column, values)} + 1`;
      sql = sql ? `(${sql}) * ${values.length + 1} + ${digit}` : `CAST(${digit} AS BIGINT)`;
    }
    return sql;
  }

  /** The positions packedIndexOf sent, one array per part (-1: not among the values). */
  private unpack(codes: readonly number[], sizes: readonly number[]): Int32Array[] {
    const out = sizes.map(() => new Int32Array(codes.length));
    for (let i = 0; i < codes.length; i++) {
      let code = codes[i]!;
      for (let k = sizes.length - 1; k >= 0; k--) {
        const base = sizes[k]! + 1;
        out[k]![i] = (code % base) - 1;
        code = Math.floor(code / base);
      }
    }
    return out;
  }

  /** Restricts `column` (an account id) to the accounts these people manage or work on. */
  private restrict(p: Params, column: string, scope: AccountRestriction): string {
    if (scope.all) return '';
    const people = p.list(scope.personIds);
    return ` AND ${column} IN (SELECT a.id FROM accounts a WHERE a.manager_id IN (${people}) OR a.id IN (SELECT m.account_id FROM account_members m WHERE m.person_id IN (${p.list(scope.personIds)})))`;
  }

  /** One counter per scope (see DashboardDataChangeEntity); PostgreSQL's log is folded when it grows. */
  async dataVersions(): Promise<DataVersions> {
    const rows: { scope: string; version: string | number; n: string | number }[] =
      await this.dataSource.query(
        'SELECT scope, SUM(weight) AS version, COUNT(*) AS n FROM dashboard_data_changes GROUP BY scope',
      );
    const versions = Object.fromEntries(CHANGE_SCOPES.map((s) => [s, 0])) as Record<ChangeScope, number>;
    let fold = false;
    for (const row of rows) {
      if ((CHANGE_SCOPES as readonly string[]).includes(row.scope))
        versions[row.scope as ChangeScope] = Number(row.version);
      if (Number(row.n) > 200) fold = true;
    }
    if (fold && this.postgres) void this.compactChanges();
    return versions;
  }

  /**
   * Folds committed per-transaction rows into each scope's `base` row in one statement: the sums (the
   * versions) do not change, so readers see the same version before and after.
   */
  private async compactChanges(): Promise<void> {
    if (this.compacting) return;
    this.compacting = true;
    try {
      await this.dataSource.query(`
        WITH gone AS (DELETE FROM dashboard_data_changes WHERE tx <> 'base' RETURNING scope, weight)
        INSERT INTO dashboard_data_changes (scope, tx, weight)
        SELECT scope, 'base', SUM(weight) FROM gone GROUP BY scope
        ON CONFLICT (scope, tx) DO UPDATE SET weight = dashboard_data_changes.weight + excluded.weight`);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not fold the dashboard data versions');
    } finally {
      this.compacting = false;
    }
  }

  /** A document of kind `dashboard`: its published version's content, or its draft. */
  async dashboardDocument(key: string): Promise<{
    publishedVersion: number | null;
    revision: number;
    status: string;
    draft: string | null;
    content: string | null;
  } | null> {
    const p = this.params();
    const rows: {
      published_version: number | null;
      version: number;
      status: string;
      draft_content: string | null;
      content: string | null;
    }[] = await this.dataSource.query(
      `SELECT d.published_version, d.version, d.status, d.draft_content, v.content
       FROM documents d LEFT JOIN document_versions v ON v.document_id = d.id AND v.version = d.published_version
       WHERE d.kind = 'dashboard' AND d.key = ${p.add(key)}`,
      p.values,
    );
    const row = rows[0];
    if (!row) return null;
    return {
      publishedVersion: num(row.published_version),
      revision: Number(row.version),
      status: row.status,
      draft: row.draft_content,
      content: row.content,
    };
  }

  /** Published dashboards (not archived), with their content for titles. */
  async publishedDashboards(): Promise<{ key: string; version: number; content: string }[]> {
    const rows: { key: string; version: number; content: string }[] = await this.dataSource.query(
      `SELECT d.key, v.version, v.content FROM documents d
       JOIN document_versions v ON v.document_id = d.id AND v.version = d.published_version
       WHERE d.kind = 'dashboard' AND d.status <> 'archived' ORDER BY d.key`,
    );
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }

  /** A published form version's content (survey measures). */
  async formContent(key: string, version: number): Promise<string | null> {
    const p = this.params();
    const rows: { content: string }[] = await this.dataSource.query(
      `SELECT v.content FROM documents d JOIN document_versions v ON v.document_id = d.id
       WHERE d.kind = 'form' AND d.key = ${p.add(key)} AND v.version = ${p.add(version)}`,
      p.values,
    );
    return rows[0]?.content ?? null;
  }

  /** Accounts in scope with their manager and the manager's department. */
  directory(scope: AccountRestriction): Promise<DirectoryRow[]> {
    const p = this.params();
    return this.dataSource.query(
      `SELECT a.id, a.code, a.name, a.name_en, a.account_type, a.region, a.industry, a.manager_id,
              pm.name AS manager_name, pm.department_id, dp.name_zh AS department_name, dp.name_en AS department_name_en
       FROM accounts a JOIN people pm ON pm.id = a.manager_id JOIN departments dp ON dp.id = pm.department_id
       WHERE 1 = 1${this.restrict(p, 'a.id', scope)} ORDER BY a.code`,
      p.values,
    );
  }

  /** Account teams (for the person filter). */
  members(scope: AccountRestriction): Promise<{ account_id: string; person_id: string }[]> {
    const p = this.params();
    return this.dataSource.query(
      `SELECT account_id, person_id FROM account_members WHERE 1 = 1${this.restrict(p, 'account_id', scope)}`,
      p.values,
    );
  }

  people(): Promise<{ id: string; name: string; department_id: string; function: string }[]> {
    return this.dataSource.query('SELECT id, name, department_id, function FROM people ORDER BY employee_no');
  }

  departments(): Promise<{ id: string; code: string; name_zh: string; name_en: string }[]> {
    return this.dataSource.query('SELECT id, code, name_zh, name_en FROM departments ORDER BY code');
  }

  /**
   * Metric values of these periods and metrics as columns: account id, metric index, period index, value,
   * source rank (the source's index in `precedence`, 99: none). Sealed values come back blank unless
   * `seeSealed`.
   */
  async metricValues(
    periodKind: 'quarter' | 'month',
    periods: readonly string[],
    metricKeys: readonly string[],
    scope: AccountRestriction & { seeSealed: boolean },
    precedence: readonly string[],
  ): Promise<MetricColumns> {
    const none = new Int32Array(0);
    if (!periods.length || !metricKeys.length) return [[], none, none, [], none];
    const p = this.params();
    const value = scope.seeSealed ? 'value' : `CASE WHEN state = 'sealed' THEN NULL ELSE value END`;
    const [account, codes, values] = await this.columns(
      [
        'account_id',
        this.packedIndexOf(p, [
          ['metric_key', metricKeys],
          ['period', periods],
          ['source', precedence],
        ]),
        value,
      ],
      `FROM metric_values
       WHERE period_kind = ${p.add(periodKind)} AND period IN (${p.list(periods)})
         AND metric_key IN (${p.list(metricKeys)})${this.restrict(p, 'account_id', scope)}`,
      p.values,
    );
    const [metric, period, source] = this.unpack(codes as number[], [
      metricKeys.length,
      periods.length,
      precedence.length,
    ]);
    // A source outside the precedence ranks after every one in it.
    const rank = source!.map((s) => (s < 0 ? 99 : s));
    return [account as string[], metric!, period!, values as (number | string | null)[], rank];
  }

  /** Targets of these KPIs and periods as columns: account id, KPI index, period index, target. */
  async targets(
    periods: readonly string[],
    kpiKeys: readonly string[],
    scope: AccountRestriction,
  ): Promise<TargetColumns> {
    const none = new Int32Array(0);
    if (!periods.length || !kpiKeys.length) return [[], none, none, []];
    const p = this.params();
    const [account, codes, target] = await this.columns(
      [
        'account_id',
        this.packedIndexOf(p, [
          ['kpi_key', kpiKeys],
          ['period', periods],
        ]),
        'target',
      ],
      `FROM account_targets
       WHERE kpi_key IN (${p.list(kpiKeys)}) AND period IN (${p.list(periods)})${this.restrict(p, 'account_id', scope)}`,
      p.values,
    );
    const [kpi, period] = this.unpack(codes as number[], [kpiKeys.length, periods.length]);
    return [account as string[], kpi!, period!, target as (number | string | null)[]];
  }

  /**
   * Stored cycle scores of these periods with their cycle's status and launch, as columns (the period as
   * its index); from the read index, never touching the scorecards.
   */
  async scores(periods: readonly string[], scope: AccountRestriction): Promise<ScoreColumns> {
    if (!periods.length)
      return {
        id: [],
        account: [],
        period: [],
        cycle: [],
        score: [],
        rating: [],
        coverage: [],
        status: [],
        launched: [],
      };
    const p = this.params();
    const [id, account, period, cycle, score, rating, coverage, status, launched] = await this.columns(
      [
        'cs.id',
        'cs.account_id',
        this.indexOf(p, 'cs.period', periods),
        'cs.cycle_id',
        'cs.score',
        'cs.rating',
        'cs.coverage',
        'rc.status',
        'rc.launched_at',
      ],
      `FROM cycle_scores cs JOIN review_cycles rc ON rc.id = cs.cycle_id
       WHERE cs.period IN (${p.list(periods)})${this.restrict(p, 'cs.account_id', scope)}`,
      p.values,
    );
    return { id, account, period, cycle, score, rating, coverage, status, launched } as ScoreColumns;
  }

  /**
   * KPI rows of these periods and cycles as columns: cycle index, account id, period index, then `columns`.
   * Values and targets of sealed values come back blank unless `seeSealed`.
   */
  async kpiScores(
    periods: readonly string[],
    cycles: readonly string[],
    scope: AccountRestriction & { seeSealed: boolean },
    columns: readonly KpiColumn[],
  ): Promise<KpiColumns> {
    const none = new Int32Array(0);
    if (!periods.length || !cycles.length)
      return { cycle: none, account: [], period: none, values: columns.map(() => []) };
    const p = this.params();
    const sealed = (c: string) =>
      scope.seeSealed ? c : `CASE WHEN value_state = 'sealed' THEN NULL ELSE ${c} END`;
    const [codes, account, ...values] = await this.columns(
      [
        this.packedIndexOf(p, [
          ['cycle_id', cycles],
          ['period', periods],
        ]),
        'account_id',
        ...columns.map((c) => (c === 'value' || c === 'target' ? sealed(c) : c)),
      ],
      `FROM dashboard_kpi_scores
       WHERE period IN (${p.list(periods)}) AND cycle_id IN (${p.list(cycles)})${this.restrict(p, 'account_id', scope)}`,
      p.values,
    );
    const [cycle, period] = this.unpack(codes as number[], [cycles.length, periods.length]);
    return { cycle: cycle!, account: account as string[], period: period!, values };
  }

  splits(periods: readonly string[]): Promise<{ account_id: string; period: string; shares: string }[]> {
    if (!periods.length) return Promise.resolve([]);
    const p = this.params();
    return this.dataSource.query(
      `SELECT account_id, period, shares FROM contribution_splits WHERE period IN (${p.list(periods)})`,
      p.values,
    );
  }

  instances(periods: readonly string[]): Promise<InstanceRow[]> {
    if (!periods.length) return Promise.resolve([]);
    const p = this.params();
    return this.dataSource.query(
      `SELECT id, cycle_id, period, subject_type, subject_id, manager_person_id, status, stage, created_at, ended_at
       FROM workflow_instances WHERE cycle_id IS NOT NULL AND period IN (${p.list(periods)})`,
      p.values,
    );
  }

  tasks(periods: readonly string[]): Promise<TaskRow[]> {
    if (!periods.length) return Promise.resolve([]);
    const p = this.params();
    return this.dataSource.query(
      `SELECT t.instance_id, i.cycle_id, i.period, i.subject_type, i.subject_id, i.manager_person_id,
              t.step_id, t.status, t.outcome, t.due_at, t.created_at, t.completed_at
       FROM workflow_tasks t JOIN workflow_instances i ON i.id = t.instance_id
       WHERE i.cycle_id IS NOT NULL AND i.period IN (${p.list(periods)})`,
      p.values,
    );
  }

  /** The review cycles of these periods. */
  async cycleIds(periods: readonly string[]): Promise<string[]> {
    if (!periods.length) return [];
    const p = this.params();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM review_cycles WHERE period IN (${p.list(periods)}) ORDER BY id`,
      p.values,
    );
    return rows.map((r) => r.id);
  }

  cycles(): Promise<{ id: string; name: string; period: string; status: string }[]> {
    return this.dataSource.query('SELECT id, name, period, status FROM review_cycles');
  }

  /** The latest published version of every KPI document that is not archived (for their names). */
  publishedKpis() {
    return latestPublished(this.dataSource, ['kpi']);
  }

  surveyResponses(periods: readonly string[], scope: AccountRestriction): Promise<SurveyRow[]> {
    if (!periods.length) return Promise.resolve([]);
    const p = this.params();
    return this.dataSource.query(
      `SELECT r.account_id, c.period, c.form_key, c.form_version, r.data
       FROM survey_responses r JOIN survey_campaigns c ON c.id = r.campaign_id
       WHERE c.period IN (${p.list(periods)})${this.restrict(p, 'r.account_id', scope)}`,
      p.values,
    );
  }

  /** Periods with data, newest first, per source (for the period filter and "latest"). */
  async periods(source: 'metric_values' | 'scores' | 'cycles' | 'surveys', kind: 'quarter' | 'month') {
    const sql = {
      metric_values: `SELECT DISTINCT period FROM metric_values WHERE period_kind = ${this.postgres ? '$1' : '?'}`,
      scores: 'SELECT DISTINCT period FROM cycle_scores',
      cycles:
        'SELECT DISTINCT period FROM workflow_instances WHERE cycle_id IS NOT NULL AND period IS NOT NULL',
      surveys: 'SELECT DISTINCT period FROM survey_campaigns',
    }[source];
    const rows: { period: string }[] = await this.dataSource.query(
      sql,
      source === 'metric_values' ? [kind] : [],
    );
    return rows.map((r) => r.period).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  }

  /** Cycle scores whose KPI projection is out of date (a page of them). */
  dirtyScores(limit: number): Promise<{ cycle_score_id: string; token: string }[]> {
    return this.dataSource.query(
      `SELECT cycle_score_id, token FROM dashboard_kpi_dirty ORDER BY cycle_score_id LIMIT ${Number(limit)}`,
    );
  }

  /** Stored scorecards, each with the KPI definitions it names (null for those stored with them inline). */
  scorecards(ids: readonly string[]): Promise<
    {
      id: string;
      account_id: string;
      period: string;
      cycle_id: string;
      scorecard: string;
      definitions_hash: string | null;
      definitions: string | null;
    }[]
  > {
    const p = this.params();
    return this.dataSource.query(
      `SELECT cs.id, cs.account_id, cs.period, cs.cycle_id, cs.scorecard, cs.definitions AS definitions_hash,
         d.content AS definitions
       FROM cycle_scores cs LEFT JOIN scorecard_definitions d ON d.hash = cs.definitions
       WHERE cs.id IN (${p.list(ids)})`,
      p.values,
    );
  }

  /**
   * Replaces the projection of these cycle scores and clears their dirty rows — only those still carrying
   * the token read, so a score rewritten meanwhile stays queued. Rows of a score deleted since its scorecard
   * was read are not written: dashboards match KPI rows by (cycle, account), so such rows would count beside
   * a later score of the same cycle and account. On PostgreSQL the scores still there are locked against
   * deletion (KEY SHARE: updates still pass) first, so a delete either came before and is seen, or waits and
   * its trigger removes what was written here.
   */
  replaceKpiScores(
    done: readonly { cycle_score_id: string; token: string }[],
    rows: readonly KpiRow[],
  ): Promise<void> {
    return this.unitOfWork.transaction(async (manager) => {
      const ids = done.map((d) => d.cycle_score_id);
      const stored = new Set<string>();
      const findStored = async () => {
        for (let i = 0; i < ids.length; i += 500) {
          const p = this.params();
          const found: { id: string }[] = await manager.query(
            `SELECT id FROM cycle_scores WHERE id IN (${p.list(ids.slice(i, i + 500))})${this.postgres ? ' FOR KEY SHARE' : ''}`,
            p.values,
          );
          for (const f of found) stored.add(f.id);
        }
      };
      // PostgreSQL: the score locks before the KPI rows (the delete trigger takes them in that order too);
      // SQLite: after the first write, which takes the database's write lock.
      if (this.postgres) await findStored();
      for (let i = 0; i < ids.length; i += 500) {
        const p = this.params();
        await manager.query(
          `DELETE FROM dashboard_kpi_scores WHERE cycle_score_id IN (${p.list(ids.slice(i, i + 500))})`,
          p.values,
        );
      }
      if (!this.postgres) await findStored();
      await bulkInsert(
        manager,
        'dashboard_kpi_scores',
        KPI_SCORE_COLUMNS,
        rows
          .filter((r) => stored.has(r.cycle_score_id))
          .map((r) => [
            r.cycle_score_id,
            r.kpi,
            r.account_id,
            r.cycle_id,
            r.period,
            r.family,
            r.status,
            r.value_state,
            r.score,
            r.value,
            r.target,
            r.weight,
            r.effective_weight,
            r.contribution,
          ]),
      );
      const marks = done.map((d) => `${d.cycle_score_id}:${d.token}`);
      for (let i = 0; i < marks.length; i += 500) {
        const p = this.params();
        await manager.query(
          `DELETE FROM dashboard_kpi_dirty WHERE cycle_score_id || ':' || token IN (${p.list(marks.slice(i, i + 500))})`,
          p.values,
        );
      }
    });
  }
}
