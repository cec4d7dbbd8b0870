import type { ConsolePage } from '../console-page';
import { apiKeysPage } from './api-keys.page';
import { auditPage } from './audit.page';
import { connectorsPage } from './connectors.page';
import { kpisPage } from './kpis.page';
import { scorecardTemplatePage } from './scorecard-template.page';
import { usersPage } from './users.page';

/** Administration: KPIs and scorecard templates, connectors, API keys and webhooks, the audit log, users. */
export const ADMIN_PAGES: readonly ConsolePage[] = [
  kpisPage,
  scorecardTemplatePage,
  connectorsPage,
  apiKeysPage,
  auditPage,
  usersPage,
];
