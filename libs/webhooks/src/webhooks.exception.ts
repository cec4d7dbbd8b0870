import { formatBilingual, type Bilingual } from '@keyscore/i18n';
import { AppException } from '@keyscore/http';

export enum WebhooksErrorCode {
  InvalidSignature = 'webhooks.invalid_signature',
  TimestampOutOfTolerance = 'webhooks.timestamp_out_of_tolerance',
  InvalidDeliveryId = 'webhooks.invalid_delivery_id',
  DeliveryInProgress = 'webhooks.delivery_in_progress',
  RateLimited = 'webhooks.rate_limited',
  DuplicateKey = 'webhooks.duplicate_key',
  UnknownMetric = 'webhooks.unknown_metric',
  ConcurrentChange = 'webhooks.concurrent_change',
}

const MESSAGES: Record<WebhooksErrorCode, { status: number; text: Bilingual }> = {
  [WebhooksErrorCode.InvalidSignature]: {
    status: 401,
    text: {
      en: 'The webhook signature is missing or does not match (X-Keyscore-Timestamp, X-Keyscore-Signature).',
      'zh-CN': 'Webhook 签名缺失或不匹配（X-Keyscore-Timestamp、X-Keyscore-Signature）。',
    },
  },
  [WebhooksErrorCode.TimestampOutOfTolerance]: {
    status: 401,
    text: {
      en: 'The webhook timestamp is more than {minutes} minutes away from the server time; sign each delivery when sending it and check the sender clock.',
      'zh-CN': 'Webhook 时间戳与服务器时间相差超过 {minutes} 分钟；请在发送时签名，并检查发送方的时钟。',
    },
  },
  [WebhooksErrorCode.InvalidDeliveryId]: {
    status: 400,
    text: {
      en: 'X-Keyscore-Delivery must be 1 to 200 letters, digits or . _ : - characters.',
      'zh-CN': 'X-Keyscore-Delivery 须为 1 至 200 个字母、数字或 . _ : - 字符。',
    },
  },
  [WebhooksErrorCode.DeliveryInProgress]: {
    status: 409,
    text: {
      en: 'This delivery is being processed by another request; retry it later.',
      'zh-CN': '该投递正在由另一个请求处理，请稍后重试。',
    },
  },
  [WebhooksErrorCode.RateLimited]: {
    status: 429,
    text: {
      en: 'Too many deliveries to this webhook endpoint; retry in {seconds} seconds.',
      'zh-CN': '该 Webhook 端点的投递过于频繁，请 {seconds} 秒后重试。',
    },
  },
  [WebhooksErrorCode.DuplicateKey]: {
    status: 409,
    text: { en: 'The webhook key "{value}" is already in use.', 'zh-CN': 'Webhook 标识“{value}”已被使用。' },
  },
  [WebhooksErrorCode.UnknownMetric]: {
    status: 422,
    text: { en: 'No metric with key "{value}".', 'zh-CN': '指标数据项“{value}”不存在。' },
  },
  [WebhooksErrorCode.ConcurrentChange]: {
    status: 409,
    text: {
      en: 'The webhook endpoint was changed at the same time; reload and try again.',
      'zh-CN': 'Webhook 端点同时被他人修改，请刷新后重试。',
    },
  },
};

export interface WebhooksFieldError {
  pointer: string;
  value?: string;
}

/** A webhook request the caller can fix; `fields` point at what is at fault. */
export class WebhooksException extends AppException {
  constructor(
    code: WebhooksErrorCode,
    params: Record<string, string | number> = {},
    fields: WebhooksFieldError[] = [],
  ) {
    const { status, text } = MESSAGES[code];
    const message = (extra: Record<string, string | number>) => formatBilingual(text, extra);
    super(
      status,
      code,
      message(params),
      fields.map((f) => ({ pointer: f.pointer, message: message({ ...params, value: f.value ?? '' }) })),
    );
  }
}
