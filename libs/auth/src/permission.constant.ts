import type { Role } from '@keyscore/persistence';

/** Everything an endpoint can require. Every route declares one (or @Public); the guard denies the rest. */
export enum Permission {
  DirectoryRead = 'directory:read',
  DirectoryWrite = 'directory:write',
  AccountsRead = 'accounts:read',
  AccountsWrite = 'accounts:write',
  MetricsRead = 'metrics:read',
  MetricValuesRead = 'metric-values:read',
  MetricValuesReadSealed = 'metric-values:read-sealed',
  MetricValuesWrite = 'metric-values:write',
  UsersManage = 'users:manage',
  ApiKeysManage = 'api-keys:manage',
  WebhooksManage = 'webhooks:manage',
  ConnectorsManage = 'connectors:manage',
  ScoresRead = 'scores:read',
  DocumentsRead = 'documents:read',
  DocumentsWrite = 'documents:write',
  TargetsWrite = 'targets:write',
  ContributionsWrite = 'contributions:write',
  AdjustmentsPropose = 'adjustments:propose',
  AdjustmentsApprove = 'adjustments:approve',
  AuditRead = 'audit:read',
  CyclesRead = 'cycles:read',
  CyclesManage = 'cycles:manage',
  /** The inbox: see and act on one's own workflow tasks (acting is further limited to the assignee). */
  TasksWork = 'tasks:work',
  ScoresDispute = 'scores:dispute',
  SurveysManage = 'surveys:manage',
  /** Fill in and submit published forms (drafts included) as oneself. */
  FormsSubmit = 'forms:submit',
  NotificationsRead = 'notifications:read',
  SystemRead = 'system:read',
}

const READ = [
  Permission.DirectoryRead,
  Permission.AccountsRead,
  Permission.MetricsRead,
  Permission.MetricValuesRead,
  Permission.ScoresRead,
  Permission.DocumentsRead,
];

/**
 * What each role may do. Reads of accounts and their values are further scoped: account managers see
 * their own accounts, reviewers those of the people who report to them (see AccountScope).
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: Object.values(Permission),
  reviewer: [
    ...READ,
    Permission.AdjustmentsPropose,
    Permission.CyclesRead,
    Permission.TasksWork,
    Permission.FormsSubmit,
    Permission.NotificationsRead,
  ],
  account_manager: [
    ...READ,
    Permission.TasksWork,
    Permission.FormsSubmit,
    Permission.ScoresDispute,
    Permission.NotificationsRead,
  ],
  viewer: [...READ, Permission.NotificationsRead],
};

/** Permissions an API key may be given (IT integrations). */
export const API_KEY_PERMISSIONS = [
  Permission.AccountsRead,
  Permission.MetricsRead,
  Permission.MetricValuesRead,
  Permission.MetricValuesWrite,
] as const;
