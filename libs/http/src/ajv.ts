import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The one ajv instance of the HTTP boundary: JSON Schema 2020-12, formats, all errors (a form shows every
 * bad field at once). It caches compiled validators by schema object.
 */
export const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true });
addFormats(ajv);
