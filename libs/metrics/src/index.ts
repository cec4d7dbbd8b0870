export * from './period.util';
export * from './rollup.util';
export * from './metrics.schemas';
export * from './metrics.exception';
export * from './metrics.repository';
export * from './metric-values.service';
export * from './rollup.job';
export * from './metrics.module';
