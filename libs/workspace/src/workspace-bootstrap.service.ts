import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@keyscore/config';
import { AuthService } from '@keyscore/auth';
import { DemoCycles } from '@keyscore/cycles';
import { DirectoryService } from '@keyscore/directory';
import { DocumentsService } from '@keyscore/documents';
import { BUILTIN_DASHBOARDS } from '@keyscore/dashboards';
import { BUILTIN_FORMS } from '@keyscore/forms';
import { BUILTIN_WORKFLOWS } from '@keyscore/workflow';
import { MetricsRepository, MetricValuesService } from '@keyscore/metrics';
import { AdvisoryLock, nowIso, withAdvisoryLock } from '@keyscore/persistence';
import { BUILTIN_METRICS } from './builtin-metrics';
import { demoQuarterValues, demoTargets } from './demo-quarters';
import { ContributionsService, ScorecardsService } from '@keyscore/scorecards';
import {
  DEMO_DEPARTMENTS,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  DEMO_USERS,
  demoAccounts,
  demoMetricValues,
} from './demo-workspace';

/**
 * At every start: makes sure the built-in metrics exist, and loads the demo workspace into an empty
 * database (DEMO_DATA=true) through the same services the API uses.
 */
@Injectable()
export class WorkspaceBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Workspace');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsRepository,
    private readonly directory: DirectoryService,
    private readonly metricValues: MetricValuesService,
    private readonly auth: AuthService,
    private readonly scorecards: ScorecardsService,
    private readonly contributions: ContributionsService,
    private readonly documents: DocumentsService,
    private readonly demoCycles: DemoCycles,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await withAdvisoryLock(this.dataSource, AdvisoryLock.WorkspaceBootstrap, async () => {
      for (const metric of BUILTIN_METRICS)
        await this.metrics.upsertMetric({ ...metric, createdAt: nowIso() });
      // Built-in forms and workflows are published documents, so cycles and tasks can pin their versions.
      for (const form of BUILTIN_FORMS) await this.documents.ensureBuiltin('form', form.key, form);
      for (const board of BUILTIN_DASHBOARDS)
        await this.documents.ensureBuiltin('dashboard', board.key, board);
      for (const workflow of BUILTIN_WORKFLOWS)
        await this.documents.ensureBuiltin('workflow', workflow.key, workflow);
      if (this.config.demoData && (await this.directory.countAccounts()) === 0) {
        await this.loadDemo();
        await this.demoCycles.seed();
      }
    });
  }

  async loadDemo(): Promise<void> {
    const departments = new Map<string, string>();
    for (const department of DEMO_DEPARTMENTS) {
      departments.set(department.code, (await this.directory.createDepartment(department)).id);
    }
    const people = new Map<string, string>();
    for (const { department, manager, ...person } of DEMO_PEOPLE) {
      const created = await this.directory.createPerson({
        ...person,
        departmentId: departments.get(department)!,
        ...(manager ? { managerId: people.get(manager)! } : {}),
      });
      people.set(person.employeeNo, created.id);
    }
    for (const user of DEMO_USERS) {
      await this.auth.createUser({
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        password: DEMO_PASSWORD,
        ...(user.employeeNo ? { personId: people.get(user.employeeNo)! } : {}),
      });
    }
    const accounts = demoAccounts();
    const accountIds = new Map<string, string>();
    for (const { manager, afterSales, support, monthlyRevenue: _r, margin: _m, ...account } of accounts) {
      const created = await this.directory.createAccount({
        ...account,
        managerId: people.get(manager)!,
        team: [
          { personId: people.get(manager)!, function: 'sales' },
          { personId: people.get(afterSales)!, function: 'after_sales' },
          { personId: people.get(support)!, function: 'technical_support' },
        ],
      });
      accountIds.set(created.code, created.id);
    }
    const rows = demoMetricValues(accounts).map((v) => ({
      ...v,
      state: 'actual' as const,
      source: 'import' as const,
    }));
    await this.metricValues.record(rows);
    const quarters = demoQuarterValues(accounts);
    await this.metricValues.record(quarters);
    for (const target of demoTargets(quarters)) {
      await this.scorecards.setTargets(accountIds.get(target.accountCode)!, {
        period: target.period,
        targets: target.targets,
      });
    }
    // Credit: the account manager 60%, after-sales and technical support 20% each.
    for (const account of accounts) {
      for (const period of ['2026-Q2', '2026-Q3']) {
        await this.contributions.set(accountIds.get(account.code)!, {
          period,
          mode: 'split',
          shares: [
            { personId: people.get(account.manager)!, percent: 60 },
            { personId: people.get(account.afterSales)!, percent: 20 },
            { personId: people.get(account.support)!, percent: 20 },
          ],
        });
      }
    }
    this.logger.log(
      { accounts: accounts.length, people: people.size, values: rows.length },
      'demo workspace loaded',
    );
  }
}
