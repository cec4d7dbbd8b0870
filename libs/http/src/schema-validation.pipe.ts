import { Body, Query, type PipeTransform } from '@nestjs/common';
import type { AnySchema, ValidateFunction } from 'ajv';
import { localizeAjvErrors } from '@keyscore/i18n';
import { ValidationException } from './app.exception';
import { ajv } from './ajv';
import { coerceQuery } from './coerce-query.util';

export const BODY_SCHEMA_METADATA = 'keyscore:body-schema';
export const QUERY_SCHEMA_METADATA = 'keyscore:query-schema';

/**
 * The validation pipe of the HTTP boundary: validates a body or query string against a JSON Schema and
 * answers 422 with every field at fault, each with its JSON pointer (`/body/...`, `/query/...`).
 */
export class SchemaValidationPipe implements PipeTransform {
  private readonly validate: ValidateFunction;

  constructor(
    private readonly schema: AnySchema,
    private readonly where: 'body' | 'query',
  ) {
    this.validate = ajv.compile(schema);
  }

  transform(value: unknown): unknown {
    // A body is parsed anew for each request and read by nothing but its handler, so ajv fills the
    // schema's defaults into it directly (copying it first cost ~20 µs per public survey answer).
    const input =
      this.where === 'query'
        ? coerceQuery(this.schema as object, (value ?? {}) as Record<string, unknown>)
        : value;
    if (!this.validate(input))
      throw new ValidationException(localizeAjvErrors(this.validate.errors, `/${this.where}`));
    return input;
  }
}

/** `@ValidBody(schema)`: the body, validated; the schema also documents the route in OpenAPI. */
export function ValidBody(schema: AnySchema): ParameterDecorator {
  return (target, key, index) => {
    if (key !== undefined)
      Reflect.defineMetadata(BODY_SCHEMA_METADATA, schema, (target as Record<string | symbol, object>)[key]!);
    Body(new SchemaValidationPipe(schema, 'body'))(target, key, index);
  };
}

/** `@ValidQuery(schema)`: the query string, coerced and validated; documented in OpenAPI. */
export function ValidQuery(schema: AnySchema): ParameterDecorator {
  return (target, key, index) => {
    if (key !== undefined)
      Reflect.defineMetadata(
        QUERY_SCHEMA_METADATA,
        schema,
        (target as Record<string | symbol, object>)[key]!,
      );
    Query(new SchemaValidationPipe(schema, 'query'))(target, key, index);
  };
}
