/** The body of every error answer (documented on every operation). */
export const errorResponseSchema = {
  $id: 'keyscore:error-response',
  title: 'Error',
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code.' },
    message: { type: 'string', description: "Message in the caller's language (Accept-Language or ?lang=)." },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'message'],
        properties: {
          pointer: {
            type: 'string',
            description: 'RFC 6901 JSON pointer into the request, e.g. /body/code.',
          },
          message: { type: 'string' },
        },
      },
    },
    requestId: { type: 'string' },
  },
} as const;
