import type { Bilingual, FieldError } from '@keyscore/i18n';

/**
 * An error the user can act on: an HTTP status, a stable code, a message in both languages and, for bad
 * input, the fields at fault. Each area subclasses it with its own code enum and messages.
 */
export class AppException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly errors: FieldError[] = [],
    readonly params: Record<string, string | number> = {},
  ) {
    super(text.en);
    this.name = new.target.name;
  }
}

/** Codes shared by every area. */
export enum CommonErrorCode {
  ValidationFailed = 'validation_failed',
  MalformedJson = 'malformed_json',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  NotFound = 'not_found',
  RouteNotFound = 'route_not_found',
  Internal = 'internal_error',
}

export const COMMON_MESSAGES: Record<CommonErrorCode, Bilingual> = {
  [CommonErrorCode.ValidationFailed]: { en: 'The request is not valid.', 'zh-CN': '请求内容不符合要求。' },
  [CommonErrorCode.MalformedJson]: {
    en: 'The request body is not valid JSON.',
    'zh-CN': '请求体不是有效的 JSON。',
  },
  [CommonErrorCode.PayloadTooLarge]: {
    en: 'The request body is too large (limit {limit}).',
    'zh-CN': '请求体过大（上限 {limit}）。',
  },
  [CommonErrorCode.UnsupportedMediaType]: {
    en: 'Send the body as application/json.',
    'zh-CN': '请求体须为 application/json 格式。',
  },
  [CommonErrorCode.NotFound]: { en: '{what} not found.', 'zh-CN': '未找到{what}。' },
  [CommonErrorCode.RouteNotFound]: {
    en: 'No such endpoint: {method} {path}.',
    'zh-CN': '接口不存在：{method} {path}。',
  },
  [CommonErrorCode.Internal]: {
    en: 'Something went wrong on our side; the request id identifies it in the logs.',
    'zh-CN': '服务器内部错误；可凭请求编号在日志中查询。',
  },
};

export class ValidationException extends AppException {
  constructor(errors: FieldError[]) {
    super(422, CommonErrorCode.ValidationFailed, COMMON_MESSAGES[CommonErrorCode.ValidationFailed], errors);
  }
}

/** 404 for a thing the caller named; `what` is the thing's name in both languages. */
export class NotFoundException extends AppException {
  constructor(what: Bilingual, pointer?: string) {
    const text = {
      en: COMMON_MESSAGES[CommonErrorCode.NotFound].en.replace('{what}', what.en),
      'zh-CN': COMMON_MESSAGES[CommonErrorCode.NotFound]['zh-CN'].replace('{what}', what['zh-CN']),
    };
    super(404, CommonErrorCode.NotFound, text, pointer ? [{ pointer, message: text }] : []);
  }
}
