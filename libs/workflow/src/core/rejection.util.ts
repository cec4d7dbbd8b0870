import type { Bilingual } from '@keyscore/i18n';
import type { RejectionCode, TransitionResult } from './instance.types';
import { text } from './text.util';

/** The user-facing message of each rejection; `{placeholders}` are filled per call. */
const MESSAGES: Record<RejectionCode, Bilingual> = {
  task_not_open: text('任务 {task} 已处理或已取消', 'Task {task} is already completed or cancelled'),
  not_assignee: text('任务 {task} 不是分配给您的', 'Task {task} is not assigned to you'),
  instance_ended: text('该流程已结束（{status}）', 'This workflow has ended ({status})'),
  unknown_task: text('没有任务 {task}', 'There is no task {task}'),
  unknown_timer: text('没有定时器 {timer}', 'There is no timer {timer}'),
  bad_outcome: text('任务 {task} 不能以“{outcome}”完成', 'Task {task} cannot be completed with "{outcome}"'),
  comment_required: text('请填写意见', 'A comment is required'),
  bad_event: text('无效的事件：{reason}', 'Invalid event: {reason}'),
  no_assignee: text('步骤 {step} 找不到处理人', 'Nobody can be assigned to step {step}'),
  step_limit: text(
    '自动步骤循环超过 {limit} 次，流程定义有误',
    'Automatic steps looped more than {limit} times: the workflow definition is wrong',
  ),
};

export type Rejection = Extract<TransitionResult, { ok: false }>;

export function reject(
  code: RejectionCode,
  params: Readonly<Record<string, string | number | Bilingual>> = {},
): Rejection {
  return { ok: false, code, message: text(MESSAGES[code]['zh-CN'], MESSAGES[code].en, params) };
}

/** Thrown inside a run to abandon it; caught by `transition`, never escapes it. */
export class RunAborted {
  constructor(readonly rejection: Rejection) {}
}
