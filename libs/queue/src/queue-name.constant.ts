/** Every BullMQ queue Keyscore uses. */
export enum QueueName {
  Metrics = 'metrics',
  Connectors = 'connectors',
  Workflow = 'workflow',
  Notifications = 'notifications',
  Surveys = 'surveys',
}

/** Every job name, each owned by exactly one queue and handled by exactly one @JobHandler. */
export enum JobName {
  MetricsRollup = 'metrics.rollup',
  ConnectorPull = 'connectors.pull',
  WorkflowStart = 'workflow.start',
  WorkflowEffect = 'workflow.effect',
  WorkflowTimer = 'workflow.timer',
  CycleLaunched = 'cycles.launched',
  NotificationDeliver = 'notifications.deliver',
  SurveyRollup = 'surveys.rollup',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.MetricsRollup]: QueueName.Metrics,
  [JobName.ConnectorPull]: QueueName.Connectors,
  [JobName.WorkflowStart]: QueueName.Workflow,
  [JobName.WorkflowEffect]: QueueName.Workflow,
  [JobName.WorkflowTimer]: QueueName.Workflow,
  [JobName.CycleLaunched]: QueueName.Workflow,
  [JobName.NotificationDeliver]: QueueName.Notifications,
  [JobName.SurveyRollup]: QueueName.Surveys,
};

/** Payloads carry ids only; the state they refer to lives in the database. */
export interface JobPayloads {
  [JobName.MetricsRollup]: { accountId: string; metricKey: string; year: number; quarter: number };
  [JobName.ConnectorPull]: { connectorKey: string };
  /** Starts instances, a launch's batch at a time (the reconciler adds one job per instance). */
  [JobName.WorkflowStart]: { instanceIds: string[] };
  [JobName.WorkflowEffect]: { effectId: string };
  [JobName.WorkflowTimer]: { effectId: string };
  /** The parent of a launch's fan-out flow: runs once every instance of the cycle has started. */
  [JobName.CycleLaunched]: { cycleId: string };
  [JobName.NotificationDeliver]: { notificationId: string };
  /** Recomputes one account's roll-up of a survey campaign into metric values. */
  [JobName.SurveyRollup]: { campaignId: string; accountId: string };
}
