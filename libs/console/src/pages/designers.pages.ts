import type { ConsolePage } from '../console-page';
import { dashboardDesignerPage } from './dashboard-designer.page';
import { dashboardsPage } from './dashboards.page';
import { workflowDesignerPage } from './workflow-designer.page';
import { workflowsPage } from './workflows.page';

/** The designers: workflow documents with their diagram, and dashboards with a formula editor. */
export const DESIGNERS_PAGES: readonly ConsolePage[] = [
  workflowsPage,
  workflowDesignerPage,
  dashboardsPage,
  dashboardDesignerPage,
];
