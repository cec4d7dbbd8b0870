import { formatBilingual, type Bilingual, type FieldError } from '@keyscore/i18n';
import { AppException } from '@keyscore/http';

export enum MetricsErrorCode {
  UnknownAccount = 'metrics.unknown_account',
  UnknownMetric = 'metrics.unknown_metric',
  ValueRequired = 'metrics.value_required',
  DuplicateRow = 'metrics.duplicate_row',
  BatchRejected = 'metrics.batch_rejected',
  MetricOutOfScope = 'metrics.metric_out_of_scope',
}

export const METRICS_MESSAGES: Record<MetricsErrorCode, Bilingual> = {
  [MetricsErrorCode.UnknownAccount]: {
    en: 'No account with code "{value}".',
    'zh-CN': '客户编码“{value}”不存在。',
  },
  [MetricsErrorCode.UnknownMetric]: {
    en: 'No metric with key "{value}".',
    'zh-CN': '指标数据项“{value}”不存在。',
  },
  [MetricsErrorCode.ValueRequired]: {
    en: 'A value is required when the state is "{value}".',
    'zh-CN': '状态为“{value}”时必须填写数值。',
  },
  [MetricsErrorCode.DuplicateRow]: {
    en: 'The same account, metric, period and source already appear in row {value}.',
    'zh-CN': '与第 {value} 行的客户、数据项、期间和来源重复。',
  },
  [MetricsErrorCode.MetricOutOfScope]: {
    en: 'This API key may not write the metric "{value}".',
    'zh-CN': '此 API 密钥无权写入数据项“{value}”。',
  },
  [MetricsErrorCode.BatchRejected]: {
    en: 'No value was written: {value} row(s) have errors.',
    'zh-CN': '未写入任何数据：{value} 行有错误。',
  },
};

export function metricsFieldError(
  code: MetricsErrorCode,
  pointer: string,
  value: string | number,
): FieldError {
  const text = METRICS_MESSAGES[code];
  return {
    pointer,
    message: formatBilingual(text, { value }),
  };
}

/** The caller (an API key) may not write some of these metrics: nothing is written. */
export class MetricScopeException extends AppException {
  constructor(errors: FieldError[]) {
    super(403, MetricsErrorCode.MetricOutOfScope, errors[0]!.message, errors);
  }
}

/** The whole batch is refused (nothing written) and every bad row is listed. */
export class MetricBatchException extends AppException {
  constructor(errors: FieldError[], badRows: number) {
    super(422, MetricsErrorCode.BatchRejected, METRICS_MESSAGES[MetricsErrorCode.BatchRejected], errors, {
      value: badRows,
    });
  }
}
