import { formatBilingual, type Bilingual } from '@keyscore/i18n';
import { AppException } from '@keyscore/http';

export enum DirectoryErrorCode {
  DuplicateCode = 'directory.duplicate_code',
  DuplicateEmail = 'directory.duplicate_email',
  UnknownPerson = 'directory.unknown_person',
  UnknownDepartment = 'directory.unknown_department',
  DuplicateMember = 'directory.duplicate_member',
}

const MESSAGES: Record<DirectoryErrorCode, { status: number; text: Bilingual }> = {
  [DirectoryErrorCode.DuplicateCode]: {
    status: 409,
    text: { en: 'The code "{value}" is already in use.', 'zh-CN': '编码“{value}”已被使用。' },
  },
  [DirectoryErrorCode.DuplicateEmail]: {
    status: 409,
    text: { en: 'The email "{value}" is already in use.', 'zh-CN': '邮箱“{value}”已被使用。' },
  },
  [DirectoryErrorCode.UnknownPerson]: {
    status: 422,
    text: { en: 'No person with id "{value}".', 'zh-CN': '人员“{value}”不存在。' },
  },
  [DirectoryErrorCode.DuplicateMember]: {
    status: 422,
    text: { en: 'Person "{value}" is already on the team.', 'zh-CN': '人员“{value}”已在团队中。' },
  },
  [DirectoryErrorCode.UnknownDepartment]: {
    status: 422,
    text: { en: 'No department with id "{value}".', 'zh-CN': '部门“{value}”不存在。' },
  },
};

/** A directory request the user can fix; points at the field at fault. */
export class DirectoryException extends AppException {
  constructor(code: DirectoryErrorCode, pointer: string, value: string) {
    const { status, text } = MESSAGES[code];
    const message = formatBilingual(text, { value });
    super(status, code, message, [{ pointer, message }]);
  }
}
