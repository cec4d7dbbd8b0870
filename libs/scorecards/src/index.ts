export * from './builtin-library';
export * from './scorecard-input.util';
export * from './scorecards.schemas';
export * from './scorecards.repository';
export * from './scorecards.service';
export * from './scorecards.module';
