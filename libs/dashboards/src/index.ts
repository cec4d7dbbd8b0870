/**
 * @keyscore/dashboards — dashboards as documents: a grid of widgets over datasets with measures written as
 * formulas, evaluated on the server by @keyscore/formula, cached by data version, drawn with ECharts.
 * `core/` is pure (no framework imports); the rest is the Nest side.
 */
export * from './core/dashboard.schema';
export * from './core/datasets';
export * from './core/check-dashboard.util';
export * from './core/widget-errors';
export * from './core/widget-result';
export * from './core/builtin-dashboards';
export * from './dashboards.schemas';
export * from './dashboards.exception';
export * from './dashboards.service';
export * from './dashboards.module';
