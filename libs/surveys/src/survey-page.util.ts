import { escapeHtml, renderPage, type CompiledForm, type FieldError } from '@keyscore/forms';
import { format, type Bilingual, type Locale } from '@keyscore/i18n';

export const SURVEY_PAGE_TEXTS = {
  draftSaved: {
    en: 'Your answers so far are saved. You can come back through the same link until {date}.',
    'zh-CN': '您已填写的内容已保存，可在 {date} 前通过同一链接继续填写。',
  },
  thanksTitle: { en: 'Thank you', 'zh-CN': '感谢您的反馈' },
  thanks: {
    en: 'Your answers have been submitted. Thank you for taking the time.',
    'zh-CN': '您的答卷已提交，感谢您抽出宝贵时间。',
  },
  unavailableTitle: { en: 'Survey', 'zh-CN': '问卷' },
} satisfies Record<string, Bilingual>;

/** The public page's address in a language: the token stays in the path, nothing else is added. */
function pageUrl(token: string, locale: Locale): string {
  return `/s/${encodeURIComponent(token)}?lang=${locale}`;
}

/** The survey form page: the form with the current answers and errors next to their fields. */
export function surveyFormPage(options: {
  locale: Locale;
  title: string;
  token: string;
  form: CompiledForm;
  data?: Readonly<Record<string, unknown>>;
  errors?: readonly FieldError[];
  notice?: string;
}): string {
  const { locale, token } = options;
  const notice = options.notice
    ? `<p class="ks-hint" role="status"><strong>${escapeHtml(options.notice)}</strong></p>\n`
    : '';
  return renderPage({
    locale,
    title: options.title,
    bodyHtml:
      notice +
      options.form.renderHtml({
        locale,
        data: options.data,
        errors: options.errors,
        action: pageUrl(token, locale),
        draftButton: true,
      }),
    langLinks: { zhCN: pageUrl(token, 'zh-CN'), en: pageUrl(token, 'en') },
  });
}

/** A page with one message: thanks, or why the link cannot be used. */
export function surveyMessagePage(locale: Locale, title: Bilingual | string, message: string): string {
  return renderPage({
    locale,
    title: typeof title === 'string' ? title : title[locale],
    bodyHtml: `<p>${escapeHtml(message)}</p>`,
  });
}

/** "until 2026-09-30 18:00 (UTC)": the expiry as a reader sees it, without guessing their time zone. */
export function draftSavedNotice(locale: Locale, expiresAt: string): string {
  const date = `${expiresAt.slice(0, 10)} ${expiresAt.slice(11, 16)} (UTC)`;
  return format(SURVEY_PAGE_TEXTS.draftSaved[locale], { date });
}
