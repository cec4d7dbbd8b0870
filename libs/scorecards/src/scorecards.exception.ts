import { AppException } from '@keyscore/http';
import { formatBilingual, type Bilingual, type FieldError } from '@keyscore/i18n';

export enum ScorecardsErrorCode {
  UnknownTemplate = 'scorecards.unknown_template',
  ArchivedTemplate = 'scorecards.archived_template',
  TemplateAccountType = 'scorecards.template_account_type',
  TemplateInvalid = 'scorecards.template_invalid',
  OverrideInvalid = 'scorecards.override_invalid',
  NoOverride = 'scorecards.no_override',
}

/** What the user configured wrong, in both languages; `{placeholders}` come from the params. */
export const SCORECARDS_MESSAGES: Record<ScorecardsErrorCode, { status: number; text: Bilingual }> = {
  [ScorecardsErrorCode.UnknownTemplate]: {
    status: 422,
    text: {
      en: 'No published scorecard template "{template}" (unknown, or not published yet).',
      'zh-CN': '没有已发布的考核模板“{template}”（不存在或尚未发布）。',
    },
  },
  [ScorecardsErrorCode.ArchivedTemplate]: {
    status: 422,
    text: {
      en: 'The scorecard template "{template}" is archived; pick another one.',
      'zh-CN': '考核模板“{template}”已归档，请选择其他模板。',
    },
  },
  [ScorecardsErrorCode.TemplateAccountType]: {
    status: 422,
    text: {
      en: 'The scorecard template "{template}" scores {templateType} accounts, not {accountType} accounts.',
      'zh-CN': '考核模板“{template}”适用于 {templateType} 类客户，不适用于 {accountType} 类客户。',
    },
  },
  [ScorecardsErrorCode.TemplateInvalid]: {
    status: 422,
    text: {
      en: 'The scorecard template "{template}" no longer resolves over the KPI library: {problem}',
      'zh-CN': '考核模板“{template}”在当前指标库下无法解析：{problem}',
    },
  },
  [ScorecardsErrorCode.OverrideInvalid]: {
    status: 422,
    text: {
      en: 'The account override does not fit the template that scores it.',
      'zh-CN': '该客户的特例设置与所用考核模板不符。',
    },
  },
  [ScorecardsErrorCode.NoOverride]: {
    status: 404,
    text: {
      en: 'The account has no scorecard override for {period}.',
      'zh-CN': '该客户在 {period} 没有考核模板特例。',
    },
  },
};

/** A scorecard request the user can fix: unknown or unfitting template, an override that does not fit. */
export class ScorecardsException extends AppException {
  constructor(
    code: ScorecardsErrorCode,
    params: Record<string, string | number> = {},
    pointer?: string,
    errors: FieldError[] = [],
  ) {
    const { status, text } = SCORECARDS_MESSAGES[code];
    const message = formatBilingual(text, params);
    super(status, code, message, pointer ? [{ pointer, message }, ...errors] : errors);
  }
}
