/**
 * Rounds half away from zero to `digits` decimals. The tiny relative nudge makes binary noise
 * (2.675 is stored as 2.67499999…) round the way the decimal reads, as spreadsheets do, without the
 * string work of an exact decimal rounding — this runs millions of times per scoring cycle.
 */
export function roundTo(x: number, digits = 2): number {
  if (x === 0 || x - x !== 0) return x;
  const f = digits === 2 ? 100 : 10 ** digits;
  const y = Math.abs(x) * f;
  const r = Math.floor(y + 0.5 + y * 1e-12) / f;
  return x < 0 ? -r : r;
}
