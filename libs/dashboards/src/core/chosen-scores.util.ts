/**
 * Stored cycle scores as the repository reads them, one entry per score in each column: the period as an
 * index into the periods asked for, the cycle's status and launch time. Numbers may come as text from
 * PostgreSQL.
 */
export interface ScoreColumns {
  readonly id: readonly string[];
  readonly account: readonly string[];
  readonly period: readonly number[];
  readonly cycle: readonly string[];
  readonly score: readonly (number | string | null)[];
  readonly rating: readonly (string | null)[];
  readonly coverage: readonly (number | string | null)[];
  readonly status: readonly string[];
  readonly launched: readonly (string | null)[];
}

/** Per account and period, the score that counts — one per directory account × period cell at most. */
export interface ChosenScores {
  readonly periods: readonly string[];
  /** The chosen scores in fixed order: directory order, then period order. */
  readonly length: number;
  readonly account: Int32Array;
  /** Index into `periods`. */
  readonly period: Int32Array;
  readonly id: readonly string[];
  readonly cycleId: readonly string[];
  readonly score: readonly (number | null)[];
  readonly rating: readonly (string | null)[];
  readonly coverage: readonly (number | null)[];
  /** 1 when the score's cycle is closed (its score is locked). */
  readonly locked: Uint8Array;
  /** The cycles of the chosen scores; `cellCycle` points into it. */
  readonly cycles: readonly string[];
  /** Per account × period cell (account × periods + period): the chosen score's cycle, -1 for none. */
  readonly cellCycle: Int32Array;
  /** Per account × period cell: the chosen score's position in this list, -1 for none. */
  readonly cellScore: Int32Array;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * A closed cycle's score wins its quarter; among the rest the latest launched cycle's, then the greater
 * id (so the choice never depends on the order rows were read in). Accounts outside the directory are
 * left out.
 */
export function chooseScores(
  scores: ScoreColumns,
  accountIndex: ReadonlyMap<string, number>,
  accounts: number,
  periods: readonly string[],
): ChosenScores {
  const P = periods.length;
  const best = new Int32Array(accounts * P).fill(-1);
  const closed = (i: number) => (scores.status[i] === 'closed' ? 1 : 0);
  const better = (a: number, b: number) =>
    closed(a) - closed(b) ||
    String(scores.launched[a] ?? '').localeCompare(String(scores.launched[b] ?? '')) ||
    scores.id[a]!.localeCompare(scores.id[b]!);
  for (let i = 0; i < scores.id.length; i++) {
    const a = accountIndex.get(scores.account[i]!);
    const p = scores.period[i]!;
    if (a === undefined || !(p >= 0 && p < P)) continue;
    const cell = a * P + p;
    const current = best[cell]!;
    if (current < 0 || better(i, current) > 0) best[cell] = i;
  }
  let n = 0;
  for (let c = 0; c < best.length; c++) if (best[c]! >= 0) n++;
  const out = {
    account: new Int32Array(n),
    period: new Int32Array(n),
    id: new Array<string>(n),
    cycleId: new Array<string>(n),
    score: new Array<number | null>(n),
    rating: new Array<string | null>(n),
    coverage: new Array<number | null>(n),
    locked: new Uint8Array(n),
  };
  const cycles: string[] = [];
  const cycleIndex = new Map<string, number>();
  const cellCycle = new Int32Array(best.length).fill(-1);
  const cellScore = new Int32Array(best.length).fill(-1);
  let at = 0;
  for (let c = 0; c < best.length; c++) {
    const i = best[c]!;
    if (i < 0) continue;
    const cycleId = scores.cycle[i]!;
    let cycle = cycleIndex.get(cycleId);
    if (cycle === undefined) {
      cycle = cycles.length;
      cycles.push(cycleId);
      cycleIndex.set(cycleId, cycle);
    }
    cellCycle[c] = cycle;
    cellScore[c] = at;
    out.account[at] = Math.floor(c / P);
    out.period[at] = c % P;
    out.id[at] = scores.id[i]!;
    out.cycleId[at] = cycleId;
    out.score[at] = num(scores.score[i]);
    out.rating[at] = scores.rating[i] ?? null;
    out.coverage[at] = num(scores.coverage[i]);
    out.locked[at] = closed(i);
    at++;
  }
  return { periods, length: n, ...out, cycles, cellCycle, cellScore };
}
