import { check } from '@keyscore/formula';
import type { Bilingual, FieldError } from '@keyscore/i18n';
import { conditionDataNames } from './instance-data.util';
import { placeholders, text } from './text.util';
import { AUTOMATIC_STEP_TYPES, workflowGraph, type WorkflowGraph } from './workflow-graph.util';
import type { WorkflowDefinition, WorkflowStep } from './workflow.schema';

/**
 * The meaning check of a workflow document (after its JSON Schema): unique ids, references, reachability,
 * a way to an end from every step, splits matched to joins, loops that never wait, condition formulas,
 * approval rules, return targets, deadlines. Returns every problem with a pointer; never throws.
 */
export function validateWorkflow(def: WorkflowDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const add: Add = (pointer, zh, en, params = {}) => errors.push({ pointer, message: text(zh, en, params) });
  const g = workflowGraph(def);

  // Unique ids.
  def.steps.forEach((s, i) => {
    const first = g.byId.get(s.id);
    if (first && first.index !== i) {
      add(
        `/steps/${i}/id`,
        '步骤 ID“{id}”重复（与第 {n} 步相同）',
        'Step id "{id}" is used twice (also step {n})',
        {
          id: s.id,
          n: first.index + 1,
        },
      );
    }
  });

  // References.
  if (!g.byId.has(def.start))
    add('/start', '起始步骤“{id}”不存在', 'The start step "{id}" does not exist', { id: def.start });
  const dangling = new Set<string>();
  for (const e of g.edges) {
    if (g.byId.has(e.to)) continue;
    dangling.add(e.pointer);
    add(e.pointer, '步骤“{id}”不存在', 'There is no step "{id}"', { id: e.to });
  }

  // Every step reachable from start (over every arrow).
  const all = new Map<string, string[]>();
  for (const e of g.edges) if (g.byId.has(e.to)) all.set(e.from, [...(all.get(e.from) ?? []), e.to]);
  const reachable = walk(
    [def.start].filter((s) => g.byId.has(s)),
    (s) => all.get(s) ?? [],
  );
  def.steps.forEach((s, i) => {
    if (g.byId.get(s.id)?.index === i && !reachable.has(s.id)) {
      add(`/steps/${i}`, '从起始步骤无法到达步骤“{id}”', 'Step "{id}" cannot be reached from the start', {
        id: s.id,
      });
    }
  });

  // An end reachable from every step.
  const ends = def.steps.filter((s) => s.type === 'end').map((s) => s.id);
  if (ends.length === 0) add('/steps', '流程没有结束步骤', 'The workflow has no end step');
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of all) for (const to of tos) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const canEnd = walk(ends, (s) => reverse.get(s) ?? []);
  def.steps.forEach((s, i) => {
    if (ends.length > 0 && g.byId.get(s.id)?.index === i && reachable.has(s.id) && !canEnd.has(s.id)) {
      add(`/steps/${i}`, '从步骤“{id}”无法到达任何结束步骤', 'No end step can be reached from step "{id}"', {
        id: s.id,
      });
    }
  });

  checkSplits(def, g, add);
  checkAutomaticLoops(def, g, add);

  // Step-level rules.
  const names = conditionDataNames(def);
  def.steps.forEach((s, i) => {
    if (s.type === 'condition') {
      s.branches.forEach((b, j) => {
        const result = check(b.when, names);
        for (const d of result.diagnostics) {
          if (d.severity !== 'error') continue;
          add(
            `/steps/${i}/branches/${j}/when`,
            '条件公式第 {line} 行第 {column} 列：{message}',
            'Condition formula, line {line}, column {column}: {message}',
            { line: d.line, column: d.column, message: d.message },
          );
        }
        if (result.ok && result.type === 'text') {
          add(
            `/steps/${i}/branches/${j}/when`,
            '条件公式的结果应为 TRUE 或 FALSE，而不是文本',
            'A condition must be TRUE or FALSE, not text',
          );
        }
      });
    }
    if (s.type === 'approval') {
      if (s.mode === 'single' && s.assignees.length !== 1) {
        add(
          `/steps/${i}/assignees`,
          '单人审批只能有一条处理人规则',
          'A single approval has exactly one assignee rule',
        );
      }
      if (s.assignees.length < 1)
        add(`/steps/${i}/assignees`, '至少需要一条处理人规则', 'At least one assignee rule is needed');
      const target = s.next.return;
      if (target !== undefined && !dangling.has(`/steps/${i}/next/return`) && !precedes(g, target, s.id)) {
        add(
          `/steps/${i}/next/return`,
          '退回目标“{id}”必须是本步骤之前、且在同一并行分支内的步骤',
          'The return target "{id}" must be a step before this one, in the same parallel branch',
          { id: target },
        );
      }
    }
    if ((s.type === 'form' || s.type === 'approval') && s.due) {
      const due = s.due;
      due.remindBefore?.forEach((d, j) => {
        if (d >= due.days) {
          add(
            `/steps/${i}/due/remindBefore/${j}`,
            '提醒天数必须小于期限（{days} 天）',
            'A reminder must come before the deadline ({days} days)',
            {
              days: due.days,
            },
          );
        }
      });
      const esc = due.escalate;
      if (esc !== undefined && 'action' in esc && (s.type === 'form') !== (esc.action === 'submit')) {
        add(
          `/steps/${i}/due/escalate/action`,
          s.type === 'form' ? '表单任务到期只能自动提交（submit）' : '审批任务到期只能自动同意或驳回',
          s.type === 'form'
            ? 'A form task can only be submitted automatically'
            : 'An approval can only be approved or rejected automatically',
        );
      }
    }
    if (s.type === 'notify') {
      for (const part of ['subject', 'body'] as const) {
        for (const locale of ['zh-CN', 'en'] as const) {
          for (const name of placeholders(s.message[part][locale])) {
            if (names.has(name)) continue;
            add(
              `/steps/${i}/message/${part}/${locale}`,
              '消息中的 {{name}} 不是已知的流程数据',
              'The message uses {{name}}, which is not known instance data',
              { name },
            );
          }
        }
      }
    }
    if (s.type === 'wait') {
      s.reminders?.forEach((d, j) => {
        if (d >= s.days) {
          add(
            `/steps/${i}/reminders/${j}`,
            '提醒天数必须小于等待天数（{days} 天）',
            'A reminder must come before the end of the wait ({days} days)',
            {
              days: s.days,
            },
          );
        }
      });
    }
  });
  return errors;
}

type Params = Record<string, string | number | Bilingual>;
type Add = (pointer: string, zh: string, en: string, params?: Params) => void;

function walk(from: readonly string[], next: (s: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const s = stack.pop() as string;
    if (seen.has(s)) continue;
    seen.add(s);
    stack.push(...next(s));
  }
  return seen;
}

/** The return target comes before the step (forward arrows lead from it to the step) in the same branch. */
function precedes(g: WorkflowGraph, target: string, stepId: string): boolean {
  if (target === stepId || !g.byId.has(target)) return false;
  const ahead = walk(g.forward.get(target) ?? [], (s) => g.forward.get(s) ?? []);
  if (!ahead.has(stepId)) return false;
  const a = g.branchOf.get(target);
  const b = g.branchOf.get(stepId);
  return a?.parallel === b?.parallel && a?.root === b?.root;
}

/** Each split's branches all reach one join before any end and stay apart; a join is entered only from its split. */
function checkSplits(def: WorkflowDefinition, g: WorkflowGraph, add: Add): void {
  const indexOf = (id: string) => g.byId.get(id)?.index ?? 0;
  const joinOwners = new Map<string, string[]>();
  for (const m of g.parallels.values()) {
    const i = indexOf(m.parallel);
    for (const p of m.problems) {
      if (p.kind === 'leak') {
        add(
          `/steps/${i}/branches`,
          '并行分支“{root}”在汇合前到达了“{step}”（分支必须先汇合）',
          'Parallel branch "{root}" reaches "{step}" before any join (branches must join first)',
          { root: p.root, step: p.step },
        );
      } else if (p.kind === 'no_join') {
        add(
          `/steps/${i}/branches`,
          '并行分支“{root}”没有到达汇合步骤',
          'Parallel branch "{root}" never reaches a join',
          {
            root: p.root,
          },
        );
      } else if (p.kind === 'mismatch') {
        add(
          `/steps/${i}/branches`,
          '并行分支到达了不同的汇合步骤：{joins}（应为同一个）',
          'The parallel branches reach different joins: {joins} (they must reach the same one)',
          { joins: p.joins.join(', ') },
        );
      } else if (p.kind === 'overlap') {
        add(`/steps/${i}/branches`, '并行分支共用步骤“{step}”', 'Parallel branches share step "{step}"', {
          step: p.step,
        });
      } else {
        add(
          `/steps/${i}/branches`,
          '嵌套的并行步骤“{step}”没有正确汇合',
          'The nested parallel step "{step}" does not join correctly',
          {
            step: p.step,
          },
        );
      }
    }
    if (m.join !== null) joinOwners.set(m.join, [...(joinOwners.get(m.join) ?? []), m.parallel]);
  }
  def.steps.forEach((s, i) => {
    if (s.type !== 'join' || g.byId.get(s.id)?.index !== i) return;
    const owners = joinOwners.get(s.id) ?? [];
    if (owners.length === 0) {
      // A join some (broken) split reaches is already reported on that split.
      if ([...g.parallels.values()].some((m) => m.reached.has(s.id))) return;
      add(
        `/steps/${i}`,
        '汇合步骤“{id}”没有对应的并行步骤',
        'Join "{id}" does not close any parallel split',
        { id: s.id },
      );
    } else if (owners.length > 1) {
      add(
        `/steps/${i}`,
        '汇合步骤“{id}”被多个并行步骤共用：{owners}',
        'Join "{id}" closes several parallel splits: {owners}',
        {
          id: s.id,
          owners: owners.join(', '),
        },
      );
    }
  });
  // A join counts arrivals per branch of its own split: an arrow into it from elsewhere is a mismatch.
  for (const e of g.edges) {
    const split = g.splitOf.get(e.to);
    if (split === undefined || e.kind === 'return') continue;
    const m = g.parallels.get(split);
    if (e.from === split || m?.inside.has(e.from)) continue;
    add(
      e.pointer,
      '只能从并行步骤“{split}”的分支进入汇合步骤“{join}”',
      'Join "{join}" can only be entered from the branches of "{split}"',
      {
        join: e.to,
        split,
      },
    );
  }
}

/** A loop made only of steps that never wait would spin forever inside one transition. */
function checkAutomaticLoops(def: WorkflowDefinition, g: WorkflowGraph, add: Add): void {
  const automatic = (s: WorkflowStep | undefined) => s !== undefined && AUTOMATIC_STEP_TYPES.has(s.type);
  const next = (id: string) => (g.forward.get(id) ?? []).filter((n) => automatic(g.byId.get(n)?.step));
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    state.set(id, 'open');
    path.push(id);
    for (const n of next(id)) {
      if (state.get(n) === 'open') {
        const loop = path.slice(path.indexOf(n));
        const key = [...loop].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          add(
            `/steps/${g.byId.get(n)?.index ?? 0}`,
            '步骤 {loop} 构成不等待任何处理的循环',
            'Steps {loop} form a loop that never waits for anyone',
            { loop: [...loop, n].join(' → ') },
          );
        }
      } else if (!state.has(n)) visit(n, path);
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const s of def.steps) if (automatic(s) && !state.has(s.id)) visit(s.id, []);
}
