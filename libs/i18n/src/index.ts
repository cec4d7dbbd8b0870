export * from './locale';
export * from './localize-ajv-errors';
