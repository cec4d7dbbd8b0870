export * from './actor-context';
export * from './audit-hash.util';
export * from './audit.repository';
export * from './audit.service';
export * from './audit.module';
