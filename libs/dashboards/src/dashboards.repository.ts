import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bulkInsert, UnitOfWork } from '@keyscore/persistence';
import { CHANGE_SCOPES, type ChangeScope } from './core/datasets';
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

/** [account id, index of the metric key asked for, index of the period, value, index of the source in the precedence (99: none)]. */
export type MetricRow = [string, number, number, number | null, number];

export interface ScoreRow {
  id: string;
  account_id: string;
  period: string;
  cycle_id: string;
  score: number | null;
  rating: string | null;
  coverage: number | null;
  cycle_status: string;
  launched_at: string | null;
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
   * A query whose rows come back as arrays, not objects: for the large reads, where building an object per
   * row is most of the cost. Straight on the driver (TypeORM has no array mode); same SQL as `query`.
   */
  private async arrays(sql: string, params: unknown[]): Promise<unknown[][]> {
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
      return (await pool.query({ text: sql, values: params, rowMode: 'array' })).rows;
    }
    const db = (
      this.dataSource.driver as unknown as {
        databaseConnection: {
          prepare(sql: string): { raw(on: boolean): { all(...params: unknown[]): unknown[][] } };
        };
      }
    ).databaseConnection;
    return db
      .prepare(sql)
      .raw(true)
      .all(...params);
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
   * Metric values of these periods and metrics, each row as (account, metric index, period index, value,
   * source rank): one text column per row instead of five, because turning rows into JS objects is what a
   * large read costs. Sealed values come back blank unless `seeSealed`.
   */
  async metricValues(
    periodKind: 'quarter' | 'month',
    periods: readonly string[],
    metricKeys: readonly string[],
    scope: AccountRestriction & { seeSealed: boolean },
    precedence: readonly string[],
  ): Promise<MetricRow[]> {
    if (!periods.length || !metricKeys.length) return [];
    const p = this.params();
    const index = (column: string, values: readonly string[]) =>
      `CASE ${column} ${values.map((v, i) => `WHEN ${p.add(v)} THEN ${i}`).join(' ')} END`;
    const rank = `CASE source ${precedence.map((s, i) => `WHEN '${s.replace(/'/g, '')}' THEN ${i}`).join(' ')} ELSE 99 END`;
    const value = scope.seeSealed ? 'value' : `CASE WHEN state = 'sealed' THEN NULL ELSE value END`;
    const select = `SELECT account_id, ${index('metric_key', metricKeys)} AS m, ${index('period', periods)} AS p, ${value} AS value, ${rank} AS r`;
    return (await this.arrays(
      `${select} FROM metric_values
       WHERE period_kind = ${p.add(periodKind)} AND period IN (${p.list(periods)})
         AND metric_key IN (${p.list(metricKeys)})${this.restrict(p, 'account_id', scope)}`,
      p.values,
    )) as MetricRow[];
  }

  /** [account id, KPI key, period, target] rows. */
  async targets(
    periods: readonly string[],
    kpiKeys: readonly string[],
    scope: AccountRestriction,
  ): Promise<[string, string, string, number][]> {
    if (!periods.length || !kpiKeys.length) return [];
    const p = this.params();
    return (await this.arrays(
      `SELECT account_id, kpi_key, period, target FROM account_targets
       WHERE period IN (${p.list(periods)}) AND kpi_key IN (${p.list(kpiKeys)})${this.restrict(p, 'account_id', scope)}`,
      p.values,
    )) as [string, string, string, number][];
  }

  /** Stored cycle scores of these periods, with their cycle's status (columns before the scorecard only). */
  async scores(periods: readonly string[], scope: AccountRestriction): Promise<ScoreRow[]> {
    if (!periods.length) return [];
    const p = this.params();
    const rows: ScoreRow[] = await this.dataSource.query(
      `SELECT cs.id, cs.account_id, cs.period, cs.cycle_id, cs.score, cs.rating, cs.coverage,
              rc.status AS cycle_status, rc.launched_at
       FROM cycle_scores cs JOIN review_cycles rc ON rc.id = cs.cycle_id
       WHERE cs.period IN (${p.list(periods)})${this.restrict(p, 'cs.account_id', scope)}`,
      p.values,
    );
    return rows.map((r) => ({ ...r, score: num(r.score), coverage: num(r.coverage) }));
  }

  /** KPI rows of these periods; `columns` narrows what is read to what the widgets use. */
  async kpiScores(
    periods: readonly string[],
    scope: AccountRestriction,
    columns: readonly (keyof KpiRow)[],
  ): Promise<Partial<KpiRow>[]> {
    if (!periods.length) return [];
    const p = this.params();
    const wanted = [...new Set(['cycle_score_id', 'account_id', 'period', ...columns])] as (keyof KpiRow)[];
    const rows = await this.arrays(
      `SELECT ${wanted.join(', ')} FROM dashboard_kpi_scores
       WHERE period IN (${p.list(periods)})${this.restrict(p, 'account_id', scope)}`,
      p.values,
    );
    // Objects again, but only of the columns asked for; numbers stay numbers on both drivers.
    return rows.map((r) => {
      const o: Partial<Record<keyof KpiRow, unknown>> = {};
      for (let i = 0; i < wanted.length; i++) o[wanted[i]!] = r[i];
      return o as Partial<KpiRow>;
    });
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

  cycles(): Promise<{ id: string; name: string; period: string; status: string }[]> {
    return this.dataSource.query('SELECT id, name, period, status FROM review_cycles');
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

  scorecards(
    ids: readonly string[],
  ): Promise<{ id: string; account_id: string; period: string; cycle_id: string; scorecard: string }[]> {
    const p = this.params();
    return this.dataSource.query(
      `SELECT id, account_id, period, cycle_id, scorecard FROM cycle_scores WHERE id IN (${p.list(ids)})`,
      p.values,
    );
  }

  /**
   * Replaces the projection of these cycle scores and clears their dirty rows — only those still carrying
   * the token read, so a score rewritten meanwhile stays queued.
   */
  replaceKpiScores(
    done: readonly { cycle_score_id: string; token: string }[],
    rows: readonly KpiRow[],
  ): Promise<void> {
    return this.unitOfWork.transaction(async (manager) => {
      const ids = done.map((d) => d.cycle_score_id);
      for (let i = 0; i < ids.length; i += 500) {
        const p = this.params();
        await manager.query(
          `DELETE FROM dashboard_kpi_scores WHERE cycle_score_id IN (${p.list(ids.slice(i, i + 500))})`,
          p.values,
        );
      }
      await bulkInsert(
        manager,
        'dashboard_kpi_scores',
        KPI_SCORE_COLUMNS,
        rows.map((r) => [
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
