/**
 * A stored cycle scorecard (`cycle_scores.scorecard`) with its KPI definitions put back: scorecards are
 * stored without the `definition` of each KPI, which is kept once per set in `scorecard_definitions`
 * (`cycle_scores.definitions` names it). Scorecards stored before that keep their definitions inline
 * and come back as they are. Readers get the scorecard exactly as the scoring engine returned it; a
 * scorecard that names a set (`hash`) whose content is missing throws.
 */
export function storedScorecard(
  scorecard: string,
  hash: string | null,
  definitions: string | null | undefined,
): unknown {
  // Never a scorecard without its definitions: a named set is written with the first score using it.
  if (hash && !definitions) throw new Error(`scorecard definitions ${hash} are missing`);
  const card = JSON.parse(scorecard) as { kpis?: { kpi?: string }[] };
  if (!definitions || !Array.isArray(card.kpis)) return card;
  const byKpi = JSON.parse(definitions) as Record<string, unknown>;
  return {
    ...card,
    // `definition` right after `kpi`, where the engine puts it.
    kpis: card.kpis.map((k) => ({ kpi: k.kpi, definition: byKpi[k.kpi ?? ''] ?? null, ...k })),
  };
}
