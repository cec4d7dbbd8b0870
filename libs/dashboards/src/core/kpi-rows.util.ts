import type { ChosenScores } from './chosen-scores.util';

/**
 * The KPI rows that belong to the scores that count, as positions in the columns read, in fixed order —
 * directory order, then period, then KPI key — whatever order the database sent them in. A KPI row
 * belongs to the chosen score of its account and period when it has that score's cycle: a cycle holds
 * one score per account.
 */
export function chosenKpiRows(
  rows: {
    /** The cycles read; `cycle` points into it (-1: another cycle). */
    readonly cycles: readonly string[];
    readonly cycle: ArrayLike<number>;
    readonly account: readonly string[];
    /** Index into `chosen.periods`. */
    readonly period: ArrayLike<number>;
    readonly kpi: readonly unknown[];
  },
  chosen: ChosenScores,
  accountIndex: ReadonlyMap<string, number>,
): { order: Int32Array; cells: Int32Array } {
  const P = chosen.periods.length;
  const length = rows.account.length;
  const chosenCycle = rows.cycles.map((id) => chosen.cycles.indexOf(id));
  const cellOf = new Int32Array(length).fill(-1);
  const counts = new Int32Array(chosen.cellCycle.length + 1);
  for (let i = 0; i < length; i++) {
    const a = accountIndex.get(rows.account[i]!);
    const p = rows.period[i]!;
    if (a === undefined || !(p >= 0 && p < P)) continue;
    const cell = a * P + p;
    const cycle = rows.cycle[i]! < 0 ? -1 : chosenCycle[rows.cycle[i]!]!;
    if (cycle < 0 || chosen.cellCycle[cell] !== cycle) continue;
    cellOf[i] = cell;
    counts[cell + 1]!++;
  }
  // Counting sort by cell, then each cell's few rows by KPI key.
  for (let c = 1; c < counts.length; c++) counts[c]! += counts[c - 1]!;
  const n = counts[counts.length - 1]!;
  const order = new Int32Array(n);
  const next = counts.slice(0, -1);
  for (let i = 0; i < length; i++) if (cellOf[i]! >= 0) order[next[cellOf[i]!]!++] = i;
  const kpi = (i: number) => String(rows.kpi[i]);
  for (let start = 0; start < n;) {
    const cell = cellOf[order[start]!]!;
    let end = start + 1;
    while (end < n && cellOf[order[end]!] === cell) end++;
    for (let j = start + 1; j < end; j++) {
      const row = order[j]!;
      const key = kpi(row);
      let k = j - 1;
      while (k >= start && kpi(order[k]!) > key) {
        order[k + 1] = order[k]!;
        k--;
      }
      order[k + 1] = row;
    }
    start = end;
  }
  const cells = new Int32Array(n);
  for (let j = 0; j < n; j++) cells[j] = cellOf[order[j]!]!;
  return { order, cells };
}
