import { Controller, Get, Headers, StreamableFile } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidQuery } from '@keyscore/http';
import { pickLocale } from '@keyscore/i18n';
import { SHEET_NAMES } from './export-labels.constant';
import {
  exportMetricValuesQuerySchema,
  exportScoresQuerySchema,
  type ExportMetricValuesQuery,
  type ExportScoresQuery,
} from './imports.schemas';
import { ExportsService } from './exports.service';
import { XLSX_MEDIA_TYPE } from './read-upload.util';
import { writeCsv } from './write-csv.util';
import { writeXlsx } from './write-xlsx.util';

function download(bytes: Buffer, type: string, filename: string): StreamableFile {
  return new StreamableFile(bytes, {
    type,
    length: bytes.length,
    disposition: `attachment; filename="${filename}"`,
  });
}

const CSV_TYPE = 'text/csv; charset=utf-8';

@Controller('api/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('scores.csv')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary: 'Scores of every account in scope for a quarter, as CSV (UTF-8 with BOM) / 导出得分（CSV）',
    tags: ['exports'],
  })
  async scoresCsv(
    @ValidQuery(exportScoresQuerySchema) query: ExportScoresQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    const table = await this.exports.scores(query.period, principal, pickLocale(query.lang, acceptLanguage));
    return download(writeCsv(table), CSV_TYPE, `scores-${query.period}.csv`);
  }

  @Get('scores.xlsx')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary: 'Scores of every account in scope for a quarter, as an Excel workbook / 导出得分（Excel）',
    tags: ['exports'],
  })
  async scoresXlsx(
    @ValidQuery(exportScoresQuerySchema) query: ExportScoresQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    const locale = pickLocale(query.lang, acceptLanguage);
    const table = await this.exports.scores(query.period, principal, locale);
    const bytes = await writeXlsx(`${SHEET_NAMES.scores[locale]} ${query.period}`, table);
    return download(bytes, XLSX_MEDIA_TYPE, `scores-${query.period}.xlsx`);
  }

  @Get('metric-values.csv')
  @RequirePermission(Permission.MetricValuesRead)
  @ApiOperation({
    summary:
      'Metric values of every account in scope for a period, in the import layout, sealed values masked unless allowed / 导出指标数据（CSV）',
    tags: ['exports'],
  })
  async metricValuesCsv(
    @ValidQuery(exportMetricValuesQuerySchema) query: ExportMetricValuesQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    const locale = pickLocale(query.lang, acceptLanguage);
    const table = await this.exports.metricValues(query.period, principal, locale);
    return download(writeCsv(table), CSV_TYPE, `metric-values-${query.period}.csv`);
  }
}
