import { formatBilingual, type Bilingual } from '@keyscore/i18n';

/** Every connector error, with its HTTP status when it answers a request, and its text in both languages. */
export enum ConnectorsErrorCode {
  UrlInvalid = 'connectors.url_invalid',
  UrlUnresolvable = 'connectors.url_unresolvable',
  UrlRefused = 'connectors.url_refused',
  TooManyRedirects = 'connectors.too_many_redirects',
  RedirectWithoutLocation = 'connectors.redirect_without_location',
  HttpClientError = 'connectors.http_client_error',
  HttpServerError = 'connectors.http_server_error',
  NetworkError = 'connectors.network_error',
  Timeout = 'connectors.timeout',
  ResponseTooLarge = 'connectors.response_too_large',
  InvalidJson = 'connectors.invalid_json',
  ItemsNotArray = 'connectors.items_not_array',
  MissingSecret = 'connectors.missing_secret',
  MappingFailed = 'connectors.mapping_failed',
  PointerMissing = 'connectors.pointer_missing',
  NotText = 'connectors.not_text',
  NotANumber = 'connectors.not_a_number',
  InvalidPeriod = 'connectors.invalid_period',
  InvalidState = 'connectors.invalid_state',
  FormulaError = 'connectors.formula_error',
  InvalidFormula = 'connectors.invalid_formula',
  MetricOutOfScope = 'connectors.metric_out_of_scope',
  MetricKeyRequired = 'connectors.metric_key_required',
  UnknownMetric = 'connectors.unknown_metric',
  DuplicateKey = 'connectors.duplicate_key',
  UnknownSecretRef = 'connectors.unknown_secret_ref',
  ConcurrentChange = 'connectors.concurrent_change',
}

export const CONNECTORS_MESSAGES: Record<ConnectorsErrorCode, { status: number; text: Bilingual }> = {
  [ConnectorsErrorCode.UrlInvalid]: {
    status: 422,
    text: {
      en: 'The connector URL must be an absolute http or https URL without a user name or password ({value}).',
      'zh-CN': '连接器 URL 须为不含用户名和密码的完整 http 或 https 地址（{value}）。',
    },
  },
  [ConnectorsErrorCode.UrlUnresolvable]: {
    status: 422,
    text: {
      en: 'The host "{host}" of the connector URL could not be resolved ({reason}).',
      'zh-CN': '无法解析连接器 URL 的主机“{host}”（{reason}）。',
    },
  },
  [ConnectorsErrorCode.UrlRefused]: {
    status: 422,
    text: {
      en: 'Refused: "{host}" resolves to {address} ({range} range). Connectors call public addresses only, unless CONNECTOR_ALLOWLIST names this host or address.',
      'zh-CN':
        '已拒绝：“{host}”解析为 {address}，属于{rangeZh}地址。连接器只能访问公网地址，除非 CONNECTOR_ALLOWLIST 中列出该主机或地址。',
    },
  },
  [ConnectorsErrorCode.TooManyRedirects]: {
    status: 422,
    text: {
      en: 'The source redirected more than {max} times (last to {location}).',
      'zh-CN': '数据源重定向超过 {max} 次（最后指向 {location}）。',
    },
  },
  [ConnectorsErrorCode.RedirectWithoutLocation]: {
    status: 422,
    text: {
      en: 'The source answered {status} without a Location header.',
      'zh-CN': '数据源返回 {status}，但没有 Location 头。',
    },
  },
  [ConnectorsErrorCode.HttpClientError]: {
    status: 422,
    text: {
      en: 'The source answered HTTP {status} to {url}; check the URL and the auth secret (not retried).',
      'zh-CN': '数据源对 {url} 返回 HTTP {status}；请检查 URL 和认证密钥（不会重试）。',
    },
  },
  [ConnectorsErrorCode.HttpServerError]: {
    status: 502,
    text: {
      en: 'The source answered HTTP {status} to {url}; the pull is retried with backoff.',
      'zh-CN': '数据源对 {url} 返回 HTTP {status}；拉取将按退避策略重试。',
    },
  },
  [ConnectorsErrorCode.NetworkError]: {
    status: 502,
    text: {
      en: 'Could not reach the source at {url} ({reason}); the pull is retried with backoff.',
      'zh-CN': '无法连接数据源 {url}（{reason}）；拉取将按退避策略重试。',
    },
  },
  [ConnectorsErrorCode.Timeout]: {
    status: 504,
    text: {
      en: 'The source at {url} did not answer within {seconds} s; the pull is retried with backoff.',
      'zh-CN': '数据源 {url} 在 {seconds} 秒内未响应；拉取将按退避策略重试。',
    },
  },
  [ConnectorsErrorCode.ResponseTooLarge]: {
    status: 422,
    text: {
      en: 'The response from {url} is larger than {limit} bytes.',
      'zh-CN': '{url} 的响应超过 {limit} 字节。',
    },
  },
  [ConnectorsErrorCode.InvalidJson]: {
    status: 422,
    text: { en: 'The response from {url} is not valid JSON.', 'zh-CN': '{url} 的响应不是有效的 JSON。' },
  },
  [ConnectorsErrorCode.ItemsNotArray]: {
    status: 422,
    text: {
      en: 'itemsPointer "{value}" does not point at an array in the response.',
      'zh-CN': 'itemsPointer“{value}”在响应中指向的不是数组。',
    },
  },
  [ConnectorsErrorCode.MissingSecret]: {
    status: 422,
    text: {
      en: 'The auth secret "{value}" has not been set: POST /api/connectors/{key}/secret first.',
      'zh-CN': '认证密钥“{value}”尚未设置：请先调用 POST /api/connectors/{key}/secret。',
    },
  },
  [ConnectorsErrorCode.MappingFailed]: {
    status: 422,
    text: {
      en: 'Nothing was imported: {value} item(s) could not be mapped (first: {first}).',
      'zh-CN': '未导入任何数据：{value} 条记录无法映射（第一处：{first}）。',
    },
  },
  [ConnectorsErrorCode.PointerMissing]: {
    status: 422,
    text: { en: 'The item has nothing at "{value}".', 'zh-CN': '该记录在“{value}”处没有值。' },
  },
  [ConnectorsErrorCode.NotText]: {
    status: 422,
    text: {
      en: 'Expected a text of 1 to {max} characters, got {value}.',
      'zh-CN': '应为 1 至 {max} 个字符的文本，实际为 {value}。',
    },
  },
  [ConnectorsErrorCode.NotANumber]: {
    status: 422,
    text: { en: 'Expected a number, got {value}.', 'zh-CN': '应为数值，实际为 {value}。' },
  },
  [ConnectorsErrorCode.InvalidPeriod]: {
    status: 422,
    text: {
      en: 'Expected a period such as 2026, 2026-Q3, 2026-07 or a date, got {value}.',
      'zh-CN': '应为期间（如 2026、2026-Q3、2026-07 或日期），实际为 {value}。',
    },
  },
  [ConnectorsErrorCode.InvalidState]: {
    status: 422,
    text: { en: 'Unknown value state {value}.', 'zh-CN': '未知的数值状态 {value}。' },
  },
  [ConnectorsErrorCode.FormulaError]: {
    status: 422,
    text: { en: 'The formula evaluated to {value}.', 'zh-CN': '公式计算结果为 {value}。' },
  },
  [ConnectorsErrorCode.InvalidFormula]: {
    status: 422,
    text: { en: 'The formula "{value}" is not valid.', 'zh-CN': '公式“{value}”无效。' },
  },
  [ConnectorsErrorCode.MetricOutOfScope]: {
    status: 422,
    text: {
      en: 'The metric "{value}" is not in this connector\'s metricKeys.',
      'zh-CN': '数据项“{value}”不在该连接器的 metricKeys 范围内。',
    },
  },
  [ConnectorsErrorCode.MetricKeyRequired]: {
    status: 422,
    text: {
      en: 'The mapping needs metricKey (a pointer or formula) or metricKeyConst.',
      'zh-CN': '映射须包含 metricKey（指针或公式）或 metricKeyConst。',
    },
  },
  [ConnectorsErrorCode.UnknownMetric]: {
    status: 422,
    text: { en: 'No metric with key "{value}".', 'zh-CN': '指标数据项“{value}”不存在。' },
  },
  [ConnectorsErrorCode.DuplicateKey]: {
    status: 409,
    text: { en: 'The connector key "{value}" is already in use.', 'zh-CN': '连接器标识“{value}”已被使用。' },
  },
  [ConnectorsErrorCode.UnknownSecretRef]: {
    status: 422,
    text: {
      en: 'No authHeader of this connector uses the secret "{value}".',
      'zh-CN': '该连接器的 authHeader 没有使用密钥“{value}”。',
    },
  },
  [ConnectorsErrorCode.ConcurrentChange]: {
    status: 409,
    text: {
      en: 'The connector was changed at the same time; reload and try again.',
      'zh-CN': '连接器同时被他人修改，请刷新后重试。',
    },
  },
};

/** Chinese names of the refused address ranges (blockedAddressRange answers in English). */
export const RANGE_NAMES_ZH: Readonly<Record<string, string>> = {
  unspecified: '未指定',
  private: '私有网络',
  'carrier-grade NAT': '运营商级 NAT',
  loopback: '回环',
  'link-local': '链路本地',
  'IETF protocol assignments': 'IETF 协议保留',
  benchmarking: '基准测试保留',
  multicast: '组播',
  reserved: '保留',
  'unique-local': '唯一本地',
  'site-local': '站点本地',
  'discard-only': '丢弃专用',
  'not an IP address': '无效 IP ',
};

/** The Chinese name of a range such as "IPv4-mapped loopback": prefixes stay, the range is translated. */
export function rangeNameZh(range: string): string {
  const base = Object.keys(RANGE_NAMES_ZH).find((name) => range.endsWith(name));
  return base ? `${range.slice(0, -base.length)}${RANGE_NAMES_ZH[base]}` : range;
}

export type MessageParams = Record<string, string | number>;

/** The text of a code with its `{placeholders}` filled. */
export function connectorMessage(code: ConnectorsErrorCode, params: MessageParams = {}): Bilingual {
  return formatBilingual(CONNECTORS_MESSAGES[code].text, params);
}
