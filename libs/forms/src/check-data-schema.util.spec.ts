import { checkDataSchema } from './check-data-schema.util';

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});

/** Nests `{ type: 'object', properties: { a: … } }` n levels deep. */
function nested(levels: number): Record<string, unknown> {
  let s: Record<string, unknown> = { type: 'string' };
  for (let i = 1; i < levels; i++) s = obj({ a: s });
  return s;
}

describe('checkDataSchema', () => {
  it('accepts a schema made of the allowed keywords', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://example.com/visit.json',
      type: 'object',
      title: '拜访',
      additionalProperties: false,
      required: ['score'],
      'x-owner': 'sales-ops',
      $defs: { score: { type: 'integer', minimum: 1, maximum: 5 } },
      properties: {
        score: { $ref: '#/$defs/score' },
        phone: { type: 'string', pattern: '^1[3-9]\\d{9}$', maxLength: 11 },
        email: { type: 'string', format: 'email' },
        when: { type: ['string', 'null'], format: 'date' },
        tags: { type: 'array', items: { enum: ['a', 'b'] }, uniqueItems: true, maxItems: 2 },
        share: { type: 'number', exclusiveMinimum: 0, maximum: 100, multipleOf: 0.01 },
        kind: { oneOf: [{ const: 'x' }, { const: 'y' }] },
      },
    };
    expect(checkDataSchema(schema)).toEqual([]);
  });

  it.each([
    [
      'a remote $ref',
      obj({ a: { $ref: 'https://evil.example/s.json' } }),
      '/properties/a/$ref',
      'local references',
    ],
    [
      'a $ref into another place',
      obj({ a: { $ref: '#/properties/b' } }),
      '/properties/a/$ref',
      'local references',
    ],
    [
      'a $ref to a missing definition',
      obj({ a: { $ref: '#/$defs/nope' } }),
      '/properties/a/$ref',
      'does not exist',
    ],
    [
      'an exponential pattern',
      obj({ a: { type: 'string', pattern: '(a+)+$' } }),
      '/properties/a/pattern',
      'repeats a repetition',
    ],
    [
      'a backreference',
      obj({ a: { type: 'string', pattern: '(a)\\1' } }),
      '/properties/a/pattern',
      'Backreferences',
    ],
    [
      'a lookbehind',
      obj({ a: { type: 'string', pattern: '(?<=x)y' } }),
      '/properties/a/pattern',
      'Lookbehinds',
    ],
    [
      'a pattern that is not a RegExp',
      obj({ a: { type: 'string', pattern: '(' } }),
      '/properties/a/pattern',
      'not a valid',
    ],
    [
      'an unknown keyword',
      obj({ a: { type: 'string', if: { const: 'x' } } }),
      '/properties/a/if',
      'unsupported keyword if',
    ],
    [
      'patternProperties',
      obj({}, { patternProperties: { '.*': {} } }),
      '/patternProperties',
      'unsupported keyword',
    ],
    [
      'an unknown format',
      obj({ a: { type: 'string', format: 'ipv4' } }),
      '/properties/a/format',
      'Unsupported format ipv4',
    ],
    ['a non-object root', { type: 'array' }, '/type', 'root of the data schema'],
    ['too deep', nested(13), '', 'nested too deeply (13 levels'],
    ['too big', obj({ a: { type: 'string', description: 'x'.repeat(70_000) } }), '', 'too large'],
    [
      'too many properties',
      obj(Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`p${i}`, { type: 'string' }]))),
      '/properties/p200',
      'Too many properties',
    ],
    [
      'too many branches',
      obj({ a: { anyOf: Array.from({ length: 11 }, () => ({ type: 'string' })) } }),
      '/properties/a/anyOf',
      '1 to 10',
    ],
    [
      'a __proto__ property',
      JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}'),
      '/properties/__proto__',
      'not allowed',
    ],
    ['a nested $defs', obj({ a: { $defs: { x: {} } } }), '/properties/a/$defs', 'only allowed at the root'],
    ['a nested $id', obj({ a: { $id: 'x' } }), '/properties/a/$id', 'only be a string at the root'],
    [
      'another draft',
      { type: 'object', $schema: 'http://json-schema.org/draft-07/schema#' },
      '/$schema',
      '$schema may only be',
    ],
    ['a bad type', obj({ a: { type: 'text' } }), '/properties/a/type', 'JSON type name'],
    [
      'a $ref cycle',
      {
        type: 'object',
        $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } },
        properties: { x: { $ref: '#/$defs/a' } },
      },
      '/$defs/b/$ref',
      'in a cycle',
    ],
    [
      'refs that multiply',
      {
        type: 'object',
        $defs: Object.fromEntries(
          Array.from({ length: 6 }, (_, i) => [
            `d${i}`,
            i === 5
              ? { type: 'string' }
              : { allOf: Array.from({ length: 10 }, () => ({ $ref: `#/$defs/d${i + 1}` })) },
          ]),
        ),
        properties: { x: { $ref: '#/$defs/d0' } },
      },
      '',
      'sub-schemas, at most 5000',
    ],
  ])('refuses %s', (_name, schema, ptr, message) => {
    const errors = checkDataSchema(schema);
    expect(errors).toContainEqual({
      pointer: ptr,
      message: expect.objectContaining({ en: expect.stringContaining(message) }),
    });
    for (const e of errors) expect(e.message['zh-CN']).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('prefixes pointers with the root it is given', () => {
    expect(checkDataSchema(obj({ a: { type: 'string', pattern: '(a*)*' } }), '/dataSchema')[0].pointer).toBe(
      '/dataSchema/properties/a/pattern',
    );
  });

  it('accepts twelve levels and x- annotations anywhere', () => {
    const schema = nested(12);
    (schema as Record<string, unknown>)['x-zh-CN'] = { title: '嵌套' };
    expect(checkDataSchema(schema)).toEqual([]);
  });

  it('does not throw on values that are not JSON', () => {
    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic.properties = { a: cyclic };
    expect(checkDataSchema(cyclic)[0].message.en).toContain('JSON object');
    expect(checkDataSchema(undefined)[0].pointer).toBe('');
    expect(checkDataSchema({ type: 'object', properties: { a: { minimum: 10n } } }).length).toBe(1);
  });
});
