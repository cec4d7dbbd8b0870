/**
 * @keyscore/workflow — review-cycle workflows: the pure core (definitions, validation, transition) and the
 * built-in workflow documents. The Nest runtime that persists instances and executes effects lives apart.
 */
export * from './core';
export { BUILTIN_WORKFLOWS, builtinWorkflow } from './builtin-workflows';
