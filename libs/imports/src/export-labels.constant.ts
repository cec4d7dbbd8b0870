import type { Bilingual } from '@keyscore/i18n';
import type { AccountType } from '@keyscore/persistence';

export const SCORE_HEADERS = {
  code: { en: 'Account code', 'zh-CN': '客户编码' },
  name: { en: 'Account name', 'zh-CN': '客户名称' },
  type: { en: 'Account type', 'zh-CN': '客户类型' },
  score: { en: 'Score', 'zh-CN': '得分' },
  rating: { en: 'Rating', 'zh-CN': '评级' },
  coverage: { en: 'Coverage', 'zh-CN': '数据覆盖率' },
  confidence: { en: 'Confidence', 'zh-CN': '置信度' },
} satisfies Record<string, Bilingual>;

export const METRIC_VALUE_EXTRA_HEADERS = {
  accountName: { en: 'Account name', 'zh-CN': '客户名称' },
  recordedAt: { en: 'Recorded at (UTC)', 'zh-CN': '记录时间（UTC）' },
} satisfies Record<string, Bilingual>;

export const ACCOUNT_TYPE_LABELS: Record<AccountType, Bilingual> = {
  multinational: { en: 'Multinational enterprise', 'zh-CN': '跨国企业' },
  local_enterprise: { en: 'Local large enterprise', 'zh-CN': '本地大型企业' },
};

export const CONFIDENCE_LABELS: Record<'high' | 'medium' | 'low' | 'none', Bilingual> = {
  high: { en: 'high', 'zh-CN': '高' },
  medium: { en: 'medium', 'zh-CN': '中' },
  low: { en: 'low', 'zh-CN': '低' },
  none: { en: 'none', 'zh-CN': '无' },
};

export const SHEET_NAMES = {
  scores: { en: 'Scores', 'zh-CN': '得分' },
} satisfies Record<string, Bilingual>;
