import { Controller, Get, Headers, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { CurrentPrincipal, Permission, RequirePermission, type Principal } from '@keyscore/auth';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { pickLocale } from '@keyscore/i18n';
import { DashboardsService } from './dashboards.service';
import {
  dashboardDataQuerySchema,
  drillQuerySchema,
  previewWidgetSchema,
  type DashboardDataQuery,
  type DrillQuery,
  type PreviewWidget,
} from './dashboards.schemas';

@Controller('api/dashboards')
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService) {}

  @Get()
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({ summary: 'Published dashboards / 已发布的仪表盘', tags: ['dashboards'] })
  list() {
    return this.dashboards.list();
  }

  @Post('preview-widget')
  @HttpCode(200)
  @RequirePermission(Permission.DocumentsWrite)
  @ApiOperation({
    summary:
      "A widget computed before it is saved (the designer's live result): the data API's widget result plus every problem of its definition, formulas with their positions / 预览组件：保存前计算组件结果，并列出定义中的全部问题（公式含出错位置）",
    tags: ['dashboards'],
  })
  preview(@ValidBody(previewWidgetSchema) body: PreviewWidget, @CurrentPrincipal() principal: Principal) {
    return this.dashboards.preview(body, principal);
  }

  @Get(':key/data')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary:
      'Every widget of a dashboard for the given filters: its data, or its error in its place / 仪表盘各组件数据（出错的组件单独返回错误）',
    tags: ['dashboards'],
  })
  data(
    @Param('key') key: string,
    @ValidQuery(dashboardDataQuerySchema) query: DashboardDataQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.dashboards.data(key, query, principal);
  }

  @Get(':key/filters')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary: 'Filter choices: periods with data, types, regions, departments, people / 筛选选项',
    tags: ['dashboards'],
  })
  filters(
    @Param('key') key: string,
    @ValidQuery(dashboardDataQuerySchema) query: DashboardDataQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.dashboards.filterOptions(key, principal, query.draft ?? false);
  }

  @Get(':key/widgets/:widget')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({ summary: "One widget's data / 单个组件数据", tags: ['dashboards'] })
  widget(
    @Param('key') key: string,
    @Param('widget') widget: string,
    @ValidQuery(dashboardDataQuerySchema) query: DashboardDataQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.dashboards.widget(key, widget, query, principal);
  }

  @Get(':key/widgets/:widget/drill')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary:
      'The accounts behind a chart element (key = its group-by values as JSON), each with its scorecard link / 下钻：图表元素背后的客户',
    tags: ['dashboards'],
  })
  drill(
    @Param('key') key: string,
    @Param('widget') widget: string,
    @ValidQuery(drillQuerySchema) query: DrillQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.dashboards.drill(key, widget, query, principal);
  }

  @Get(':key/widgets/:widget/export.csv')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary: "A widget's data as CSV (UTF-8 with BOM) / 导出组件数据（CSV）",
    tags: ['dashboards'],
  })
  csv(
    @Param('key') key: string,
    @Param('widget') widget: string,
    @ValidQuery(dashboardDataQuerySchema) query: DashboardDataQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.file(key, widget, query, acceptLanguage, principal, 'csv');
  }

  @Get(':key/widgets/:widget/export.xlsx')
  @RequirePermission(Permission.ScoresRead)
  @ApiOperation({
    summary: "A widget's data as an Excel workbook / 导出组件数据（Excel）",
    tags: ['dashboards'],
  })
  xlsx(
    @Param('key') key: string,
    @Param('widget') widget: string,
    @ValidQuery(dashboardDataQuerySchema) query: DashboardDataQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.file(key, widget, query, acceptLanguage, principal, 'xlsx');
  }

  private async file(
    key: string,
    widget: string,
    query: DashboardDataQuery,
    acceptLanguage: string | undefined,
    principal: Principal,
    format: 'csv' | 'xlsx',
  ) {
    const locale = pickLocale(query.lang, acceptLanguage);
    const { bytes, type, filename } = await this.dashboards.export(
      key,
      widget,
      query,
      principal,
      locale,
      format,
    );
    return new StreamableFile(bytes, {
      type,
      length: bytes.length,
      disposition: `attachment; filename="${filename}"`,
    });
  }
}
