import { formatBilingual, type Bilingual } from '@keyscore/i18n';
import { AppException } from '@keyscore/http';

export enum DashboardsErrorCode {
  DraftForbidden = 'dashboards.draft_forbidden',
  BadDrillKey = 'dashboards.bad_drill_key',
}

const MESSAGES: Record<DashboardsErrorCode, { status: number; text: Bilingual }> = {
  [DashboardsErrorCode.DraftForbidden]: {
    status: 403,
    text: {
      en: 'Only editors of documents may preview a draft dashboard.',
      'zh-CN': '只有文档编辑者可以预览仪表盘草稿。',
    },
  },
  [DashboardsErrorCode.BadDrillKey]: {
    status: 422,
    text: {
      en: 'key must be a JSON array of at most {value} group-by values, e.g. ["multinational"].',
      'zh-CN': 'key 须为不超过 {value} 个分组值的 JSON 数组，例如 ["multinational"]。',
    },
  },
};

export class DashboardsException extends AppException {
  constructor(code: DashboardsErrorCode, value: string | number = '', pointer?: string) {
    const { status, text } = MESSAGES[code];
    const message = formatBilingual(text, { value });
    super(status, code, message, pointer ? [{ pointer, message }] : []);
  }
}
