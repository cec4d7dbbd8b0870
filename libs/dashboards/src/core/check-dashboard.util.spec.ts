import { BUILTIN_DASHBOARDS } from './builtin-dashboards';
import { checkDashboard } from './check-dashboard.util';
import type { DashboardDocument } from './dashboard.schema';
import { measure, widget } from './test-frame';

const L = { 'zh-CN': '测试', en: 'Test' };
const board = (widgets: DashboardDocument['widgets']): DashboardDocument => ({ key: 'x', title: L, widgets });

describe('checkDashboard', () => {
  it.each(BUILTIN_DASHBOARDS.map((d) => [d.key, d] as const))('the built-in %s holds', (_key, document) => {
    expect(checkDashboard(document)).toEqual([]);
  });

  it('points at a formula that does not check, with its line and column in both languages', () => {
    const errors = checkDashboard(
      board([
        widget({ id: 'a', measures: [measure('ok', 'SUM(revenue)')] }),
        widget({ id: 'b', measures: [measure('bad', 'SUM(revenue)/\nSUM(targte)')] }),
      ]),
    );
    expect(errors).toEqual([
      {
        pointer: '/widgets/1/measures/0/formula',
        message: {
          en: 'Formula "SUM(revenue)/\nSUM(targte)", line 2, column 5: Unknown field targte',
          'zh-CN': '公式“SUM(revenue)/\nSUM(targte)”第 2 行第 5 列：未知字段 targte',
        },
      },
    ]);
  });

  it.each([
    ['a field outside an aggregate', 'revenue / 2', 'field revenue must be inside an aggregate'],
    ['an unfinished call', 'SUM(revenue', 'Expected ")"'],
    ['COUNT of a text field', 'COUNTIF(rating, "S")/COUNT(rating)', 'use COUNTA(rating)'],
  ])('refuses %s', (_what, formula, message) => {
    const [error] = checkDashboard(
      board([widget({ dataset: 'account_scores', measures: [measure('m', formula)] })]),
    );
    expect(error!.pointer).toBe('/widgets/0/measures/0/formula');
    expect(error!.message.en).toContain(message);
  });

  it('checks a where formula as a row formula', () => {
    expect(
      checkDashboard(board([widget({ where: 'region = "east"', measures: [measure('m', 'SUM(revenue)')] })])),
    ).toEqual([]);
    expect(
      checkDashboard(
        board([widget({ where: 'regoin = "east"', measures: [measure('m', 'SUM(revenue)')] })]),
      )[0]!.pointer,
    ).toBe('/widgets/0/where');
  });

  it.each([
    [
      'a heatmap with one group-by field',
      widget({ type: 'heatmap', groupBy: ['account_type'], measures: [measure('m', 'SUM(revenue)')] }),
      '/widgets/0/type',
    ],
    [
      'a number card with a group-by',
      widget({ type: 'number', groupBy: ['region'], measures: [measure('m', 'SUM(revenue)')] }),
      '/widgets/0/type',
    ],
    [
      'an unknown group-by field',
      widget({ groupBy: ['regoin'], measures: [measure('m', 'SUM(revenue)')] }),
      '/widgets/0/groupBy/0',
    ],
    [
      'a sort on nothing it has',
      widget({ sort: { by: 'nope' }, measures: [measure('m', 'SUM(revenue)')] }),
      '/widgets/0/sort/by',
    ],
    [
      'an alert without periods',
      widget({
        groupBy: ['region'],
        alert: { measure: 'm', worse: 'up' },
        measures: [measure('m', 'SUM(revenue)')],
      }),
      '/widgets/0/alert',
    ],
  ])('refuses %s', (_what, w, pointer) => {
    expect(checkDashboard(board([w])).map((e) => e.pointer)).toContain(pointer);
  });

  it('refuses two widgets with one id', () => {
    const w = widget({ measures: [measure('m', 'SUM(revenue)')] });
    expect(checkDashboard(board([w, w])).map((e) => e.pointer)).toEqual(['/widgets/1/id']);
  });
});
