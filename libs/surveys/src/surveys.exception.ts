import { formatBilingual, type Bilingual, type FieldError } from '@keyscore/i18n';
import { AppException } from '@keyscore/http';

export enum SurveysErrorCode {
  LinkNotFound = 'surveys.link_not_found',
  AlreadySubmitted = 'surveys.already_submitted',
  RateLimited = 'surveys.rate_limited',
  UnsupportedType = 'surveys.unsupported_media_type',
  UnknownForm = 'surveys.unknown_form',
  UnknownMetric = 'surveys.unknown_metric',
  UnknownAccount = 'surveys.unknown_account',
  ClosesInPast = 'surveys.closes_in_past',
  NotDraft = 'surveys.not_draft',
  NotRunning = 'surveys.not_running',
  NoContacts = 'surveys.no_contacts',
  DuplicateContact = 'surveys.duplicate_contact',
  NoDraft = 'surveys.no_draft',
}

const MESSAGES: Record<SurveysErrorCode, { status: number; text: Bilingual }> = {
  [SurveysErrorCode.LinkNotFound]: {
    status: 404,
    text: {
      en: 'This survey link is not valid or has expired. Please contact your account manager for a new one.',
      'zh-CN': '该问卷链接无效或已过期，请联系您的客户经理获取新链接。',
    },
  },
  [SurveysErrorCode.AlreadySubmitted]: {
    status: 410,
    text: {
      en: 'Your answers to this survey have already been submitted. Thank you!',
      'zh-CN': '您已提交过本问卷，感谢您的反馈！',
    },
  },
  [SurveysErrorCode.RateLimited]: {
    status: 429,
    text: {
      en: 'Too many requests; please try again in {value} seconds.',
      'zh-CN': '请求过于频繁，请在 {value} 秒后重试。',
    },
  },
  [SurveysErrorCode.UnsupportedType]: {
    status: 415,
    text: {
      en: 'Send the survey page as a form (application/x-www-form-urlencoded).',
      'zh-CN': '问卷页面须以表单格式（application/x-www-form-urlencoded）提交。',
    },
  },
  [SurveysErrorCode.UnknownForm]: {
    status: 422,
    text: { en: 'No published form "{value}".', 'zh-CN': '没有已发布的表单“{value}”。' },
  },
  [SurveysErrorCode.UnknownMetric]: {
    status: 422,
    text: {
      en: 'The form measures "{value}", which is not a known metric; add the metric or change the measure.',
      'zh-CN': '表单的统计项“{value}”不是已有的数据项，请先添加该数据项或修改统计项。',
    },
  },
  [SurveysErrorCode.UnknownAccount]: {
    status: 422,
    text: { en: 'No account with id "{value}".', 'zh-CN': '客户“{value}”不存在。' },
  },
  [SurveysErrorCode.ClosesInPast]: {
    status: 422,
    text: { en: 'The closing time must be in the future.', 'zh-CN': '截止时间必须晚于当前时间。' },
  },
  [SurveysErrorCode.NotDraft]: {
    status: 409,
    text: { en: 'The campaign has already been launched.', 'zh-CN': '该调查已发起。' },
  },
  [SurveysErrorCode.NotRunning]: {
    status: 409,
    text: {
      en: 'The campaign is not running (it is {value}).',
      'zh-CN': '该调查未在进行中（当前：{value}）。',
    },
  },
  [SurveysErrorCode.NoContacts]: {
    status: 422,
    text: {
      en: 'None of the campaign’s accounts has a contact; add contacts first.',
      'zh-CN': '该调查涉及的客户都没有联系人，请先添加联系人。',
    },
  },
  [SurveysErrorCode.DuplicateContact]: {
    status: 409,
    text: {
      en: 'This account already has a contact with the email "{value}".',
      'zh-CN': '该客户已有邮箱为“{value}”的联系人。',
    },
  },
  [SurveysErrorCode.NoDraft]: {
    status: 404,
    text: { en: 'You have no draft of this form.', 'zh-CN': '您没有该表单的草稿。' },
  },
};

export class SurveysException extends AppException {
  constructor(
    readonly surveyCode: SurveysErrorCode,
    value: string | number = '',
    pointer?: string,
    errors: FieldError[] = [],
  ) {
    const { status, text } = MESSAGES[surveyCode];
    const message = formatBilingual(text, { value });
    super(status, surveyCode, message, pointer ? [{ pointer, message }, ...errors] : errors);
  }
}

/** One field's error with a code's message, for answers that list several (a 422 ValidationException). */
export function surveysFieldError(
  code: SurveysErrorCode,
  pointer: string,
  value: string | number = '',
): FieldError {
  return { pointer, message: formatBilingual(MESSAGES[code].text, { value }) };
}
