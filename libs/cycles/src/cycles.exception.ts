import { formatBilingual, type Bilingual, type FieldError } from '@keyscore/i18n';
import { AppException } from '@keyscore/http';

export enum CyclesErrorCode {
  UnknownWorkflow = 'cycles.unknown_workflow',
  NoInstances = 'cycles.no_instances',
  NotDraft = 'cycles.not_draft',
  NotRunning = 'cycles.not_running',
  OpenInstances = 'cycles.open_instances',
  TaskNotOpen = 'cycles.task_not_open',
  NotAssignee = 'cycles.not_assignee',
  InstanceEnded = 'cycles.instance_ended',
  CommentRequired = 'cycles.comment_required',
  BadOutcome = 'cycles.bad_outcome',
  Busy = 'cycles.busy',
  BadEvent = 'cycles.bad_event',
  NoAssignee = 'cycles.no_assignee',
  StepLimit = 'cycles.step_limit',
}

const MESSAGES: Record<CyclesErrorCode, { status: number; text: Bilingual }> = {
  [CyclesErrorCode.UnknownWorkflow]: {
    status: 422,
    text: {
      en: 'No published workflow "{value}".',
      'zh-CN': '没有已发布的流程“{value}”。',
    },
  },
  [CyclesErrorCode.NoInstances]: {
    status: 422,
    text: {
      en: 'The cycle covers no accounts; widen its scope.',
      'zh-CN': '该考核周期未覆盖任何客户，请调整范围。',
    },
  },
  [CyclesErrorCode.NotDraft]: {
    status: 409,
    text: { en: 'The cycle has already been launched.', 'zh-CN': '该考核周期已启动。' },
  },
  [CyclesErrorCode.NotRunning]: {
    status: 409,
    text: {
      en: 'The cycle is not running (it is {value}).',
      'zh-CN': '该考核周期未在进行中（当前：{value}）。',
    },
  },
  [CyclesErrorCode.OpenInstances]: {
    status: 409,
    text: {
      en: '{value} review(s) of this cycle are still open; finish or cancel them first (or close with force).',
      'zh-CN': '该周期仍有 {value} 个考核未结束，请先完成或取消（或强制关闭）。',
    },
  },
  [CyclesErrorCode.TaskNotOpen]: {
    status: 409,
    text: {
      en: 'This task has already been completed by someone else; reload your inbox.',
      'zh-CN': '该任务已被他人处理，请刷新待办列表。',
    },
  },
  [CyclesErrorCode.NotAssignee]: {
    status: 403,
    text: { en: 'This task is assigned to someone else.', 'zh-CN': '该任务不属于您。' },
  },
  [CyclesErrorCode.InstanceEnded]: {
    status: 409,
    text: { en: 'This review has already ended.', 'zh-CN': '该考核流程已结束。' },
  },
  [CyclesErrorCode.CommentRequired]: {
    status: 422,
    text: {
      en: 'Approving, returning or rejecting needs a comment.',
      'zh-CN': '通过、退回或驳回时必须填写意见。',
    },
  },
  [CyclesErrorCode.BadOutcome]: {
    status: 422,
    text: { en: 'This task cannot be completed with "{value}".', 'zh-CN': '该任务不能以“{value}”完成。' },
  },
  [CyclesErrorCode.Busy]: {
    status: 409,
    text: {
      en: 'The review changed several times while saving your action; try again.',
      'zh-CN': '保存时该考核流程被多次修改，请重试。',
    },
  },
  [CyclesErrorCode.BadEvent]: {
    status: 422,
    text: {
      en: 'This action cannot be taken on the task as given ({value}); e.g. a delegation needs another person.',
      'zh-CN': '无法按所给内容处理该任务（{value}），例如转交需指定他人。',
    },
  },
  [CyclesErrorCode.NoAssignee]: {
    status: 422,
    text: {
      en: 'Nobody can take this step: its assignee rule finds no user and the workspace has no admin.',
      'zh-CN': '该步骤无人可处理：处理人规则未找到用户，且没有管理员。',
    },
  },
  [CyclesErrorCode.StepLimit]: {
    status: 422,
    text: {
      en: 'The workflow loops through automatic steps without end; fix and republish it.',
      'zh-CN': '流程的自动步骤陷入循环，请修正后重新发布。',
    },
  },
};

export class CyclesException extends AppException {
  constructor(
    code: CyclesErrorCode,
    value: string | number = '',
    pointer?: string,
    errors: FieldError[] = [],
  ) {
    const { status, text } = MESSAGES[code];
    const message = formatBilingual(text, { value });
    super(status, code, message, pointer ? [{ pointer, message }, ...errors] : errors);
  }
}
