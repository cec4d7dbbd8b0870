import { CompiledFormula, ERROR_DESCRIPTIONS, isError } from '@keyscore/formula';
import { Bilingual, text } from './bilingual';
import type { ScoringRule } from './kpi.schema';

/** The result of applying a scoring rule: a score, or why there is none. */
export interface RuleOutcome {
  readonly score: number | null;
  /** For a gate: whether the value is a breach. */
  readonly breach: boolean;
  readonly error: Bilingual | null;
}

/** The extra numbers a custom rule formula may read; null when unknown (blank in the formula). */
export interface RuleContext {
  readonly prior: number | null;
  readonly previous: number | null;
}

/** Whether a rule needs the target to produce a score. */
export function ruleNeedsTarget(rule: ScoringRule): boolean {
  switch (rule.type) {
    case 'linear':
    case 'lower_is_better':
      return true;
    case 'step':
      return rule.relative === true;
    case 'gate':
      return false;
    case 'formula':
      // A custom formula reads the target as blank when there is none and decides itself.
      return false;
  }
}

/**
 * @internal A reusable outcome, so scoring 600,000 KPIs does not allocate one per rule. `score` is always a
 * number (0 without a score, see `scored`): a field that only ever holds numbers keeps its double in place,
 * where a number-or-null field boxes every new score in a fresh heap number.
 */
export interface MutableOutcome {
  scored: boolean;
  score: number;
  breach: boolean;
  error: Bilingual | null;
}

/** @internal A fresh outcome to pass to `applyRuleInto`. */
export function mutableOutcome(): MutableOutcome {
  return { scored: false, score: 0, breach: false, error: null };
}

let out: MutableOutcome = mutableOutcome();

function ok(score: number): MutableOutcome {
  out.scored = true;
  out.score = score;
  out.breach = false;
  out.error = null;
  return out;
}

function bad(error: Bilingual): MutableOutcome {
  out.scored = false;
  out.score = 0;
  out.breach = false;
  out.error = error;
  return out;
}

function breach(): MutableOutcome {
  out.scored = true;
  out.score = 0;
  out.breach = true;
  out.error = null;
  return out;
}

/** 0 at `floor`, 100 at `target`, `cap` at `stretch`, linear between (the LINEAR_SCORE of the formula engine). */
function linear(a: number, floor: number, target: number, stretch: number, cap: number): MutableOutcome {
  if (!(floor < target && target <= stretch)) {
    return bad(
      text(
        '目标 {target} 不在底线 {floor} 与挑战值 {stretch} 之间',
        'The target {target} is not between the floor {floor} and the stretch {stretch}',
        { target, floor, stretch },
      ),
    );
  }
  if (a <= floor) return ok(0);
  if (a < target) return ok(((a - floor) / (target - floor)) * 100);
  if (stretch === target || a >= stretch) return ok(cap);
  return ok(100 + ((a - target) / (stretch - target)) * (cap - 100));
}

/**
 * Applies a scoring rule. `ruleFormula` is the precompiled custom formula for `formula` rules.
 * Never throws; a rule that cannot score (bad target, formula error) says why.
 */
export function applyRule(
  rule: ScoringRule,
  value: number,
  target: number | null,
  direction: 'higher' | 'lower',
  ruleFormula: CompiledFormula | null,
  context: RuleContext,
): RuleOutcome {
  const r = applyRuleInto(
    mutableOutcome(),
    rule,
    value,
    target,
    direction,
    ruleFormula,
    context.prior,
    context.previous,
  );
  return { score: r.scored ? r.score : null, breach: r.breach, error: r.error };
}

/** @internal `applyRule` writing into `into` (the scorer reuses one per account) instead of allocating. */
export function applyRuleInto(
  into: MutableOutcome,
  rule: ScoringRule,
  value: number,
  target: number | null,
  direction: 'higher' | 'lower',
  ruleFormula: CompiledFormula | null,
  prior: number | null,
  previous: number | null,
): MutableOutcome {
  out = into;
  switch (rule.type) {
    case 'linear':
    case 'lower_is_better': {
      if (target === null) return bad(NO_TARGET);
      const lower = rule.type === 'lower_is_better';
      const edge = lower ? rule.ceiling : rule.floor;
      if (rule.relative && !(target > 0)) return bad(relativeNeedsPositive(target));
      const e = rule.relative ? edge * target : edge;
      const s = rule.relative ? rule.stretch * target : rule.stretch;
      // Lower is better is the mirror image: negate everything and score as higher is better.
      return lower ? linear(-value, -e, -target, -s, rule.cap) : linear(value, e, target, s, rule.cap);
    }
    case 'step': {
      if (rule.relative && target === null) return bad(NO_TARGET);
      if (rule.relative && !((target as number) > 0)) return bad(relativeNeedsPositive(target as number));
      const m = rule.relative ? (target as number) : 1;
      const bands = rule.bands;
      if (direction === 'lower') {
        for (let i = 0; i < bands.length; i++) if (value <= bands[i].threshold * m) return ok(bands[i].score);
        return ok(0);
      }
      let score = 0;
      for (let i = 0; i < bands.length; i++) if (value >= bands[i].threshold * m) score = bands[i].score;
      return ok(score);
    }
    case 'gate':
      return value > (rule.breachAbove ?? 0) ? breach() : ok(100);
    case 'formula': {
      if (!ruleFormula) return bad(text('评分公式未编译', 'The scoring formula was not compiled'));
      // One row object for every evaluation (evaluation is synchronous and keeps no reference to it).
      const row = RULE_ROW;
      row.value = value;
      row.target = target;
      row.prior = prior;
      row.previous = previous;
      const v = ruleFormula.evaluate(row);
      if (typeof v !== 'number') {
        const code = isError(v) ? v.code : String(v);
        const desc = isError(v)
          ? ERROR_DESCRIPTIONS[v.code]
          : { 'zh-CN': '结果不是数字', en: 'not a number' };
        return bad(
          text('评分公式结果为 {code}（{zh}）', 'The scoring formula gave {code} ({en})', {
            code,
            zh: desc['zh-CN'],
            en: desc.en,
          }),
        );
      }
      const cap = rule.cap ?? 100;
      return ok(v < 0 ? 0 : v > cap ? cap : v);
    }
  }
}

const RULE_ROW: { value: number; target: number | null; prior: number | null; previous: number | null } = {
  value: 0,
  target: null,
  prior: null,
  previous: null,
};

const NO_TARGET = text('没有目标值，无法评分', 'No target, so no score');

function relativeNeedsPositive(target: number): Bilingual {
  return text(
    '相对规则需要正的目标值，实际为 {target}',
    'A relative rule needs a positive target, got {target}',
    { target },
  );
}
