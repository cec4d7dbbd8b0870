export * from './builtin-metrics';
export * from './builtin-kpis';
export * from './builtin-templates';
