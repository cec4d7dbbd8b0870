import { SetMetadata } from '@nestjs/common';

export const API_OPERATION_METADATA = 'keyscore:api-operation';

export interface ApiOperationOptions {
  summary: string;
  tags: string[];
  /** Response schemas by status; the error shape is added to every operation. */
  responses?: Record<number, { description: string; schema?: object }>;
}

/** Documents a route in the OpenAPI document (request schemas come from @ValidBody / @ValidQuery). */
export const ApiOperation = (options: ApiOperationOptions) => SetMetadata(API_OPERATION_METADATA, options);
