import { initialInstanceState, type InstanceState } from '@keyscore/workflow';
import type { WorkflowInstanceEntity } from '@keyscore/persistence';

/** The accounts an instance covers: its subject account, or those listed when it was launched. */
export function instanceAccounts(instance: WorkflowInstanceEntity): string[] {
  if (instance.subjectType === 'account') return [instance.subjectId];
  const data = (JSON.parse(instance.state) as { data?: { account_ids?: unknown } }).data;
  return Array.isArray(data?.account_ids)
    ? data.account_ids.filter((id): id is string => typeof id === 'string')
    : [];
}

/** The state an instance is written with at launch: the core's initial state holding the launch data. */
export function createdState(data: Record<string, unknown>): InstanceState {
  return { ...initialInstanceState(), data: { ...data } };
}
