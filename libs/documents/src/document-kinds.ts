import type { AnySchema } from 'ajv';
import { checkDashboard, dashboardDocumentSchema, type DashboardDocument } from '@keyscore/dashboards';
import { checkDataSchema, checkForm, formDocumentSchema, type FormDocument } from '@keyscore/forms';
import type { FieldError } from '@keyscore/i18n';
import {
  checkScorecardTemplate,
  kpiDefinitionSchema,
  scorecardTemplateSchema,
  validateKpis,
  type KpiDefinition,
  type ScorecardTemplate,
} from '@keyscore/scoring';
import { validateWorkflow, workflowDefinitionSchema, type WorkflowDefinition } from '@keyscore/workflow';

/** One kind of document: its JSON Schema and, beyond the schema, the checks of its meaning. */
export interface DocumentKind {
  kind: string;
  schema: AnySchema;
  /** Meaning checks (formulas, references) once the schema holds; pointers are into the document. */
  check?: (content: unknown) => FieldError[];
  /**
   * A schema the document carries for ajv to compile later (a form's data schema), against the restricted
   * meta-schema. Failing it is refused at once (400) on every write, even of a draft.
   */
  embeddedSchemaCheck?: (content: unknown) => FieldError[];
}

/**
 * The document kinds the store accepts. The dashboard kind joins here with its issue; each needs only a
 * schema (and optionally a meaning check).
 */
export const DOCUMENT_KINDS: Record<string, DocumentKind> = {
  kpi: {
    kind: 'kpi',
    schema: kpiDefinitionSchema,
    check: (content) =>
      validateKpis([content as KpiDefinition]).map((issue) => ({
        // validateKpis points into a list of KPIs (/0/...); a document is one KPI.
        pointer: issue.pointer.replace(/^\/0(?=\/|$)/, ''),
        message: issue.message,
      })),
  },
  // Checked on the scorecard it resolves to over the built-in library (what scoring uses today).
  scorecard_template: {
    kind: 'scorecard_template',
    schema: scorecardTemplateSchema,
    check: (content) => checkScorecardTemplate(content as ScorecardTemplate),
  },
  // A form's data schema passes the restricted meta-schema inside checkForm before ajv compiles it.
  form: {
    kind: 'form',
    schema: formDocumentSchema,
    check: (content) => checkForm(content as FormDocument),
    embeddedSchemaCheck: (content) => {
      const dataSchema = (content as { dataSchema?: unknown } | null)?.dataSchema;
      return dataSchema === undefined ? [] : checkDataSchema(dataSchema, '/dataSchema');
    },
  },
  workflow: {
    kind: 'workflow',
    schema: workflowDefinitionSchema,
    check: (content) => validateWorkflow(content as WorkflowDefinition),
  },
  dashboard: {
    kind: 'dashboard',
    schema: dashboardDocumentSchema,
    check: (content) => checkDashboard(content as DashboardDocument),
  },
};
