import { DIV0, FormulaError, NUM } from './errors';

/** A number result, or #NUM! when it is not finite (Excel has no Infinity or NaN). */
export function finite(x: number): number | FormulaError {
  return x - x === 0 ? x : NUM;
}

export type RoundMode = 'half-up' | 'up' | 'down';

/**
 * Rounds on the decimal value, as Excel does: the double is first read as its 15-significant-digit
 * decimal (2.675 is 2.67500000000000, not 2.67499999999999982236431605997495353221893310546875),
 * then rounded half away from zero ('half-up'), away from zero ('up') or toward zero ('down').
 */
export function roundDecimal(x: number, digits: number, mode: RoundMode = 'half-up'): number {
  if (x === 0 || x - x !== 0) return x;
  const d = Math.trunc(digits);
  const neg = x < 0;
  const e = Math.abs(x).toExponential(14); // "d.dddddddddddddde±x": 15 significant digits
  const mantissa = e.slice(0, 1) + e.slice(2, 16);
  const exp = Number(e.slice(e.indexOf('e') + 1));
  const keep = exp + 1 + d; // significant digits that stay
  if (keep >= 15) return x;
  let kept: string;
  let bump: boolean;
  if (keep < 0) {
    kept = '0';
    bump = mode === 'up';
  } else {
    kept = keep === 0 ? '0' : mantissa.slice(0, keep);
    const rest = mantissa.slice(keep);
    bump =
      mode === 'half-up' ? rest.charCodeAt(0) >= 53 /* '5' */ : mode === 'up' ? /[1-9]/.test(rest) : false;
  }
  let n = Number(kept);
  if (bump) n += 1;
  const shift = keep < 0 ? -d : exp + 1 - keep;
  const r = Number(`${n}e${shift}`);
  return neg ? -r : r;
}

/** Rounds to 15 significant digits, which hides binary noise such as 1.1/0.1 = 11.000000000000002. */
export function round15(x: number): number {
  return x === 0 || x - x !== 0 ? x : Number(x.toPrecision(15));
}

export function power(a: number, b: number): number | FormulaError {
  if (a === 0) {
    if (b === 0) return NUM;
    if (b < 0) return DIV0;
  }
  return finite(Math.pow(a, b));
}

export function divide(a: number, b: number): number | FormulaError {
  return b === 0 ? DIV0 : finite(a / b);
}
