interface QuerySchema {
  properties?: Record<string, { type?: string | readonly string[] }>;
}

/**
 * Query strings arrive as text; turn the values whose schema says integer, number or boolean into those,
 * and leave anything unparseable as text so validation reports it at its pointer.
 */
export function coerceQuery(schema: QuerySchema, query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, raw] of Object.entries(query)) {
    const type = schema.properties?.[key]?.type;
    const types = typeof type === 'string' ? [type] : (type ?? []);
    out[key] = typeof raw === 'string' ? coerceText(raw, types) : raw;
  }
  return { ...out };
}

function coerceText(raw: string, types: readonly string[]): unknown {
  if (
    (types.includes('integer') || types.includes('number')) &&
    raw.trim() !== '' &&
    Number.isFinite(Number(raw))
  ) {
    return Number(raw);
  }
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}
