export * from './canonical-json.util';
export * from './diff-documents.util';
export * from './document-kinds';
export * from './documents.exception';
export * from './documents.schemas';
export * from './documents.repository';
export * from './documents.service';
export * from './documents.module';
