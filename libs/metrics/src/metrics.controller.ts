import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  CurrentPrincipal,
  Permission,
  RequirePermission,
  writableMetricKeys,
  readableMetricKeys,
  type Principal,
} from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import { ApiOperation, AppException, ValidBody, ValidQuery } from '@keyscore/http';
import { MetricValuesService } from './metric-values.service';
import {
  listMetricValuesQuerySchema,
  recordMetricValuesSchema,
  type ListMetricValuesQuery,
  type RecordMetricValues,
} from './metrics.schemas';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

class InvalidIdempotencyKeyException extends AppException {
  constructor() {
    const message = {
      en: 'Idempotency-Key must be 1 to 200 visible ASCII characters.',
      'zh-CN': 'Idempotency-Key 须为 1 至 200 个可见 ASCII 字符。',
    };
    super(422, 'idempotency.invalid_key', message, [{ pointer: '/headers/idempotency-key', message }]);
  }
}

/** Idempotency keys are per caller: the same key from two callers is two requests. */
function principalScope(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.user.id}` : `api_key:${principal.key.id}`;
}

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
    summary:
      'Record up to 10,000 metric values, all or nothing, with a result per row; send an Idempotency-Key header to make retries safe / 批量写入指标数据（全部成功或全部不写，支持 Idempotency-Key）',
    tags: ['metrics'],
    responses: { 201: { description: 'Written' } },
  })
  async record(
    @ValidBody(recordMetricValuesSchema) body: RecordMetricValues,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
      throw new InvalidIdempotencyKeyException();
    const result = await this.metricValues.record(body.rows, {
      writableMetricKeys: writableMetricKeys(principal),
      idempotency: idempotencyKey ? { scope: principalScope(principal), key: idempotencyKey } : undefined,
    });
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    const { replayed: _replayed, ...answer } = result;
    return answer;
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
      metricKeys: readableMetricKeys(principal),
    });
  }
}
