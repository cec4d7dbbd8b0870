/**
 * @keyscore/scoring — pure scoring of key accounts: KPI definitions and scorecard templates as data,
 * template resolution, per-KPI scoring with traces, weighted roll-up with re-normalisation, gates,
 * rolling windows and deferral, contribution split, adjustments and what-if, calibration.
 */
export * from './bilingual';
export * from './kpi.schema';
export * from './template.schema';
export * from './input.types';
export * from './period.util';
export * from './round.util';
export * from './rating.util';
export * from './validate-kpis.util';
export * from './validate-adjustment.util';
export * from './resolve-scorecard.util';
export * from './check-template.util';
export * from './scoring-library.util';
export * from './prepare-scorecard.util';
export * from './score-rule.util';
export * from './score.types';
export * from './score-account.util';
export * from './what-if.util';
export * from './contribution.util';
export * from './calibration.util';
export * from './builtin';
