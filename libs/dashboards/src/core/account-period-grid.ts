import { TAG_BLANK, type NumericColumn } from '@keyscore/formula';

/** No source has set the cell yet: any source's value takes it. */
const UNSET = 255;

/**
 * Numbers keyed by (account, period) in flat typed arrays, one slot per directory account × period, so
 * the database's rows are placed without an object per row (those objects and their garbage were a large
 * part of a cold dashboard's time). The frame's rows are the marked cells in one fixed order — directory order, then
 * period — whatever order the database sent them in, so the same data always sums in the same order.
 */
export class AccountPeriodGrid {
  private readonly marked: Uint8Array;
  private readonly columns = new Map<string, { values: Float64Array; ranks: Uint8Array }>();

  constructor(
    readonly accounts: number,
    readonly periods: number,
  ) {
    this.marked = new Uint8Array(accounts * periods);
  }

  /**
   * The cell of each row read, from its account id and its period's position in `periodAt` (the query's
   * periods as positions in the grid's); -1 for an account outside the directory. The loops over rows are
   * small methods of their own: V8 optimises them at once, where one long loader function kept being
   * recompiled.
   */
  locate(
    accountIndex: ReadonlyMap<string, number>,
    accounts: readonly string[],
    periods: ArrayLike<number>,
    periodAt: readonly number[],
  ): Int32Array {
    const out = new Int32Array(accounts.length);
    for (let i = 0; i < accounts.length; i++) {
      const a = accountIndex.get(accounts[i]!);
      const p = periodAt[periods[i]!];
      out[i] = a === undefined || p === undefined ? -1 : a * this.periods + p;
    }
    return out;
  }

  /** Makes these cells rows of the frame. */
  mark(cells: Int32Array): void {
    for (let i = 0; i < cells.length; i++) if (cells[i]! >= 0) this.marked[cells[i]!] = 1;
  }

  /**
   * Sets each row's value in its cell of column `names[which[i]]`, unless a source earlier in the
   * precedence (a lower rank) set it: as in scoring, the first source in precedence counts, even when its
   * value is blank. `onlyMarked`: values that join rows but make none (last year's).
   */
  set(
    cells: Int32Array,
    names: readonly string[],
    which: ArrayLike<number>,
    values: readonly (number | string | null)[],
    ranks: ArrayLike<number> | null,
    onlyMarked = false,
  ): void {
    const columns = names.map((name) => this.columnOf(name));
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell < 0 || (onlyMarked && this.marked[cell] === 0)) continue;
      const col = columns[which[i]!]!;
      const rank = ranks ? ranks[i]! : 0;
      if (rank < col.ranks[cell]!) {
        col.ranks[cell] = rank;
        const v = values[i];
        // Non-finite numbers come as text ("NaN") from PostgreSQL's JSON; they read as blank.
        col.values[cell] = v === null || v === undefined ? NaN : Number(v);
      }
    }
  }

  private columnOf(name: string): { values: Float64Array; ranks: Uint8Array } {
    let col = this.columns.get(name);
    if (!col) {
      col = {
        values: new Float64Array(this.marked.length).fill(NaN),
        ranks: new Uint8Array(this.marked.length).fill(UNSET),
      };
      this.columns.set(name, col);
    }
    return col;
  }

  /** The marked cells, in directory order and then period order: the frame's rows. */
  rows(): Int32Array {
    let n = 0;
    for (let c = 0; c < this.marked.length; c++) n += this.marked[c]!;
    const out = new Int32Array(n);
    let at = 0;
    for (let c = 0; c < this.marked.length; c++) if (this.marked[c]) out[at++] = c;
    return out;
  }

  names(): string[] {
    return [...this.columns.keys()];
  }

  /** A column over these cells; unset and non-finite values are blank. */
  column(name: string, cells: Int32Array): NumericColumn {
    const source = this.columns.get(name)?.values;
    const values = new Float64Array(cells.length);
    let tags: Uint8Array | null = null;
    for (let i = 0; i < cells.length; i++) {
      const v = source ? source[cells[i]!]! : NaN;
      if (Number.isFinite(v)) values[i] = v;
      else {
        tags ??= new Uint8Array(cells.length);
        tags[i] = TAG_BLANK;
      }
    }
    return { values, tags };
  }
}
