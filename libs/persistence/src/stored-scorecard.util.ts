/**
 * A stored cycle scorecard (`cycle_scores.scorecard`) with its KPI definitions put back: scorecards are
 * stored without the `definition` of each KPI, which is kept once per set in `scorecard_definitions`
 * (`cycle_scores.definitions` names it). Scorecards stored before that keep their definitions inline
 * and come back as they are. Readers get the scorecard exactly as the scoring engine returned it.
 */
export function storedScorecard(scorecard: string, definitions: string | null | undefined): unknown {
  const card = JSON.parse(scorecard) as { kpis?: { kpi?: string }[] };
  if (!definitions || !Array.isArray(card.kpis)) return card;
  const byKpi = JSON.parse(definitions) as Record<string, unknown>;
  return {
    ...card,
    // `definition` right after `kpi`, where the engine puts it.
    kpis: card.kpis.map((k) => ({ kpi: k.kpi, definition: byKpi[k.kpi ?? ''] ?? null, ...k })),
  };
}
