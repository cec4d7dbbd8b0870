import { DynamicModule, Global, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@keyscore/config';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './run-migrations';
import { UnitOfWork } from './unit-of-work';

export const MIGRATE_ON_START = Symbol('MIGRATE_ON_START');

/** Opens the configured database and brings its schema up to date before anything else starts. */
@Global()
@Module({})
export class PersistenceModule implements OnModuleInit {
  private readonly logger = new Logger('Persistence');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MIGRATE_ON_START) private readonly migrate: boolean,
  ) {}

  static forRoot(config: AppConfig, options: { migrate?: boolean } = {}): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), retryAttempts: 1 })],
      providers: [{ provide: MIGRATE_ON_START, useValue: options.migrate ?? true }, UnitOfWork],
      exports: [UnitOfWork],
    };
  }

  async onModuleInit(): Promise<void> {
    if (!this.migrate) return;
    const applied = await runMigrations(this.dataSource);
    if (applied.length) this.logger.log({ applied }, 'migrations applied');
  }
}
