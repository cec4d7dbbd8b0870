import { DataSource } from 'typeorm';
import {
  dataSourceOptions,
  insertEntities,
  MIGRATIONS,
  NotificationEntity,
  runMigrations,
} from '@keyscore/persistence';
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

  it('inserts plain entities in one statement, with column defaults for what a row leaves out', async () => {
    const row = (id: string, attempts?: number) => ({
      id,
      instanceId: null,
      recipients: '["u1"]',
      subject: '提醒 / Reminder',
      body: 'body',
      status: 'pending' as const,
      ...(attempts === undefined ? {} : { attempts }),
      createdAt: '2026-11-27T00:00:00.000Z',
      sentAt: null,
    });
    await insertEntities(dataSource.manager, NotificationEntity, [
      row('n1') as NotificationEntity,
      row('n2', 3) as NotificationEntity,
    ]);
    const stored = await dataSource.getRepository(NotificationEntity).find({ order: { id: 'ASC' } });
    expect(stored.map((n) => [n.id, n.subject, n.attempts, n.sentAt])).toEqual([
      ['n1', '提醒 / Reminder', 0, null],
      ['n2', '提醒 / Reminder', 3, null],
    ]);
    await expect(insertEntities(dataSource.manager, NotificationEntity, [])).resolves.toBeUndefined();
  });

  if (!process.env.DATABASE_URL) {
    it('runs SQLite in WAL mode with a busy timeout', async () => {
      expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
    });
  }
});
