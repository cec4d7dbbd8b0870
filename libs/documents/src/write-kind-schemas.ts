/**
 * Writes schemas/*.schema.json from the schemas the code validates with: `npm run schemas`.
 * (The spec beside KIND_SCHEMA_FILES fails when a checked-in file is out of date.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_SCHEMA_FILES } from './kind-schemas';

export const SCHEMAS_DIR = join(__dirname, '..', '..', '..', 'schemas');

export function kindSchemaText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  for (const { file, schema } of KIND_SCHEMA_FILES) {
    writeFileSync(join(SCHEMAS_DIR, file), kindSchemaText(schema));
    console.log(`schemas/${file}`);
  }
}
