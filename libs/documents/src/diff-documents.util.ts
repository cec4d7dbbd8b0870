import { escapePointerToken } from '@keyscore/i18n';

export interface DocumentChange {
  op: 'add' | 'remove' | 'replace';
  /** RFC 6901 pointer into the document. */
  path: string;
  from?: unknown;
  to?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What changed between two versions of a JSON document, as a list of pointer-addressed changes (objects
 * by key, arrays by index), in a stable order — what an admin needs to review a new version.
 */
export function diffDocuments(before: unknown, after: unknown, path = ''): DocumentChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const at = `${path}/${escapePointerToken(key)}`;
      if (!(key in after)) return [{ op: 'remove' as const, path: at, from: before[key] }];
      if (!(key in before)) return [{ op: 'add' as const, path: at, to: after[key] }];
      return diffDocuments(before[key], after[key], at);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: DocumentChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      const at = `${path}/${i}`;
      if (i >= after.length) changes.push({ op: 'remove', path: at, from: before[i] });
      else if (i >= before.length) changes.push({ op: 'add', path: at, to: after[i] });
      else changes.push(...diffDocuments(before[i], after[i], at));
    }
    return changes;
  }
  return Object.is(before, after) ? [] : [{ op: 'replace', path: path || '', from: before, to: after }];
}
