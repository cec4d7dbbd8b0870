import { TAG_BLANK } from '@keyscore/formula';
import { AccountPeriodGrid } from './account-period-grid';

const index = new Map([
  ['acc-a', 0],
  ['acc-b', 1],
  ['acc-c', 2],
]);

describe('AccountPeriodGrid', () => {
  it('places rows by account and period, outside ones nowhere, and lists rows in directory then period order', () => {
    const grid = new AccountPeriodGrid(3, 2);
    // The query's periods are [Q2, Q1]; the grid's are [Q1, Q2].
    const cells = grid.locate(index, ['acc-c', 'acc-a', 'nobody', 'acc-a'], [0, 1, 0, 0], [1, 0]);
    expect([...cells]).toEqual([5, 0, -1, 1]);
    grid.mark(cells);
    expect([...grid.rows()]).toEqual([0, 1, 5]);
  });

  it('keeps the value of the first source in precedence, even a blank one', () => {
    const grid = new AccountPeriodGrid(3, 1);
    const cells = Int32Array.from([0, 0, 1, 1, 2]);
    grid.mark(cells);
    grid.set(cells, ['revenue'], [0, 0, 0, 0, 0], [10, null, 30, '40', 50], [2, 0, 1, 3, 99]);
    const column = grid.column('revenue', grid.rows());
    expect([...column.values]).toEqual([0, 30, 50]);
    expect([...column.tags!]).toEqual([TAG_BLANK, 0, 0]);
  });

  it('lets joining values into rows that exist only (last year), and reads an unset column as blanks', () => {
    const grid = new AccountPeriodGrid(2, 1);
    grid.mark(Int32Array.from([1]));
    grid.set(Int32Array.from([0, 1]), ['revenue_last_year'], [0, 0], [5, 6], null, true);
    const rows = grid.rows();
    expect([...grid.column('revenue_last_year', rows).values]).toEqual([6]);
    expect([...grid.column('target', rows).tags!]).toEqual([TAG_BLANK]);
    expect(grid.names()).toEqual(['revenue_last_year']);
  });
});
