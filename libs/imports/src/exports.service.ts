import { Injectable } from '@nestjs/common';
import { Permission, type Principal } from '@keyscore/auth';
import { DirectoryService } from '@keyscore/directory';
import type { Bilingual, Locale } from '@keyscore/i18n';
import type { AccountEntity } from '@keyscore/persistence';
import { ScorecardsService } from '@keyscore/scorecards';
import type { ExportCell } from './escape-spreadsheet-cell.util';
import {
  ACCOUNT_TYPE_LABELS,
  CONFIDENCE_LABELS,
  METRIC_VALUE_EXTRA_HEADERS,
  SCORE_HEADERS,
} from './export-labels.constant';
import { ExportsRepository } from './exports.repository';
import { IMPORT_FIELDS, IMPORT_HEADERS } from './import-columns.constant';

export type ExportTable = ExportCell[][];

const PAGE = 500;

/** Tables of what the caller may see (accounts in their scope, sealed values masked unless allowed). */
@Injectable()
export class ExportsService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly scorecards: ScorecardsService,
    private readonly repository: ExportsRepository,
  ) {}

  /** One row per visible account: code, name, type, score, rating, coverage, confidence, each KPI's score. */
  async scores(period: string, principal: Principal, locale: Locale): Promise<ExportTable> {
    const accounts = await this.visibleAccounts(principal);
    // Each with the template in force for it in the quarter, as its previews and dashboards show it.
    const seeSealed = principal.permissions.has(Permission.MetricValuesReadSealed);
    const cards = await this.scorecards.scoreInForce(accounts, period, seeSealed);
    // Templates differ by account type: the columns are every KPI met, in the order first met.
    const kpis = new Map<string, Bilingual>();
    for (const card of cards)
      for (const k of card.kpis) if (!kpis.has(k.kpi)) kpis.set(k.kpi, k.definition.name);
    const header: ExportCell[] = [
      ...Object.values(SCORE_HEADERS).map((h) => h[locale]),
      ...[...kpis.values()].map((name) => name[locale]),
    ];
    const rows = cards.map((card): ExportCell[] => {
      const byKpi = new Map(card.kpis.map((k) => [k.kpi, k.score]));
      return [
        card.account.code,
        locale === 'zh-CN' ? card.account.name : card.account.nameEn,
        ACCOUNT_TYPE_LABELS[card.account.accountType][locale],
        card.score,
        card.rating,
        card.coverage,
        CONFIDENCE_LABELS[card.confidence][locale],
        ...[...kpis.keys()].map((kpi) => byKpi.get(kpi) ?? null),
      ];
    });
    return [header, ...rows];
  }

  /**
   * Every value of one period of the visible accounts, in the import layout (so a file can be edited and
   * imported again) plus the account name and when it was recorded. Sealed values lose their value unless
   * the caller may read sealed values.
   */
  async metricValues(period: string, principal: Principal, locale: Locale): Promise<ExportTable> {
    const accounts = await this.visibleAccounts(principal);
    const byId = new Map(accounts.map((a, i) => [a.id, { account: a, order: i }]));
    const seeSealed = principal.permissions.has(Permission.MetricValuesReadSealed);
    const values = (await this.repository.valuesForPeriod([...byId.keys()], period)).sort(
      (a, b) => byId.get(a.accountId)!.order - byId.get(b.accountId)!.order,
    );
    const header: ExportCell[] = [
      ...IMPORT_FIELDS.map((f) => IMPORT_HEADERS[f][locale]),
      METRIC_VALUE_EXTRA_HEADERS.accountName[locale],
      METRIC_VALUE_EXTRA_HEADERS.recordedAt[locale],
    ];
    const rows = values.map((v): ExportCell[] => {
      const account = byId.get(v.accountId)!.account;
      return [
        account.code,
        v.metricKey,
        v.period,
        v.state === 'sealed' && !seeSealed ? null : v.value,
        v.state,
        v.source,
        v.sourceRecordId,
        locale === 'zh-CN' ? account.name : account.nameEn,
        v.recordedAt,
      ];
    });
    return [header, ...rows];
  }

  private async visibleAccounts(principal: Principal): Promise<AccountEntity[]> {
    const accounts: AccountEntity[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.directory.listAccounts({ limit: PAGE, offset }, principal.accounts);
      accounts.push(...page.items);
      if (page.items.length < PAGE) return accounts;
    }
  }
}
