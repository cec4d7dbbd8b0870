import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteCheckpointer } from './sqlite-checkpointer';

describe('SqliteCheckpointer', () => {
  let dir: string;
  let db: Database.Database;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyscore-checkpoint-'));
    file = join(dir, 'db.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 0'); // only the thread checkpoints here
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (rows: number) => {
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < rows; i++) insert.run('x'.repeat(200));
  };
  const until = async (done: () => boolean) => {
    for (let waited = 0; !done(); waited += 20) {
      if (waited > 5_000) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('copies the log into the database file from its own thread while the writer goes on', async () => {
    const errors: string[] = [];
    const checkpointer = new SqliteCheckpointer(file, (error) => errors.push(error), 20);
    checkpointer.start();
    // Rows reach the database file only through a checkpoint (the writer's own are off here).
    const before = statSync(file).size;
    // Caught up: the rows are in the file, and the thread has reported a checkpoint made after the writes
    // (the file can grow before its report arrives).
    const caughtUp = (rows: number, reportsBefore: number) => () =>
      statSync(file).size >= before + rows * 200 &&
      checkpointer.stats.checkpoints > reportsBefore &&
      checkpointer.stats.checkpointed === checkpointer.stats.log;
    write(2_000);
    await until(caughtUp(2_000, 0));
    const first = checkpointer.stats.checkpoints;
    write(500);
    await until(caughtUp(2_500, first));
    expect(checkpointer.stats.checkpoints).toBeGreaterThanOrEqual(2);
    await checkpointer.stop();
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 2_500 });
    expect(errors).toEqual([]);
  });

  it('stops with a last checkpoint and can be stopped twice', async () => {
    const checkpointer = new SqliteCheckpointer(file, () => undefined, 60_000);
    checkpointer.start();
    const before = statSync(file).size;
    write(100);
    await checkpointer.stop();
    await checkpointer.stop();
    expect(statSync(file).size).toBeGreaterThanOrEqual(before + 100 * 200);
    expect(checkpointer.stats.checkpoints).toBe(1);
  });

  it('reports a file it cannot open instead of throwing', async () => {
    const errors: string[] = [];
    const checkpointer = new SqliteCheckpointer(
      join(dir, 'missing.sqlite'),
      (error) => errors.push(error),
      20,
    );
    checkpointer.start();
    await until(() => errors.length > 0);
    await checkpointer.stop();
    expect(errors[0]).toMatch(/unable to open|does not exist/i);
  });
});
