import { CyclesErrorCode, CyclesException } from './cycles.exception';

const BY_CODE: Record<string, CyclesErrorCode> = {
  task_not_open: CyclesErrorCode.TaskNotOpen,
  unknown_task: CyclesErrorCode.TaskNotOpen,
  not_assignee: CyclesErrorCode.NotAssignee,
  instance_ended: CyclesErrorCode.InstanceEnded,
  comment_required: CyclesErrorCode.CommentRequired,
  bad_outcome: CyclesErrorCode.BadOutcome,
  busy: CyclesErrorCode.Busy,
  bad_event: CyclesErrorCode.BadEvent,
  no_assignee: CyclesErrorCode.NoAssignee,
  step_limit: CyclesErrorCode.StepLimit,
};

/** Where in the request a declined transition's cause lies, when it is one field. */
const POINTERS: Record<string, string> = {
  comment_required: '/body/comment',
};

/** The HTTP answer to a transition the core declined (409 for a lost race, 403, 422). */
export function rejectionException(code: string): CyclesException {
  return new CyclesException(BY_CODE[code] ?? CyclesErrorCode.BadOutcome, code, POINTERS[code]);
}
