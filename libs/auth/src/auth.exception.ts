import { formatBilingual, type Bilingual } from '@keyscore/i18n';
import { AppException } from '@keyscore/http';

export enum AuthErrorCode {
  Unauthenticated = 'auth.unauthenticated',
  InvalidCredentials = 'auth.invalid_credentials',
  Forbidden = 'auth.forbidden',
  CsrfHeaderMissing = 'auth.csrf_header_missing',
  RateLimited = 'auth.rate_limited',
  DuplicateEmail = 'auth.duplicate_email',
  UnknownPerson = 'auth.unknown_person',
  MetricKeyOutOfScope = 'auth.metric_key_out_of_scope',
}

const MESSAGES: Record<AuthErrorCode, { status: number; text: Bilingual }> = {
  [AuthErrorCode.Unauthenticated]: {
    status: 401,
    text: {
      en: 'Sign in first, or send a valid bearer token or API key.',
      'zh-CN': '请先登录，或提供有效的令牌或 API 密钥。',
    },
  },
  [AuthErrorCode.InvalidCredentials]: {
    status: 401,
    text: { en: 'Wrong email or password.', 'zh-CN': '邮箱或密码错误。' },
  },
  [AuthErrorCode.Forbidden]: {
    status: 403,
    text: {
      en: 'You are not allowed to do this ({permission}).',
      'zh-CN': '您没有执行此操作的权限（{permission}）。',
    },
  },
  [AuthErrorCode.CsrfHeaderMissing]: {
    status: 403,
    text: {
      en: 'Changes made with a session cookie need the X-Keyscore-CSRF header.',
      'zh-CN': '使用会话 Cookie 提交修改时须带 X-Keyscore-CSRF 请求头。',
    },
  },
  [AuthErrorCode.RateLimited]: {
    status: 429,
    text: {
      en: 'Too many attempts; try again in {minutes} minutes.',
      'zh-CN': '尝试次数过多，请 {minutes} 分钟后再试。',
    },
  },
  [AuthErrorCode.DuplicateEmail]: {
    status: 409,
    text: { en: 'The email "{value}" is already in use.', 'zh-CN': '邮箱“{value}”已被使用。' },
  },
  [AuthErrorCode.UnknownPerson]: {
    status: 422,
    text: { en: 'No person with id "{value}".', 'zh-CN': '人员“{value}”不存在。' },
  },
  [AuthErrorCode.MetricKeyOutOfScope]: {
    status: 403,
    text: {
      en: 'This API key may not write the metric "{value}".',
      'zh-CN': '此 API 密钥无权写入数据项“{value}”。',
    },
  },
};

export class AuthException extends AppException {
  constructor(code: AuthErrorCode, params: Record<string, string | number> = {}, pointer?: string) {
    const { status, text } = MESSAGES[code];
    const message = formatBilingual(text, params);
    super(status, code, message, pointer ? [{ pointer, message }] : []);
  }
}
