export * from './entities';
export * from './migrations';
export * from './data-source-options';
export * from './run-migrations';
export * from './persistence.module';
export * from './unit-of-work';
export * from './is-unique-violation.util';
export * from './bulk-insert.util';
