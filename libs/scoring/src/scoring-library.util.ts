import { BUILTIN_KPIS } from './builtin/builtin-kpis';
import { BUILTIN_TEMPLATES } from './builtin/builtin-templates';
import type { KpiDefinition } from './kpi.schema';
import type { ResolvedScorecard } from './resolve-scorecard.util';
import type { ScorecardTemplate } from './template.schema';

/** A published version of a KPI or template document, as the document store keeps it. */
export interface PublishedDefinition<T> {
  readonly key: string;
  readonly version: number;
  readonly content: T;
}

/** The published KPIs and templates a scorecard may use (each at one version). */
export interface PublishedDefinitions {
  readonly kpis?: readonly PublishedDefinition<KpiDefinition>[];
  readonly templates?: readonly PublishedDefinition<ScorecardTemplate>[];
}

/** What templates resolve against: KPIs and templates by key. */
export interface ScoringLibrary {
  readonly kpis: ReadonlyMap<string, KpiDefinition>;
  readonly templates: ReadonlyMap<string, ScorecardTemplate>;
}

/** A published definition a scorecard depends on, as a template version pins it. */
export interface DefinitionPin {
  readonly kind: 'kpi' | 'scorecard_template';
  readonly key: string;
  readonly version: number;
}

/**
 * The built-in library with published definitions on top: a published KPI or template replaces a
 * built-in one of the same key, and carries its published version (so traces and chains name it).
 */
export function scoringLibrary(published: PublishedDefinitions = {}): ScoringLibrary {
  const kpis = new Map<string, KpiDefinition>(BUILTIN_KPIS.map((k) => [k.key, k]));
  const templates = new Map<string, ScorecardTemplate>(BUILTIN_TEMPLATES.map((t) => [t.key, t]));
  for (const p of published.kpis ?? []) kpis.set(p.key, { ...p.content, key: p.key, version: p.version });
  for (const p of published.templates ?? [])
    templates.set(p.key, { ...p.content, key: p.key, version: p.version });
  return { kpis, templates };
}

/**
 * The published definitions (of `published`) that a resolved scorecard depends on: the templates of its
 * chain other than its own, the KPIs it weighs and the KPIs those refer to. Built-in ones are not pins:
 * they change only with the code, which keeps them at version 1 or gives them a new one.
 */
export function publishedPins(
  scorecard: ResolvedScorecard,
  published: PublishedDefinitions,
): DefinitionPin[] {
  const pins: DefinitionPin[] = [];
  const kpiVersions = new Map((published.kpis ?? []).map((p) => [p.key, p.version]));
  const templateVersions = new Map((published.templates ?? []).map((p) => [p.key, p.version]));
  for (const ref of scorecard.chain.slice(0, -1)) {
    if (templateVersions.get(ref.key) === ref.version)
      pins.push({ kind: 'scorecard_template', key: ref.key, version: ref.version });
  }
  const seen = new Set<string>();
  for (const kpi of [...scorecard.entries.map((e) => e.kpi), ...scorecard.references]) {
    if (seen.has(kpi.key)) continue;
    seen.add(kpi.key);
    const version = kpiVersions.get(kpi.key);
    if (version !== undefined && kpi.version === version) pins.push({ kind: 'kpi', key: kpi.key, version });
  }
  return pins;
}
