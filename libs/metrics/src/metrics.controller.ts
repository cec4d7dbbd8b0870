import { Controller, Get, Param, Post } from '@nestjs/common';
import {
  CurrentPrincipal,
  Permission,
  RequirePermission,
  writableMetricKeys,
  type Principal,
} from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { ApiOperation, ValidBody, ValidQuery } from '@keyscore/http';
import { MetricValuesService } from './metric-values.service';
import {
  listMetricValuesQuerySchema,
  recordMetricValuesSchema,
  type ListMetricValuesQuery,
  type RecordMetricValues,
} from './metrics.schemas';

@Controller('api')
export class MetricsController {
  constructor(
    private readonly metricValues: MetricValuesService,
    private readonly directory: DirectoryService,
  ) {}

  @Get('metrics')
  @RequirePermission(Permission.MetricsRead)
  @ApiOperation({ summary: 'Metric definitions / 数据项定义', tags: ['metrics'] })
  listMetrics() {
    return this.metricValues.listMetrics();
  }

  @Post('metric-values')
  @RequirePermission(Permission.MetricValuesWrite)
  @ApiOperation({
    summary: 'Record a batch of metric values (all or nothing) / 批量写入指标数据（全部成功或全部不写）',
    tags: ['metrics'],
    responses: { 201: { description: 'Written' } },
  })
  record(
    @ValidBody(recordMetricValuesSchema) body: RecordMetricValues,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.metricValues.record(body.rows, { writableMetricKeys: writableMetricKeys(principal) });
  }

  @Get('accounts/:id/metric-values')
  @RequirePermission(Permission.MetricValuesRead)
  @ApiOperation({ summary: "An account's metric values / 客户的指标数据", tags: ['metrics'] })
  async list(
    @Param('id') id: string,
    @ValidQuery(listMetricValuesQuerySchema) query: ListMetricValuesQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.metricValues.listValues(id, query, {
      visible: await this.directory.canSee(id, principal.accounts),
      seeSealed: principal.permissions.has(Permission.MetricValuesReadSealed),
    });
  }
}
