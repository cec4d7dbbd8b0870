import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, runMigrations } from '@keyscore/persistence';
import { freshDatabase, type TestDatabase } from '../support/test-database';

describe('persistence on ' + (process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'), () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await freshDatabase();
    dataSource = new DataSource(dataSourceOptions(database.config));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('applies every migration once; a second run applies none', async () => {
    expect(await runMigrations(dataSource)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await runMigrations(dataSource)).toEqual([]);
  });

  it('leaves nothing for synchronize to do: entities and migrations agree', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('enforces foreign keys', async () => {
    await expect(
      dataSource.query(
        `INSERT INTO accounts (id, code, name, name_en, account_type, industry, region, manager_id, since, created_at, updated_at, version)
         VALUES ('a', 'A', 'a', 'a', 'multinational', 'x', 'y', 'no-such-person', '2020-01-01', 'now', 'now', 1)`,
      ),
    ).rejects.toThrow(/foreign key/i);
  });

  if (!process.env.DATABASE_URL) {
    it('runs SQLite in WAL mode with a busy timeout', async () => {
      expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
    });
  }
});
