import type { AnySchema } from 'ajv';
import { checkDashboard, dashboardDocumentSchema, type DashboardDocument } from '@keyscore/dashboards';
import { checkDataSchema, checkForm, formDocumentSchema, type FormDocument } from '@keyscore/forms';
import type { FieldError } from '@keyscore/i18n';
import {
  checkScorecardTemplate,
  kpiDefinitionSchema,
  publishedPins,
  resolveScorecard,
  scorecardTemplateSchema,
  scoringLibrary,
  validateKpis,
  type DefinitionPin,
  type KpiDefinition,
  type PublishedDefinition,
  type PublishedDefinitions,
  type ScorecardTemplate,
} from '@keyscore/scoring';
import { validateWorkflow, workflowDefinitionSchema, type WorkflowDefinition } from '@keyscore/workflow';

/** The latest published version of each document of some kinds, by kind. */
export type PublishedLibrary = ReadonlyMap<string, readonly PublishedDefinition<unknown>[]>;

/** The published KPIs and templates of a library, as scoring takes them. */
function definitions(published: PublishedLibrary): PublishedDefinitions {
  return {
    kpis: (published.get('kpi') ?? []) as PublishedDefinition<KpiDefinition>[],
    templates: (published.get('scorecard_template') ?? []) as PublishedDefinition<ScorecardTemplate>[],
  };
}

/** One kind of document: its JSON Schema and, beyond the schema, the checks of its meaning. */
export interface DocumentKind {
  kind: string;
  schema: AnySchema;
  /**
   * Meaning checks (formulas, references) once the schema holds; pointers are into the document.
   * `published` holds the latest published versions of the kinds the kind `reads`.
   */
  check?: (content: unknown, published: PublishedLibrary) => FieldError[];
  /** Kinds whose latest published (not archived) documents its check may refer to. */
  reads?: readonly string[];
  /**
   * The published documents (of `published`) a version of this content depends on: recorded with the
   * version at publication, so whatever uses the version uses exactly those.
   */
  pins?: (content: unknown, published: PublishedLibrary) => DefinitionPin[];
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
  // Checked on the scorecard it resolves to over the built-in library with the published KPIs and
  // templates on top; the published ones it uses are pinned into the version.
  scorecard_template: {
    kind: 'scorecard_template',
    schema: scorecardTemplateSchema,
    reads: ['kpi', 'scorecard_template'],
    check: (content, published) => {
      const library = scoringLibrary(definitions(published));
      return checkScorecardTemplate(content as ScorecardTemplate, {
        kpis: [...library.kpis.values()],
        templates: [...library.templates.values()],
      });
    },
    pins: (content, published) => {
      const template = content as ScorecardTemplate;
      const own = definitions(published);
      const library = scoringLibrary(own);
      const templates = new Map(library.templates).set(template.key, template);
      const { scorecard } = resolveScorecard(template.key, { templates, kpis: library.kpis });
      return scorecard ? publishedPins(scorecard, own) : [];
    },
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
