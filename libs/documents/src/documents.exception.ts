import { formatBilingual, type Bilingual, type FieldError } from '@keyscore/i18n';
import { AppException } from '@keyscore/http';

export enum DocumentsErrorCode {
  UnknownKind = 'documents.unknown_kind',
  DuplicateKey = 'documents.duplicate_key',
  Invalid = 'documents.invalid',
  StaleDraft = 'documents.stale_draft',
  NothingToPublish = 'documents.nothing_to_publish',
  Archived = 'documents.archived',
  KeyMismatch = 'documents.key_mismatch',
  UnsafeSchema = 'documents.unsafe_schema',
}

const MESSAGES: Record<DocumentsErrorCode, { status: number; text: Bilingual }> = {
  [DocumentsErrorCode.UnknownKind]: {
    status: 404,
    text: { en: 'No document kind "{value}".', 'zh-CN': '不存在文档类型“{value}”。' },
  },
  [DocumentsErrorCode.DuplicateKey]: {
    status: 409,
    text: { en: 'A document with key "{value}" already exists.', 'zh-CN': '键为“{value}”的文档已存在。' },
  },
  [DocumentsErrorCode.Invalid]: {
    status: 422,
    text: { en: 'The document is not valid.', 'zh-CN': '文档内容不符合要求。' },
  },
  [DocumentsErrorCode.StaleDraft]: {
    status: 409,
    text: {
      en: 'Someone changed this document since you loaded it (now revision {value}); reload and apply your edit again.',
      'zh-CN': '文档在您打开后已被他人修改（当前修订号 {value}），请刷新后重新编辑。',
    },
  },
  [DocumentsErrorCode.NothingToPublish]: {
    status: 409,
    text: { en: 'There is no draft to publish.', 'zh-CN': '没有可发布的草稿。' },
  },
  [DocumentsErrorCode.Archived]: {
    status: 409,
    text: { en: 'The document is archived.', 'zh-CN': '文档已归档。' },
  },
  [DocumentsErrorCode.UnsafeSchema]: {
    status: 400,
    text: {
      en: 'The schema in this document is not accepted (too large or deep, a remote $ref, an unsafe pattern or an unknown keyword); see each error.',
      'zh-CN':
        '文档中的数据模式不被接受（过大或嵌套过深、远程 $ref、不安全的正则或未知关键字），详见各项错误。',
    },
  },
  [DocumentsErrorCode.KeyMismatch]: {
    status: 422,
    text: { en: 'The content\'s key must be "{value}".', 'zh-CN': '内容中的 key 必须为“{value}”。' },
  },
};

export class DocumentsException extends AppException {
  constructor(
    code: DocumentsErrorCode,
    value: string | number = '',
    errors: FieldError[] = [],
    pointer?: string,
  ) {
    const { status, text } = MESSAGES[code];
    const message = formatBilingual(text, { value });
    super(status, code, message, pointer ? [{ pointer, message }, ...errors] : errors);
  }
}
