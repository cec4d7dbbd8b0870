import {
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@keyscore/config';
import { dataSourceOptions, sqliteFile } from './data-source-options';
import { runMigrations } from './run-migrations';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { UnitOfWork } from './unit-of-work';

export const MIGRATE_ON_START = Symbol('MIGRATE_ON_START');
const SQLITE_FILE = Symbol('SQLITE_FILE');

/**
 * Opens the configured database and brings its schema up to date before anything else starts; on a SQLite
 * file, checkpoints its write-ahead log from a thread of its own until shutdown.
 */
@Global()
@Module({})
export class PersistenceModule implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Persistence');
  private checkpointer?: SqliteCheckpointer;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MIGRATE_ON_START) private readonly migrate: boolean,
    @Inject(SQLITE_FILE) private readonly sqliteFile: string | null,
  ) {}

  static forRoot(config: AppConfig, options: { migrate?: boolean } = {}): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), retryAttempts: 1 })],
      providers: [
        { provide: MIGRATE_ON_START, useValue: options.migrate ?? true },
        { provide: SQLITE_FILE, useValue: sqliteFile(config.database) },
        UnitOfWork,
      ],
      exports: [UnitOfWork],
    };
  }

  async onModuleInit(): Promise<void> {
    if (this.migrate) {
      const applied = await runMigrations(this.dataSource);
      if (applied.length) this.logger.log({ applied }, 'migrations applied');
    }
    if (this.sqliteFile) {
      let warned = false;
      this.checkpointer = new SqliteCheckpointer(this.sqliteFile, (error) => {
        if (!warned) this.logger.warn({ error }, 'WAL checkpoint failed (the connection checkpoints itself)');
        warned = true;
      });
      this.checkpointer.start();
    }
  }

  /** Before TypeORM closes the connection (on application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.checkpointer?.stop();
  }
}
