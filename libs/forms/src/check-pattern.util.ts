import { text, type Bilingual } from './bilingual';

export const MAX_PATTERN_LENGTH = 200;

interface Quantifier {
  readonly min: number;
  readonly max: number;
}

interface Item {
  readonly kind: 'atom' | 'group';
  /** A single literal character (not a class, `.` or `\d`): what the alternation check can compare. */
  readonly literal?: string;
  readonly alternatives?: Item[][];
  quantifier?: Quantifier;
}

class PatternProblem extends Error {
  constructor(readonly problem: Bilingual) {
    super(problem.en);
  }
}

/**
 * Whether an admin's `pattern` is safe to run on user input: at most 200 characters, a valid JS RegExp with
 * flag 'u' (what ajv uses), no backreferences or lookbehinds, and no shape that backtracks exponentially.
 * The backtracking check is deliberately conservative (star height 1): inside a group repeated by `*`, `+`,
 * `{n,}` or `{n,m}` (m > 1) no other quantifier is allowed except an exact `{n}`, and alternatives must start
 * with distinct literal characters — `(a+)+`, `(a*)*`, `(a|a)*`, `(a|ab)*`, `(\w|\d)+` are all refused.
 * Returns the problem, or null when the pattern is acceptable.
 */
export function checkPattern(pattern: string): Bilingual | null {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return text('正则表达式过长（最多 {max} 个字符）', 'The pattern is too long (at most {max} characters)', {
      max: MAX_PATTERN_LENGTH,
    });
  }
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    const reason = e instanceof SyntaxError ? e.message : String(e);
    return text('正则表达式无效：{reason}', 'The pattern is not a valid regular expression: {reason}', {
      reason,
    });
  }
  try {
    const parser = new PatternParser(pattern);
    const alternatives = parser.parseAlternatives(false);
    checkRepetition(alternatives, false);
    return null;
  } catch (e) {
    if (e instanceof PatternProblem) return e.problem;
    throw e;
  }
}

const NESTED = text(
  '正则表达式含有嵌套的重复（如 (a+)+、(a*)*、(a|a)*），可能导致回溯爆炸，请改写',
  'The pattern repeats a repetition (like (a+)+, (a*)* or (a|a)*), which can backtrack exponentially; rewrite it',
);

/** Star height 1: nothing repeats inside a repeated group, and its alternatives cannot overlap. */
function checkRepetition(alternatives: readonly (readonly Item[])[], insideRepeat: boolean): void {
  for (const items of alternatives) {
    for (const item of items) {
      const q = item.quantifier;
      if (q && insideRepeat && q.min !== q.max) throw new PatternProblem(NESTED);
      const repeats = insideRepeat || (q !== undefined && q.max > 1);
      if (item.kind !== 'group' || !item.alternatives) continue;
      if (repeats && item.alternatives.length > 1) {
        const firsts = new Set<string>();
        for (const alt of item.alternatives) {
          const first = alt[0]?.literal;
          if (first === undefined || firsts.has(first)) throw new PatternProblem(NESTED);
          firsts.add(first);
        }
      }
      checkRepetition(item.alternatives, repeats);
    }
  }
}

/** A small parser of the RegExp syntax the 'u' flag accepts; only the shape matters, not the characters. */
class PatternParser {
  private i = 0;

  constructor(private readonly src: string) {}

  parseAlternatives(inGroup: boolean): Item[][] {
    const alternatives: Item[][] = [[]];
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      const current = alternatives[alternatives.length - 1];
      if (c === ')') {
        if (!inGroup) break;
        this.i++;
        return alternatives;
      }
      if (c === '|') {
        this.i++;
        alternatives.push([]);
        continue;
      }
      if (c === '*' || c === '+' || c === '?' || c === '{') {
        const q = this.parseQuantifier();
        const last = current[current.length - 1];
        if (last) last.quantifier = q;
        continue;
      }
      current.push(this.parseAtom());
    }
    return alternatives;
  }

  private parseAtom(): Item {
    const c = this.src[this.i];
    if (c === '\\') return this.parseEscape();
    if (c === '[') {
      this.skipClass();
      return { kind: 'atom' };
    }
    if (c === '(') return this.parseGroup();
    this.i++;
    if (c === '.' || c === '^' || c === '$') return { kind: 'atom' };
    // A surrogate pair is one character under the 'u' flag.
    const code = c.codePointAt(0) as number;
    if (code > 0xffff) this.i++;
    return { kind: 'atom', literal: String.fromCodePoint(code) };
  }

  private parseEscape(): Item {
    const next = this.src[this.i + 1] ?? '';
    this.i += 2;
    if (/[1-9]/.test(next) || next === 'k') {
      throw new PatternProblem(
        text(
          '正则表达式不允许使用反向引用（\\1、\\k<名称>）',
          'Backreferences (\\1, \\k<name>) are not allowed in a pattern',
        ),
      );
    }
    if (next === 'u' && this.src[this.i] === '{') {
      this.i = this.src.indexOf('}', this.i) + 1;
      return { kind: 'atom' };
    }
    if ((next === 'p' || next === 'P') && this.src[this.i] === '{') {
      this.i = this.src.indexOf('}', this.i) + 1;
      return { kind: 'atom' };
    }
    if (next === 'u') this.i += 4;
    else if (next === 'x') this.i += 2;
    else if (next === 'c') this.i += 1;
    // Identity escapes of syntax characters (`\.`, `\(`) are literals; \d, \w, \s, \b… are classes.
    return /[\^$\\.*+?()[\]{}|/-]/.test(next) ? { kind: 'atom', literal: next } : { kind: 'atom' };
  }

  private skipClass(): void {
    this.i++; // '['
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      if (c === '\\') this.i += 2;
      else if (c === ']') {
        this.i++;
        return;
      } else this.i++;
    }
  }

  private parseGroup(): Item {
    this.i++; // '('
    if (this.src[this.i] === '?') {
      const head = this.src.slice(this.i, this.i + 3);
      if (head.startsWith('?<=') || head.startsWith('?<!')) {
        throw new PatternProblem(
          text(
            '正则表达式不允许使用后行断言 (?<= …)、(?<! …)',
            'Lookbehinds (?<= …), (?<! …) are not allowed in a pattern',
          ),
        );
      }
      if (head.startsWith('?:') || head.startsWith('?=') || head.startsWith('?!')) this.i += 2;
      else if (head.startsWith('?<')) this.i = this.src.indexOf('>', this.i) + 1;
      else {
        throw new PatternProblem(
          text('正则表达式含有不支持的分组 (?{head}', 'The pattern has an unsupported group (?{head}', {
            head: head.slice(1),
          }),
        );
      }
    }
    return { kind: 'group', alternatives: this.parseAlternatives(true) };
  }

  private parseQuantifier(): Quantifier {
    const c = this.src[this.i];
    let q: Quantifier;
    if (c === '{') {
      const end = this.src.indexOf('}', this.i);
      const [lo, hi] = this.src.slice(this.i + 1, end).split(',');
      const min = Number(lo);
      q = { min, max: hi === undefined ? min : hi === '' ? Infinity : Number(hi) };
      this.i = end + 1;
    } else {
      q = c === '*' ? { min: 0, max: Infinity } : c === '+' ? { min: 1, max: Infinity } : { min: 0, max: 1 };
      this.i++;
    }
    if (this.src[this.i] === '?') this.i++; // lazy: backtracks just as much on a failing input
    return q;
  }
}
