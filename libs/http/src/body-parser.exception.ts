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
        limit: sizeText(parser.limit ?? 0),
      },
    );
  }
  return error;
}

/** 8388608 → "8 MiB", 262144 → "256 KiB". */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
