import { chooseScores, type ScoreColumns } from './chosen-scores.util';
import { chosenKpiRows } from './kpi-rows.util';

const index = new Map([
  ['acc-a', 0],
  ['acc-b', 1],
]);
const PERIODS = ['2026-Q2', '2026-Q3'];

/** Scores as the repository reads them, from [id, account, period index, cycle, score, status, launched]. */
const scores = (rows: [string, string, number, string, number, string, string | null][]): ScoreColumns => ({
  id: rows.map((r) => r[0]),
  account: rows.map((r) => r[1]),
  period: rows.map((r) => r[2]),
  cycle: rows.map((r) => r[3]),
  score: rows.map((r) => r[4]),
  rating: rows.map(() => 'B'),
  coverage: rows.map(() => '1'),
  status: rows.map((r) => r[5]),
  launched: rows.map((r) => r[6]),
});

describe('chooseScores', () => {
  it.each([
    ['a closed cycle wins over a later running one', 'closed', '2026-07-01', 'running', '2026-08-01', 's1'],
    [
      'between running cycles the later launched wins',
      'running',
      '2026-07-01',
      'running',
      '2026-08-01',
      's2',
    ],
    ['on a tie the greater id wins', 'running', '2026-07-01', 'running', '2026-07-01', 's2'],
  ])('%s', (_name, status1, launched1, status2, launched2, winner) => {
    const chosen = chooseScores(
      scores([
        ['s1', 'acc-a', 1, 'c1', 80, status1, launched1],
        ['s2', 'acc-a', 1, 'c2', 60, status2, launched2],
      ]),
      index,
      2,
      PERIODS,
    );
    expect(chosen.id).toEqual([winner]);
  });

  it('lists the chosen scores in directory order, then period, with their cycles by cell', () => {
    const chosen = chooseScores(
      scores([
        ['s3', 'acc-b', 0, 'c1', 70, 'closed', null],
        ['s1', 'acc-a', 1, 'c2', 80, 'closed', null],
        ['s2', 'acc-a', 0, 'c1', 90, 'closed', null],
        ['s4', 'elsewhere', 0, 'c1', 10, 'closed', null],
      ]),
      index,
      2,
      PERIODS,
    );
    expect(chosen.id).toEqual(['s2', 's1', 's3']);
    expect([...chosen.account]).toEqual([0, 0, 1]);
    expect([...chosen.period]).toEqual([0, 1, 0]);
    expect(chosen.score).toEqual([90, 80, 70]);
    expect(chosen.coverage).toEqual([1, 1, 1]);
    expect([...chosen.locked]).toEqual([1, 1, 1]);
    expect(chosen.cycles).toEqual(['c1', 'c2']);
    expect([...chosen.cellCycle]).toEqual([0, 1, 0, -1]);
    expect([...chosen.cellScore]).toEqual([0, 1, 2, -1]);
  });
});

describe('chosenKpiRows', () => {
  it("keeps the rows of each account's chosen cycle, in directory, period and KPI order", () => {
    const chosen = chooseScores(
      scores([
        ['s1', 'acc-a', 1, 'c1', 80, 'closed', null],
        ['s2', 'acc-a', 1, 'c2', 60, 'running', '2026-09-01'],
        ['s3', 'acc-b', 1, 'c2', 70, 'running', '2026-09-01'],
      ]),
      index,
      2,
      PERIODS,
    );
    // The query read cycles [c2, c1, c9]; c9 holds no chosen score.
    const rows = {
      cycles: ['c2', 'c1', 'c9'],
      cycle: [0, 1, 0, 1, 0, 2, -1],
      account: ['acc-b', 'acc-a', 'acc-a', 'acc-a', 'acc-b', 'acc-b', 'acc-a'],
      period: [1, 1, 1, 1, 1, 1, 1],
      kpi: ['profit', 'revenue', 'revenue', 'churn', 'churn', 'profit', 'x'],
    };
    const { order, cells } = chosenKpiRows(rows, chosen, index);
    // acc-a counts c1 (closed): churn, revenue; acc-b counts c2: churn, profit.
    expect([...order]).toEqual([3, 1, 4, 0]);
    expect([...cells]).toEqual([1, 1, 3, 3]);
  });
});
