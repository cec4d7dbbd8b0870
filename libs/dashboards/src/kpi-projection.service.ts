import { Injectable, Logger } from '@nestjs/common';
import { isUniqueViolation, storedScorecard } from '@keyscore/persistence';
import { DashboardsRepository, type KpiRow } from './dashboards.repository';

interface StoredKpi {
  kpi?: string;
  status?: string;
  valueState?: string | null;
  value?: number | null;
  target?: number | null;
  score?: number | null;
  effectiveWeight?: number;
  contribution?: number;
  definition?: { family?: string; weight?: number };
}

const PAGE = 500;

/** One stored scorecard (JSON with its trace, and its KPI definitions when kept apart) as flat KPI rows. */
export function kpiRowsOf(score: {
  id: string;
  account_id: string;
  period: string;
  cycle_id: string;
  scorecard: string;
  definitions_hash?: string | null;
  definitions?: string | null;
}): KpiRow[] {
  let card: { kpis?: StoredKpi[] };
  try {
    card = storedScorecard(score.scorecard, score.definitions_hash ?? null, score.definitions) as {
      kpis?: StoredKpi[];
    };
  } catch {
    // Not JSON, or a named definition set that is missing: no rows rather than KPIs without family and weight.
    return [];
  }
  const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return (card.kpis ?? [])
    .filter((k) => typeof k.kpi === 'string')
    .map((k) => ({
      cycle_score_id: score.id,
      account_id: score.account_id,
      period: score.period,
      cycle_id: score.cycle_id,
      kpi: k.kpi!,
      family: k.definition?.family ?? '',
      status: k.status ?? 'error',
      value_state: k.valueState ?? null,
      score: finite(k.score),
      value: finite(k.value),
      target: finite(k.target),
      weight: finite(k.definition?.weight) ?? 0,
      effective_weight: finite(k.effectiveWeight) ?? 0,
      contribution: finite(k.contribution) ?? 0,
    }));
}

/**
 * Keeps `dashboard_kpi_scores` up to date with `cycle_scores`: a trigger queues every written cycle score
 * in `dashboard_kpi_dirty`; before KPI data is read, the queue is worked off here (each scorecard parsed
 * once, not on every dashboard view). Safe with several processes: a lost race only repeats the work.
 */
@Injectable()
export class KpiProjection {
  private readonly logger = new Logger('Dashboards');
  private running: Promise<void> | null = null;

  constructor(private readonly repository: DashboardsRepository) {}

  /** Works off the queue; concurrent callers in this process share one run. */
  sync(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    for (let pass = 0; pass < 10_000; pass++) {
      const dirty = await this.repository.dirtyScores(PAGE);
      if (!dirty.length) return;
      const cards = await this.repository.scorecards(dirty.map((d) => d.cycle_score_id));
      const rows = cards.flatMap(kpiRowsOf);
      try {
        await this.repository.replaceKpiScores(dirty, rows);
      } catch (error) {
        // Another process projected the same scores first: what it wrote is as good as ours.
        if (!isUniqueViolation(error)) throw error;
        this.logger.debug('KPI projection raced with another process; retrying');
      }
    }
  }
}
