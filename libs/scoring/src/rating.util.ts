import type { RatingBand } from './template.schema';

/** The first band (best first) whose minimum the score reaches; the last band catches the rest. */
export function ratingFor(score: number, bands: readonly RatingBand[]): RatingBand | null {
  for (let i = 0; i < bands.length; i++) if (score >= bands[i].min) return bands[i];
  return bands.length > 0 ? bands[bands.length - 1] : null;
}
