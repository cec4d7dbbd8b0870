import { kpiRowsOf } from './kpi-projection.service';

describe('kpiRowsOf', () => {
  const score = { id: 's1', account_id: 'a1', period: '2026-Q1', cycle_id: 'c1' };

  it('flattens a stored scorecard into one row per KPI', () => {
    const scorecard = JSON.stringify({
      score: 80,
      kpis: [
        {
          kpi: 'churn_rate',
          status: 'scored',
          valueState: 'actual',
          value: 0.05,
          target: 0.03,
          score: 60,
          effectiveWeight: 10,
          contribution: 6,
          definition: { family: 'loyalty', weight: 8 },
        },
        {
          kpi: 'market_share',
          status: 'pending',
          valueState: 'pending',
          value: null,
          score: null,
          effectiveWeight: 0,
          contribution: 0,
        },
      ],
    });
    expect(kpiRowsOf({ ...score, scorecard })).toEqual([
      expect.objectContaining({
        cycle_score_id: 's1',
        kpi: 'churn_rate',
        family: 'loyalty',
        score: 60,
        weight: 8,
        effective_weight: 10,
      }),
      expect.objectContaining({ kpi: 'market_share', status: 'pending', score: null, family: '', weight: 0 }),
    ]);
  });

  it('takes family and weight from the definition set a scorecard names', () => {
    const scorecard = JSON.stringify({ kpis: [{ kpi: 'churn_rate', status: 'scored', score: 60 }] });
    const definitions = JSON.stringify({ churn_rate: { family: 'loyalty', weight: 8 } });
    expect(kpiRowsOf({ ...score, scorecard, definitions_hash: 'h1', definitions })).toEqual([
      expect.objectContaining({ kpi: 'churn_rate', family: 'loyalty', weight: 8, score: 60 }),
    ]);
    // The named set missing: no rows, rather than rows without family and weight.
    expect(kpiRowsOf({ ...score, scorecard, definitions_hash: 'h1', definitions: null })).toEqual([]);
  });

  it('gives nothing for a scorecard that is not JSON', () => {
    expect(kpiRowsOf({ ...score, scorecard: '{' })).toEqual([]);
  });
});
