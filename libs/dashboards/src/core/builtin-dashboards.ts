import type { Bilingual } from '@keyscore/i18n';
import type { DashboardDocument, DashboardMeasure, DashboardWidget } from './dashboard.schema';

const t = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });
const m = (
  key: string,
  label: Bilingual,
  formula: string,
  format: DashboardMeasure['format'] = 'number',
  decimals?: number,
): DashboardMeasure => ({ key, label, formula, format, ...(decimals !== undefined ? { decimals } : {}) });

const ALL_FILTERS: DashboardDocument['filters'] = ['period', 'accountType', 'region', 'department', 'person'];

const REVENUE = 'SUM(revenue)';
const ATTAINMENT = 'SUM(revenue)/SUM(target)';
const GROWTH = 'SUM(revenue)/SUM(revenue_last_year)-1';
const SATISFACTION = 'AVERAGE(satisfaction_score)';
const REPEAT = 'SUM(repeat_orders)/SUM(orders)';
const SHARE = 'SUM(revenue)/SUM(category_spend)';
const CHURN = 'SUM(churned_lines)/SUM(active_lines)';
const COMPLAINTS = 'SUM(complaints_resolved_on_time)/SUM(complaints)';
const PERSON_SCORE = 'SUM(weighted)/SUM(credited)';

const L = {
  revenue: t('收入', 'Revenue'),
  target: t('收入目标', 'Revenue target'),
  attainment: t('目标达成率', 'Attainment'),
  growth: t('收入增长率', 'Revenue growth'),
  satisfaction: t('客户满意度', 'Satisfaction'),
  repeat: t('复购率', 'Repeat purchase rate'),
  share: t('市场份额', 'Market share'),
  churn: t('流失率', 'Churn rate'),
  complaints: t('投诉及时处理率', 'Complaints resolved on time'),
  score: t('得分', 'Score'),
  accounts: t('客户数', 'Accounts'),
};

const card = (
  id: string,
  title: Bilingual,
  measure: DashboardMeasure,
  target: DashboardWidget['target'],
): DashboardWidget => ({
  id,
  type: 'number',
  title,
  dataset: 'metric_values',
  size: { w: 2, h: 1 },
  measures: [measure],
  target,
  trend: 4,
});

/** 大客户总览: revenue against target, growth, satisfaction, repeat purchase, market share, by account type. */
export const KEY_ACCOUNT_OVERVIEW: DashboardDocument = {
  key: 'key_account_overview',
  title: t('大客户总览', 'Key-account overview'),
  description: t(
    '收入与目标、增长、满意度、复购与市场份额，按客户类型对比；点击图表元素可查看背后的客户及其评分过程。',
    'Revenue against target, growth, satisfaction, repeat purchase and market share, by account type; click a chart element for the accounts behind it and their score traces.',
  ),
  periodKind: 'quarter',
  filters: ALL_FILTERS,
  defaults: { period: 'latest' },
  widgets: [
    card(
      'revenue',
      t('收入（对比目标）', 'Revenue against target'),
      m('revenue', L.revenue, REVENUE, 'currency'),
      {
        formula: 'SUM(target)',
      },
    ),
    card('attainment', L.attainment, m('attainment', L.attainment, ATTAINMENT, 'percent'), { value: 1 }),
    card('growth', t('同比增长', 'Growth (year on year)'), m('growth', L.growth, GROWTH, 'percent'), {
      value: 0.2,
    }),
    card('satisfaction', L.satisfaction, m('satisfaction', L.satisfaction, SATISFACTION, 'score'), {
      value: 90,
    }),
    card('repeat_purchase', L.repeat, m('repeat_purchase', L.repeat, REPEAT, 'percent'), { value: 0.8 }),
    card('market_share', L.share, m('market_share', L.share, SHARE, 'percent'), { value: 0.3 }),
    {
      id: 'revenue_by_type',
      type: 'bar',
      title: t('各类客户收入与目标', 'Revenue and target by account type'),
      dataset: 'metric_values',
      size: { w: 6, h: 3 },
      groupBy: ['account_type'],
      measures: [
        m('revenue', L.revenue, REVENUE, 'currency'),
        m('target', L.target, 'SUM(target)', 'currency'),
      ],
    },
    {
      id: 'kpis_by_type',
      type: 'table',
      title: t('按客户类型的关键指标', 'Key indicators by account type'),
      dataset: 'metric_values',
      size: { w: 6, h: 3 },
      groupBy: ['account_type'],
      measures: [
        m('attainment', L.attainment, ATTAINMENT, 'percent'),
        m('growth', L.growth, GROWTH, 'percent'),
        m('satisfaction', L.satisfaction, SATISFACTION, 'score'),
        m('repeat_purchase', L.repeat, REPEAT, 'percent'),
        m('market_share', L.share, SHARE, 'percent'),
      ],
      sort: { by: 'account_type', order: 'asc' },
    },
    {
      id: 'revenue_trend',
      type: 'line',
      title: t('季度收入趋势', 'Revenue by quarter'),
      dataset: 'metric_values',
      size: { w: 8, h: 3 },
      groupBy: ['period', 'account_type'],
      periods: 6,
      measures: [m('revenue', L.revenue, REVENUE, 'currency')],
    },
    {
      id: 'revenue_by_region',
      type: 'pie',
      title: t('各区域收入占比', 'Revenue by region'),
      dataset: 'metric_values',
      size: { w: 4, h: 3 },
      groupBy: ['region'],
      measures: [m('revenue', L.revenue, REVENUE, 'currency')],
    },
    {
      id: 'satisfaction_vs_repeat',
      type: 'scatter',
      title: t('满意度与复购率（气泡大小为收入）', 'Satisfaction against repeat purchase (bubble: revenue)'),
      dataset: 'metric_values',
      size: { w: 6, h: 3 },
      groupBy: ['account_id'],
      measures: [
        m('satisfaction', L.satisfaction, SATISFACTION, 'score'),
        m('repeat_purchase', L.repeat, REPEAT, 'percent'),
        m('revenue', L.revenue, REVENUE, 'currency'),
      ],
    },
    {
      id: 'top_accounts',
      type: 'table',
      title: t('收入前十的客户', 'Top 10 accounts by revenue'),
      dataset: 'metric_values',
      size: { w: 6, h: 3 },
      groupBy: ['account_id'],
      measures: [
        m('revenue', L.revenue, REVENUE, 'currency'),
        m('attainment', L.attainment, ATTAINMENT, 'percent'),
        m('growth', L.growth, GROWTH, 'percent'),
      ],
      sort: { by: 'revenue', order: 'desc' },
      limit: 10,
    },
    {
      id: 'account_scores',
      type: 'table',
      title: t('客户考核得分', 'Account review scores'),
      dataset: 'account_scores',
      size: { w: 12, h: 3 },
      groupBy: ['account_id'],
      measures: [
        m('score', L.score, 'AVERAGE(score)', 'score'),
        m('coverage', t('数据覆盖率', 'Coverage'), 'AVERAGE(coverage)', 'percent'),
      ],
      sort: { by: 'score', order: 'desc' },
      limit: 20,
    },
  ],
};

/** 团队与个人排名: credit-weighted person and department scores, and the rating distribution. */
export const TEAM_RANKING: DashboardDocument = {
  key: 'team_ranking',
  title: t('团队与个人排名', 'Team and person ranking'),
  description: t(
    '按贡献比例加权的个人与部门得分、客户经理排名与评级分布（来自考核周期的得分）。',
    'Credit-weighted person and department scores, account-manager ranking and the rating distribution (from review-cycle scores).',
  ),
  filters: ['period', 'accountType', 'region', 'department', 'person'],
  defaults: { period: 'latest' },
  widgets: [
    {
      id: 'average_score',
      type: 'number',
      title: t('平均得分', 'Average score'),
      dataset: 'account_scores',
      size: { w: 3, h: 1 },
      measures: [m('score', L.score, 'AVERAGE(score)', 'score')],
      target: { value: 85 },
      trend: 4,
    },
    {
      id: 'top_rated_share',
      type: 'number',
      title: t('S 级占比', 'Share rated S'),
      dataset: 'account_scores',
      size: { w: 3, h: 1 },
      measures: [m('s_share', t('S 级占比', 'Rated S'), 'COUNTIF(rating, "S")/COUNTA(rating)', 'percent')],
      trend: 4,
    },
    {
      id: 'good_share',
      type: 'number',
      title: t('A 级及以上占比', 'Share rated A or better'),
      dataset: 'account_scores',
      size: { w: 3, h: 1 },
      measures: [
        m(
          'a_share',
          t('A 级及以上', 'A or better'),
          '(COUNTIF(rating, "S")+COUNTIF(rating, "A"))/COUNTA(rating)',
          'percent',
        ),
      ],
      trend: 4,
    },
    {
      id: 'weak_share',
      type: 'number',
      title: t('C、D 级占比', 'Share rated C or D'),
      dataset: 'account_scores',
      size: { w: 3, h: 1 },
      measures: [
        m(
          'cd_share',
          t('C、D 级', 'C or D'),
          '(COUNTIF(rating, "C")+COUNTIF(rating, "D"))/COUNTA(rating)',
          'percent',
        ),
      ],
      trend: 4,
    },
    {
      id: 'person_ranking',
      type: 'table',
      title: t('个人排名（按贡献加权）', 'Person ranking (credit-weighted)'),
      dataset: 'person_scores',
      size: { w: 6, h: 4 },
      groupBy: ['person_id'],
      measures: [
        m('score', L.score, PERSON_SCORE, 'score'),
        m('credit', t('计分客户（折合）', 'Accounts credited'), 'SUM(credited)', 'number', 2),
      ],
      sort: { by: 'score', order: 'desc' },
      limit: 20,
    },
    {
      id: 'department_scores',
      type: 'bar',
      title: t('部门得分（按贡献加权）', 'Department scores (credit-weighted)'),
      dataset: 'person_scores',
      size: { w: 6, h: 4 },
      groupBy: ['person_department_id'],
      measures: [m('score', L.score, PERSON_SCORE, 'score')],
    },
    {
      id: 'rating_distribution',
      type: 'pie',
      title: t('评级分布', 'Rating distribution'),
      dataset: 'account_scores',
      size: { w: 4, h: 3 },
      groupBy: ['rating'],
      measures: [m('accounts', L.accounts, 'COUNTA(account_id)', 'integer')],
      sort: { by: 'rating', order: 'asc' },
    },
    {
      id: 'rating_by_manager',
      type: 'bar',
      title: t('各客户经理的评级分布', 'Ratings by account manager'),
      dataset: 'account_scores',
      size: { w: 8, h: 3 },
      groupBy: ['manager_id', 'rating'],
      measures: [m('accounts', L.accounts, 'COUNTA(account_id)', 'integer')],
      sort: { by: 'rating', order: 'asc' },
    },
    {
      id: 'manager_ranking',
      type: 'table',
      title: t('客户经理排名', 'Account-manager ranking'),
      dataset: 'account_scores',
      size: { w: 6, h: 3 },
      groupBy: ['manager_id'],
      measures: [
        m('score', t('平均得分', 'Average score'), 'AVERAGE(score)', 'score'),
        m('accounts', L.accounts, 'COUNTA(account_id)', 'integer'),
        m(
          'top_share',
          t('A 级及以上占比', 'A or better'),
          '(COUNTIF(rating, "S")+COUNTIF(rating, "A"))/COUNTA(rating)',
          'percent',
        ),
      ],
      sort: { by: 'score', order: 'desc' },
    },
    {
      id: 'account_ranking',
      type: 'table',
      title: t('客户得分排名', 'Account ranking'),
      dataset: 'account_scores',
      size: { w: 6, h: 3 },
      groupBy: ['account_id'],
      measures: [
        m('score', L.score, 'AVERAGE(score)', 'score'),
        m('coverage', t('数据覆盖率', 'Coverage'), 'AVERAGE(coverage)', 'percent'),
      ],
      sort: { by: 'score', order: 'desc' },
      limit: 20,
    },
  ],
};

/** 短板分析: which KPI and which workflow stage pull results down. */
export const WEAK_LINK_FINDER: DashboardDocument = {
  key: 'weak_link_finder',
  title: t('短板分析', 'Weak-link finder'),
  description: t(
    '哪些指标、哪个审批环节拖累了结果：各指标的失分、客户类型 × 指标热力图、各环节的积压、逾期、退回与耗时——据此投放资源。',
    'Which KPI and which workflow stage pull results down: points lost per KPI, an account type × KPI heatmap, and each stage’s backlog, overdue and returned tasks and hours — where to put resources.',
  ),
  filters: ['period', 'accountType', 'region', 'department', 'person'],
  defaults: { period: 'latest' },
  widgets: [
    {
      id: 'kpi_points_lost',
      type: 'bar',
      title: t('各指标平均失分（加权）', 'Average weighted points lost per KPI'),
      dataset: 'kpi_scores',
      size: { w: 6, h: 3 },
      groupBy: ['kpi'],
      measures: [m('lost', t('平均失分', 'Points lost'), 'AVERAGE(lost)', 'score', 2)],
      sort: { by: 'lost', order: 'desc' },
      limit: 10,
    },
    {
      id: 'kpi_heatmap',
      type: 'heatmap',
      title: t('客户类型 × 指标平均得分', 'Average KPI score: account type × KPI'),
      dataset: 'kpi_scores',
      size: { w: 6, h: 3 },
      groupBy: ['account_type', 'kpi'],
      measures: [m('score', t('平均得分', 'Average score'), 'AVERAGE(score)', 'score')],
    },
    {
      id: 'family_radar',
      type: 'radar',
      title: t('各类指标得分（按客户类型）', 'Score by KPI family and account type'),
      dataset: 'kpi_scores',
      size: { w: 4, h: 3 },
      groupBy: ['family', 'account_type'],
      measures: [m('score', t('平均得分', 'Average score'), 'AVERAGE(score)', 'score')],
    },
    {
      id: 'stage_backlog',
      type: 'bar',
      title: t('各环节积压与逾期任务', 'Open and overdue tasks per stage'),
      dataset: 'cycle_tasks',
      size: { w: 4, h: 3 },
      groupBy: ['stage'],
      measures: [
        m('open', t('待办', 'Open'), 'SUM(open)', 'integer'),
        m('overdue', t('逾期', 'Overdue'), 'SUM(overdue)', 'integer'),
      ],
      sort: { by: 'open', order: 'desc' },
    },
    {
      id: 'stage_hours',
      type: 'bar',
      title: t('各环节平均处理耗时与退回', 'Hours per stage and returns'),
      dataset: 'cycle_tasks',
      size: { w: 4, h: 3 },
      groupBy: ['stage'],
      measures: [
        m('hours', t('平均耗时（小时）', 'Average hours'), 'AVERAGEIFS(hours, done, 1)', 'number', 1),
        m('returned', t('退回次数', 'Returns'), 'SUM(returned)', 'integer'),
      ],
      sort: { by: 'hours', order: 'desc' },
    },
    {
      id: 'completion',
      type: 'number',
      title: t('考核完成率', 'Reviews completed'),
      dataset: 'cycle_progress',
      size: { w: 3, h: 1 },
      measures: [m('completion', t('完成率', 'Completed'), 'SUM(completed)/COUNTA(status)', 'percent')],
      target: { value: 1 },
    },
    {
      id: 'overdue_reviews',
      type: 'number',
      title: t('有逾期任务的考核', 'Reviews with overdue tasks'),
      dataset: 'cycle_progress',
      size: { w: 3, h: 1 },
      measures: [m('overdue', t('逾期', 'Overdue'), 'COUNTIF(overdue_tasks, ">0")', 'integer')],
      target: { value: 0 },
    },
    {
      id: 'weak_kpis',
      type: 'table',
      title: t('指标短板明细', 'KPIs pulling results down'),
      dataset: 'kpi_scores',
      size: { w: 6, h: 3 },
      groupBy: ['kpi'],
      measures: [
        m('lost', t('平均失分', 'Points lost'), 'AVERAGE(lost)', 'score', 2),
        m('score', t('平均得分', 'Average score'), 'AVERAGE(score)', 'score'),
        m('below_60', t('低于 60 分的客户', 'Accounts below 60'), 'COUNTIF(score, "<60")', 'integer'),
      ],
      sort: { by: 'lost', order: 'desc' },
    },
    {
      id: 'lowest_accounts',
      type: 'table',
      title: t('得分最低的客户', 'Lowest-scoring accounts'),
      dataset: 'account_scores',
      size: { w: 6, h: 3 },
      groupBy: ['account_id'],
      measures: [m('score', L.score, 'AVERAGE(score)', 'score')],
      sort: { by: 'score', order: 'asc' },
      limit: 10,
    },
  ],
};

const trend = (
  id: string,
  title: Bilingual,
  measure: DashboardMeasure,
  worse: 'up' | 'down',
  dataset: DashboardWidget['dataset'] = 'metric_values',
): DashboardWidget => ({
  id,
  type: 'line',
  title,
  dataset,
  size: { w: 6, h: 3 },
  groupBy: ['period', 'account_type'],
  periods: 6,
  measures: [measure],
  alert: { measure: measure.key, worse, periods: 2 },
});

/** A trend table, one row per account and a column per quarter; accounts that worsened twice are flagged. */
const byAccount = (
  id: string,
  title: Bilingual,
  measure: DashboardMeasure,
  worse: 'up' | 'down',
): DashboardWidget => ({
  id,
  type: 'table',
  title,
  dataset: 'metric_values',
  size: { w: 4, h: 4 },
  groupBy: ['account_id', 'period'],
  periods: 4,
  measures: [measure],
  alert: { measure: measure.key, worse, periods: 2 },
});

/** 趋势与预警: indicators across cycles, with an alert when one worsens two periods in a row. */
export const TRENDS_ALERTS: DashboardDocument = {
  key: 'trends_alerts',
  title: t('趋势与预警', 'Trends and alerts'),
  description: t(
    '各项指标跨周期的走势；某项指标连续两个周期变差（例如流失率上升）时预警——持续改进。',
    'Indicators across cycles; an alert when one worsens two periods in a row (e.g. rising churn) — continuous improvement.',
  ),
  filters: ALL_FILTERS,
  defaults: { period: 'latest' },
  widgets: [
    trend(
      'churn',
      t('流失率（越低越好）', 'Churn rate (lower is better)'),
      m('churn', L.churn, CHURN, 'percent'),
      'up',
    ),
    trend('satisfaction', L.satisfaction, m('satisfaction', L.satisfaction, SATISFACTION, 'score'), 'down'),
    trend('repeat_purchase', L.repeat, m('repeat_purchase', L.repeat, REPEAT, 'percent'), 'down'),
    trend('market_share', L.share, m('market_share', L.share, SHARE, 'percent'), 'down'),
    trend('complaints', L.complaints, m('complaints', L.complaints, COMPLAINTS, 'percent'), 'down'),
    trend(
      'scores',
      t('考核平均得分', 'Average review score'),
      m('score', L.score, 'AVERAGE(score)', 'score'),
      'down',
      'account_scores',
    ),
    byAccount(
      'churn_by_account',
      t('各客户流失率', 'Churn by account'),
      m('churn', L.churn, CHURN, 'percent'),
      'up',
    ),
    byAccount(
      'satisfaction_by_account',
      t('各客户满意度', 'Satisfaction by account'),
      m('satisfaction', L.satisfaction, SATISFACTION, 'score'),
      'down',
    ),
    byAccount(
      'complaints_by_account',
      t('各客户投诉及时处理率', 'Complaints resolved on time, by account'),
      m('complaints', L.complaints, COMPLAINTS, 'percent'),
      'down',
    ),
  ],
};

/** The dashboards every workspace has, published at start (an admin's later edits are kept). */
export const BUILTIN_DASHBOARDS: readonly DashboardDocument[] = [
  KEY_ACCOUNT_OVERVIEW,
  TEAM_RANKING,
  WEAK_LINK_FINDER,
  TRENDS_ALERTS,
];
