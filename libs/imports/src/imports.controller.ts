import { Controller, Headers, HttpCode, Post, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidQuery } from '@keyscore/http';
import { pickLocale } from '@keyscore/i18n';
import { ImportRowsExceptionFilter } from './import-rows-exception.filter';
import { InvalidIdempotencyKeyException } from './imports.exception';
import { importQuerySchema, type ImportQuery } from './imports.schemas';
import { ImportsService } from './imports.service';
import { UploadedSheet, type Upload } from './parse-upload.middleware';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const FILE_NOTE =
  'Body: the file itself, as text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet (≤ 10 MiB). Header row: accountCode, metricKey, period, value, state, source, sourceRecordId (or 客户编码, 数据项, 期间, 数值, 状态, 来源, 来源记录).';

@Controller('api/imports')
@UseFilters(ImportRowsExceptionFilter)
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('metric-values/preview')
  @HttpCode(200)
  @RequirePermission(Permission.MetricValuesWrite)
  @ApiOperation({
    summary: `Preview a CSV/XLSX import of metric values: each row as read and its errors by cell; writes nothing / 预览导入（不写入）. ${FILE_NOTE}`,
    tags: ['imports'],
  })
  preview(
    @UploadedSheet() upload: Upload,
    @ValidQuery(importQuerySchema) query: ImportQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.imports.preview(upload, principal, pickLocale(query.lang, acceptLanguage));
  }

  @Post('metric-values')
  @RequirePermission(Permission.MetricValuesWrite)
  @ApiOperation({
    summary: `Import metric values from CSV/XLSX, all or nothing (422 names each bad line and cell); Idempotency-Key makes retries safe / 导入指标数据（全部成功或全部不写）. ${FILE_NOTE}`,
    tags: ['imports'],
    responses: { 201: { description: 'Written' } },
  })
  async import(
    @UploadedSheet() upload: Upload,
    @ValidQuery(importQuerySchema) _query: ImportQuery,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
      throw new InvalidIdempotencyKeyException();
    const { replayed, answer } = await this.imports.import(upload, principal, idempotencyKey);
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return answer;
  }
}
