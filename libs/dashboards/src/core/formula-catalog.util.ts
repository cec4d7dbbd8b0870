import { BUILTIN_FUNCTIONS, type Category, type FunctionDef, type ParamType } from '@keyscore/formula';
import type { Bilingual } from '@keyscore/i18n';
import { DATASET_KEYS, type DatasetKey } from './dashboard.schema';
import { DATASETS } from './datasets';

export interface CatalogParam {
  readonly name: string;
  readonly type: ParamType;
  readonly optional: boolean;
  /** A column: evaluated for every row of the dataset and reduced (the fields go inside). */
  readonly column: boolean;
  readonly description: Bilingual;
}

export interface CatalogFunction {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly category: Category;
  /** `ROUND(number, [digits])`, `SUM(values, …)`. */
  readonly signature: string;
  readonly params: readonly CatalogParam[];
  readonly description: Bilingual;
  readonly example: string | null;
}

export interface CatalogField {
  readonly name: string;
  readonly type: 'number' | 'text';
  readonly label: Bilingual;
  /** A field to group by. */
  readonly dimension: boolean;
}

export interface FormulaCatalog {
  readonly datasets: readonly { key: DatasetKey; label: Bilingual; description: Bilingual }[];
  readonly dataset: DatasetKey | null;
  /** The dataset's fields (none without a dataset). */
  readonly fields: readonly CatalogField[];
  readonly functions: readonly CatalogFunction[];
}

/** `NAME(a, [b])`, with `…` after the parameters that repeat. */
export function signatureOf(def: FunctionDef): string {
  const params = def.params.map((p) => (p.optional ? `[${p.name}]` : p.name));
  if (def.repeat) params.push('…');
  return `${def.name}(${params.join(', ')})`;
}

function describe(def: FunctionDef): CatalogFunction {
  return {
    name: def.name,
    aliases: def.aliases ?? [],
    category: def.category,
    signature: signatureOf(def),
    params: def.params.map((p) => ({
      name: p.name,
      type: p.type,
      optional: p.optional ?? false,
      column: p.column ?? false,
      description: p.description,
    })),
    description: def.description,
    example: def.example ?? null,
  };
}

const FUNCTIONS: readonly CatalogFunction[] = [...BUILTIN_FUNCTIONS]
  .map(describe)
  .sort((a, b) => a.name.localeCompare(b.name));

/**
 * What a formula editor may suggest: the datasets, the fields of one of them (with their types and
 * names in both languages) and every function of the formula registry with its signature and
 * description. Built from the same DATASETS and registry the checker uses, so a suggestion always checks.
 */
export function formulaCatalog(dataset?: DatasetKey | null): FormulaCatalog {
  const def = dataset ? DATASETS[dataset] : null;
  return {
    datasets: DATASET_KEYS.map((key) => ({
      key,
      label: DATASETS[key].label,
      description: DATASETS[key].description,
    })),
    dataset: def ? def.key : null,
    fields: def
      ? Object.entries(def.fields).map(([name, f]) => ({
          name,
          type: f.type,
          label: f.label,
          dimension: f.dimension ?? false,
        }))
      : [],
    functions: FUNCTIONS,
  };
}
