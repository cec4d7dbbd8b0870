/** Every BullMQ queue Keyscore uses. */
export enum QueueName {
  Metrics = 'metrics',
  Connectors = 'connectors',
}

/** Every job name, each owned by exactly one queue and handled by exactly one @JobHandler. */
export enum JobName {
  MetricsRollup = 'metrics.rollup',
  ConnectorPull = 'connectors.pull',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.MetricsRollup]: QueueName.Metrics,
  [JobName.ConnectorPull]: QueueName.Connectors,
};

/** Payloads carry ids only; the state they refer to lives in the database. */
export interface JobPayloads {
  [JobName.MetricsRollup]: { accountId: string; metricKey: string; year: number; quarter: number };
  [JobName.ConnectorPull]: { connectorKey: string };
}
