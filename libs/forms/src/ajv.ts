import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The module's own ajv instance (the options of the HTTP boundary, without useDefaults: a form's
 * `default` is a pre-filled value when rendering, never something validation writes into the data).
 * Admin data schemas are removed from its cache right after compiling, so compiled forms own their
 * validators and an evicted form leaves nothing behind.
 */
export const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
