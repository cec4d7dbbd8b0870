import { Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@keyscore/auth';
import { ApiOperation, ValidationException, ValidBody } from '@keyscore/http';
import type { Bilingual } from '@keyscore/i18n';
import { PublicSurveys } from './public-surveys.service';
import { SurveyApiFilter } from './survey-page.filter';
import { surveyLocale } from './survey-page.controller';
import { publicAnswersSchema, type PublicAnswers } from './surveys.schemas';

/** The JSON twin of the public survey page, for other clients (an app, a mini program). */
@Controller('api/public/surveys')
@UseFilters(SurveyApiFilter)
export class PublicSurveysController {
  constructor(private readonly surveys: PublicSurveys) {}

  @Get(':token')
  @Public()
  @ApiOperation({
    summary: 'A personal survey link: its form as a render model and the saved draft / 问卷（JSON）',
    tags: ['public surveys'],
  })
  async show(
    @Param('token') token: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: Request,
  ) {
    const open = await this.surveys.open(token, request.ip);
    await this.surveys.markOpened(open);
    const locale = surveyLocale(lang, acceptLanguage, open.link.locale);
    const name = JSON.parse(open.link.campaignName) as Bilingual;
    return {
      title: name[locale],
      period: open.link.period,
      form: { key: open.form.key, version: open.form.version },
      locale,
      expiresAt: open.link.expiresAt,
      draft: open.draft,
      model: open.form.form.renderModel({ locale, data: open.draft ?? undefined }),
    };
  }

  @Post(':token')
  @Public()
  @ApiOperation({
    summary:
      'Answer through a personal link: action submit (final, closes the link) or draft; 422 with pointers / 提交问卷（JSON）',
    tags: ['public surveys'],
    responses: { 200: { description: 'Draft saved' }, 201: { description: 'Submitted' } },
  })
  async answer(
    @Param('token') token: string,
    @ValidBody(publicAnswersSchema) body: PublicAnswers,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const open = await this.surveys.open(token, request.ip);
    const outcome = await this.surveys.answer(open, body.action ?? 'submit', body.data);
    switch (outcome.kind) {
      case 'invalid':
        throw new ValidationException(
          outcome.errors.map((e) => ({ ...e, pointer: `/body/data${e.pointer}` })),
        );
      case 'draft_saved':
        response.status(200);
        return { status: 'draft_saved', savedAt: outcome.savedAt, data: outcome.data };
      case 'submitted':
        response.status(201);
        return { status: 'submitted', submittedAt: outcome.submittedAt };
    }
  }
}
