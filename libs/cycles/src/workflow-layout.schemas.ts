import type { FromSchema } from 'json-schema-to-ts';

export const workflowLayoutSchema = {
  $id: 'keyscore:workflow-layout',
  title: 'A workflow document to draw / 待绘制的流程文档',
  type: 'object',
  additionalProperties: false,
  required: ['document'],
  properties: {
    document: {
      type: 'object',
      description:
        'A workflow document, possibly an unfinished draft: it is drawn as far as its shape allows and checked like a draft.',
      properties: { steps: { type: 'array', maxItems: 200 } },
    },
  },
} as const;
export type WorkflowLayoutBody = FromSchema<typeof workflowLayoutSchema>;
