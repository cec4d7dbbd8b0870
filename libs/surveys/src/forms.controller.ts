import { Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { previewForm } from '@keyscore/forms';
import { ApiOperation, ValidationException, ValidBody, ValidQuery } from '@keyscore/http';
import { pickLocale } from '@keyscore/i18n';
import { FormSubmissionsService } from './form-submissions.service';
import {
  formAnswersSchema,
  formDraftQuerySchema,
  previewFormSchema,
  renderFormQuerySchema,
  type FormAnswers,
  type FormDraftQuery,
  type PreviewForm,
  type RenderFormQuery,
} from './surveys.schemas';

@Controller('api/forms')
export class FormsController {
  constructor(private readonly submissions: FormSubmissionsService) {}

  @Post('preview')
  @HttpCode(200)
  @RequirePermission(Permission.DocumentsWrite)
  @ApiOperation({
    summary:
      'Preview a form document being designed, with sample answers: the HTML fragment the survey page shows, or 422 with pointers into the document / 预览设计中的表单',
    tags: ['forms'],
  })
  preview(
    @ValidBody(previewFormSchema) body: PreviewForm,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ) {
    const result = previewForm(body.document, {
      locale: pickLocale(body.lang, acceptLanguage),
      answers: body.answers,
    });
    if (!result.ok)
      throw new ValidationException(
        result.errors.map((e) => ({ pointer: `/body/document${e.pointer}`, message: e.message })),
      );
    return result.preview;
  }

  @Get(':key')
  @RequirePermission(Permission.DocumentsRead)
  @ApiOperation({
    summary:
      'A published form as a JSON render model, or (format=html) as an accessible HTML fragment / 表单渲染（JSON 模型或 HTML 片段）',
    tags: ['forms'],
  })
  async render(
    @Param('key') key: string,
    @ValidQuery(renderFormQuerySchema) query: RenderFormQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const rendered = await this.submissions.render(
      key,
      query.version,
      pickLocale(query.lang, acceptLanguage),
    );
    if (query.format === 'html') {
      response.type('html');
      return rendered.html();
    }
    const { html: _html, ...model } = rendered;
    return model;
  }

  @Get(':key/draft')
  @RequirePermission(Permission.FormsSubmit)
  @ApiOperation({ summary: 'My saved draft of a form version / 我的表单草稿', tags: ['forms'] })
  draft(
    @Param('key') key: string,
    @ValidQuery(formDraftQuerySchema) query: FormDraftQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.submissions.draft(key, query.version, principal);
  }

  @Put(':key/draft')
  @RequirePermission(Permission.FormsSubmit)
  @ApiOperation({
    summary: 'Save my draft (only wrong values are errors, nothing is required yet) / 保存表单草稿',
    tags: ['forms'],
  })
  saveDraft(
    @Param('key') key: string,
    @ValidBody(formAnswersSchema) body: FormAnswers,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.submissions.saveDraft(key, body.version, body.data, principal);
  }

  @Post(':key/submissions')
  @HttpCode(201)
  @RequirePermission(Permission.FormsSubmit)
  @ApiOperation({
    summary:
      'Submit a form: validated against the pinned version, computed fields recomputed, hidden ones dropped / 提交表单',
    tags: ['forms'],
  })
  submit(
    @Param('key') key: string,
    @ValidBody(formAnswersSchema) body: FormAnswers,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.submissions.submit(key, body.version, body.data, principal);
  }
}
