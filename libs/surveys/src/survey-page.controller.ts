import { Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@keyscore/auth';
import { ApiOperation } from '@keyscore/http';
import type { FieldError, FormPostBody } from '@keyscore/forms';
import { pickLocale, type Bilingual, type Locale } from '@keyscore/i18n';
import { PublicSurveys, type OpenLink } from './public-surveys.service';
import { SurveyPageFilter } from './survey-page.filter';
import { draftSavedNotice, SURVEY_PAGE_TEXTS, surveyFormPage, surveyMessagePage } from './survey-page.util';

/** `?lang=` first, then Accept-Language, then the language the contact was given. */
export function surveyLocale(
  lang: string | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale,
): Locale {
  return lang || acceptLanguage ? pickLocale(lang, acceptLanguage) : fallback;
}

function send(response: Response, status: number, html: string): void {
  response.status(status).setHeader('Cache-Control', 'no-store').type('html').send(html);
}

/**
 * The public survey page a customer opens from their personal link: no sign-in, plain HTML that works
 * without JavaScript (the buttons post the form back here), in zh-CN or en.
 */
@Controller('s')
@UseFilters(SurveyPageFilter)
export class SurveyPageController {
  constructor(private readonly surveys: PublicSurveys) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: 'The survey page of a personal link (HTML) / 问卷页面', tags: ['public surveys'] })
  async show(
    @Param('token') token: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const open = await this.surveys.open(token, request.ip);
    await this.surveys.markOpened(open);
    const locale = surveyLocale(lang, acceptLanguage, open.link.locale);
    send(response, 200, this.page(open, token, locale, open.draft ?? undefined));
  }

  @Post(':token')
  @Public()
  @ApiOperation({
    summary:
      'Answer from the survey page (application/x-www-form-urlencoded; _action=draft|submit) / 提交问卷页面',
    tags: ['public surveys'],
  })
  async answer(
    @Param('token') token: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const open = await this.surveys.open(token, request.ip);
    const locale = surveyLocale(lang, acceptLanguage, open.link.locale);
    const body = (request.body ?? {}) as FormPostBody;
    const action = body._action === 'draft' ? 'draft' : 'submit';
    const outcome = await this.surveys.answer(open, action, open.form.form.parseFormPost(body));
    switch (outcome.kind) {
      case 'invalid':
        return send(response, 422, this.page(open, token, locale, outcome.data, outcome.errors));
      case 'draft_saved':
        return send(
          response,
          200,
          this.page(open, token, locale, outcome.data, [], draftSavedNotice(locale, open.link.expiresAt)),
        );
      case 'submitted':
        return send(
          response,
          200,
          surveyMessagePage(locale, SURVEY_PAGE_TEXTS.thanksTitle, SURVEY_PAGE_TEXTS.thanks[locale]),
        );
    }
  }

  private page(
    open: OpenLink,
    token: string,
    locale: Locale,
    data?: Record<string, unknown>,
    errors?: readonly FieldError[],
    notice?: string,
  ): string {
    const name = JSON.parse(open.link.campaignName) as Bilingual;
    return surveyFormPage({ locale, title: name[locale], token, form: open.form.form, data, errors, notice });
  }
}
