import { AppException, COMMON_MESSAGES, CommonErrorCode } from './app.exception';

/** What body-parser attaches to the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** body-parser's malformed JSON → 400 pointing at the body; oversize body → 413 naming the limit. */
export function bodyParserException(error: unknown): unknown {
  const parser = error as BodyParserError;
  if (parser?.type === 'entity.parse.failed') {
    return new AppException(
      400,
      CommonErrorCode.MalformedJson,
      COMMON_MESSAGES[CommonErrorCode.MalformedJson],
      [{ pointer: '/body', message: COMMON_MESSAGES[CommonErrorCode.MalformedJson] }],
    );
  }
  if (parser?.type === 'entity.too.large') {
    return new AppException(
      413,
      CommonErrorCode.PayloadTooLarge,
      COMMON_MESSAGES[CommonErrorCode.PayloadTooLarge],
      [],
      {
        limit: `${Math.round((parser.limit ?? 0) / 1024 / 1024)} MiB`,
      },
    );
  }
  return error;
}
