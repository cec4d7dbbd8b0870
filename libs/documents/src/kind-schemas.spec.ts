import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { KIND_SCHEMA_FILES } from './kind-schemas';
import { kindSchemaText, SCHEMAS_DIR } from './write-kind-schemas';

describe('schemas/ (one JSON Schema per document kind)', () => {
  it.each(KIND_SCHEMA_FILES.map((f) => [f.file, f.schema] as const))(
    '%s is up to date (run `npm run schemas` after changing a schema)',
    (file, schema) => {
      expect(readFileSync(join(SCHEMAS_DIR, file), 'utf8')).toBe(kindSchemaText(schema));
    },
  );

  it.each(KIND_SCHEMA_FILES.map((f) => [f.file, f.schema] as const))(
    '%s compiles, has titles in both languages, and its examples are valid',
    (_file, schema) => {
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      expect(schema.title).toEqual(expect.any(String));
      expect(schema['x-zh-CN'].title).toMatch(/[\u4e00-\u9fff]/);
      for (const example of schema.examples) {
        validate(example);
        expect(validate.errors ?? []).toEqual([]);
      }
    },
  );
});
