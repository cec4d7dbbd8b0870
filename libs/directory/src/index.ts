export * from './directory.schemas';
export * from './directory.exception';
export * from './directory.repository';
export * from './directory.service';
export * from './directory.module';
