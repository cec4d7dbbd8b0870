import { seededRandom, type DemoAccount } from './demo-workspace';

/** Quarters with quarterly demo values: last year's (growth targets, windows) and this year's. */
export const DEMO_QUARTERS = ['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];
/** Revenue, profit and orders of these come from the monthly values, rolled up by the worker. */
const FROM_MONTHS = new Set(['2026-Q2', '2026-Q3']);

export interface DemoQuarterValue {
  accountCode: string;
  metricKey: string;
  period: string;
  value: number | null;
  state: 'actual' | 'pending';
  source: 'import' | 'survey';
}

/**
 * Quarterly values of every metric the built-in KPIs read, per account type, with a story: most accounts
 * are healthy, a few decline (churn, slow responses), one multinational breached international compliance
 * (the gate caps its score), one local enterprise breached an environmental rule, and one survey is still
 * pending (its KPI is left out and the weights re-normalised).
 */
export function demoQuarterValues(accounts: DemoAccount[]): DemoQuarterValue[] {
  const random = seededRandom(7);
  const out: DemoQuarterValue[] = [];
  accounts.forEach((account, n) => {
    const multinational = account.accountType === 'multinational';
    const declining = n % 9 === 4;
    const share = 0.15 + random() * 0.35;
    const satisfaction = 78 + random() * 18;
    const years = 2026 - Number(account.since.slice(0, 4));
    DEMO_QUARTERS.forEach((period, q) => {
      const drift = declining ? -q : q * 0.5;
      const add = (metricKey: string, value: number | null, source: 'import' | 'survey' = 'import') =>
        out.push({
          accountCode: account.code,
          metricKey,
          period,
          value,
          state: value === null ? 'pending' : 'actual',
          source,
        });
      const revenue = Math.round(account.monthlyRevenue * 3 * (0.85 + random() * 0.1) * (1 + drift * 0.01));
      if (!FROM_MONTHS.has(period)) {
        add('revenue', revenue);
        add('profit', Math.round(revenue * account.margin));
        add('orders', Math.max(3, Math.round(revenue / 120_000)));
      }
      const orders = Math.max(3, Math.round(revenue / 120_000));
      add('repeat_orders', Math.round(orders * (declining ? 0.55 : 0.7 + random() * 0.25)));
      const pendingSurvey = account.code === 'LOC003' && period === '2026-Q3';
      add(
        'satisfaction_score',
        pendingSurvey ? null : Math.round((satisfaction + drift + random() * 4 - 2) * 10) / 10,
        'survey',
      );
      add('cooperation_years', years);
      add('category_spend', Math.round(revenue / (share * (1 + drift * 0.005))));
      add('active_lines', 20 + (n % 15));
      add('churned_lines', declining ? 2 + (q % 2) : random() < 0.2 ? 1 : 0);
      const complaints = Math.floor(random() * 6) + (declining ? 3 : 0);
      add('complaints', complaints);
      add(
        'complaints_resolved_on_time',
        Math.max(0, complaints - (declining ? 2 : Math.floor(random() * 2))),
      );
      if (multinational) {
        add('response_hours_avg', Math.round((2 + random() * 6 + (declining ? 4 : 0)) * 10) / 10);
        add('cultural_adaptation_score', Math.round(65 + random() * 30));
        add('compliance_breaches', account.code === 'MNC003' && period === '2026-Q3' ? 1 : 0);
        const requests = 8 + Math.floor(random() * 12);
        add('global_requests', requests);
        add('global_requests_on_time', requests - Math.floor(random() * 3));
      } else {
        add('local_influence_index', Math.round(55 + random() * 40));
        add('local_compliance_breaches', account.code === 'LOC007' && period === '2026-Q2' ? 1 : 0);
        add('local_response_hours', Math.round((3 + random() * 8 + (declining ? 5 : 0)) * 10) / 10);
        const asks = 2 + Math.floor(random() * 6);
        add('customisation_requests', asks);
        add('customisation_delivered', asks - Math.floor(random() * 2));
      }
    });
  });
  return out;
}

/** Per-account revenue and profit targets for this year's quarters: last year's same quarter + 10%. */
export function demoTargets(
  values: DemoQuarterValue[],
): { accountCode: string; period: string; targets: Record<string, number> }[] {
  const lastYear = new Map(
    values
      .filter((v) => v.period.startsWith('2025'))
      .map((v) => [`${v.accountCode}/${v.metricKey}/${v.period}`, v.value]),
  );
  const codes = [...new Set(values.map((v) => v.accountCode))];
  return codes.flatMap((accountCode) =>
    ['2026-Q2', '2026-Q3'].map((period) => {
      const base = (metric: string) =>
        lastYear.get(`${accountCode}/${metric}/${period.replace('2026', '2025')}`) ?? 0;
      return {
        accountCode,
        period,
        targets: {
          key_account_revenue: Math.round(base('revenue') * 1.1),
          profit: Math.round(base('profit') * 1.1),
        },
      };
    }),
  );
}
