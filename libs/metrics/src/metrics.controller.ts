import { Controller, Get, Param, Post } from '@nestjs/common';
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
  constructor(private readonly metricValues: MetricValuesService) {}

  @Get('metrics')
  @ApiOperation({ summary: 'Metric definitions / 数据项定义', tags: ['metrics'] })
  listMetrics() {
    return this.metricValues.listMetrics();
  }

  @Post('metric-values')
  @ApiOperation({
    summary: 'Record a batch of metric values (all or nothing) / 批量写入指标数据（全部成功或全部不写）',
    tags: ['metrics'],
    responses: { 201: { description: 'Written' } },
  })
  record(@ValidBody(recordMetricValuesSchema) body: RecordMetricValues) {
    return this.metricValues.record(body.rows);
  }

  @Get('accounts/:id/metric-values')
  @ApiOperation({ summary: "An account's metric values / 客户的指标数据", tags: ['metrics'] })
  list(@Param('id') id: string, @ValidQuery(listMetricValuesQuerySchema) query: ListMetricValuesQuery) {
    return this.metricValues.listValues(id, query);
  }
}
