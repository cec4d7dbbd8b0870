import { ScoringIssue, text } from './bilingual';
import type { Adjustment } from './input.types';

export interface ValidateAdjustmentOptions {
  /** For applying (not previewing): an approver is required and must not be the requester. */
  readonly requireApproval?: boolean;
}

/** What makes an adjustment usable: a reason, an approver (not the requester), and its kind's number. */
export function validateAdjustment(adj: Adjustment, options: ValidateAdjustmentOptions = {}): ScoringIssue[] {
  const issues: ScoringIssue[] = [];
  const reason = typeof adj.reason === 'string' ? adj.reason : adj.reason['zh-CN'] + adj.reason.en;
  if (reason.trim() === '')
    issues.push({ pointer: '/reason', message: text('调整必须填写原因', 'An adjustment needs a reason') });
  if (options.requireApproval) {
    if (!adj.approver) {
      issues.push({
        pointer: '/approver',
        message: text('调整必须有审批人', 'An adjustment needs an approver'),
      });
    } else if (adj.requestedBy !== undefined && adj.approver === adj.requestedBy) {
      issues.push({
        pointer: '/approver',
        message: text('申请人不能审批自己的调整', 'The requester cannot approve their own adjustment'),
      });
    }
  }
  if (
    adj.kind === 'market_index' &&
    !(typeof adj.index === 'number' && adj.index > 0 && adj.index - adj.index === 0)
  )
    issues.push({
      pointer: '/index',
      message: text(
        '市场指数必须是正数（如 0.9 表示市场萎缩 10%）',
        'The market index must be positive (0.9 = the market shrank 10%)',
      ),
    });
  if (adj.kind === 'rebaseline' && !(typeof adj.target === 'number' && adj.target - adj.target === 0))
    issues.push({
      pointer: '/target',
      message: text('重新设定目标必须给出新的目标值', 'A re-baselined target needs the new target value'),
    });
  return issues;
}
