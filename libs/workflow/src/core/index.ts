/** The pure workflow core: definitions as data, their meaning check, and the transition function. */
export * from './workflow.schema';
export * from './instance.types';
export { validateWorkflow } from './validate-workflow.util';
export { transition, initialInstanceState } from './transition';
export { STANDARD_DATA_NAMES, conditionDataNames, conditionHolds } from './instance-data.util';
export { workflowGraph, edgesOf, AUTOMATIC_STEP_TYPES } from './workflow-graph.util';
export type { Edge, ParallelMatch, ParallelProblem, WorkflowGraph } from './workflow-graph.util';
export { STEP_LIMIT } from './instance-run';
export { layoutWorkflow, labelled, DEFAULT_LAYOUT_OPTIONS } from './layout-workflow.util';
export type {
  LayoutEdge,
  LayoutEdgeKind,
  LayoutNode,
  LayoutOptions,
  LayoutPoint,
  WorkflowLayout,
} from './layout-workflow.util';
