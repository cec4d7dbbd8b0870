import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { clearQueuePrefix, REDIS_URL } from '../support/test-app';
import { databaseEnv, freePort } from '../support/processes';
import { freshDatabase } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');

// Each test starts the api from source (ts-node transpiles every module it loads): on a loaded 2-core
// machine that alone can take half a minute.
jest.setTimeout(120_000);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the api entry point from source (ts-node, transpile only) as a separate process. */
function startApi(env: Record<string, string>, args: string[] = []) {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/api/src/main.ts',
      ...args,
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Run>((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
  return { child, exited };
}

describe('the api process', () => {
  it('exits 1 with one line naming the Redis URL when Redis is unreachable', async () => {
    const port = await freePort(); // nothing listens there
    const { exited } = startApi({ REDIS_URL: `redis://127.0.0.1:${port}` });
    const run = await exited;
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Cannot reach Redis at redis://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('exits 1 with one line naming a wrong configuration value', async () => {
    const run = await startApi({ WORKER_CONCURRENCY: 'lots' }).exited;
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'keyscore: Invalid configuration: WORKER_CONCURRENCY="lots" — expected an integer from 1 to 64.',
    );
  });

  it('starts with the demo workspace, answers /health, and exits 0 soon after SIGTERM', async () => {
    const database = await freshDatabase();
    const port = await freePort();
    const prefix = `ks-test-process-${port}`;
    const { child, exited } = startApi(
      {
        ...databaseEnv(database),
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        DEMO_DATA: 'true',
        SHUTDOWN_TIMEOUT_MS: '9000',
      },
      ['--with-worker'],
    );
    try {
      const base = `http://127.0.0.1:${port}`;
      let health: Response | undefined;
      for (let i = 0; i < 300 && !health?.ok; i++) {
        health = await fetch(`${base}/health`).catch(() => undefined);
        if (!health?.ok) await new Promise((done) => setTimeout(done, 200));
      }
      expect(health?.status).toBe(200);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'admin@keyscore.example', password: 'keyscore-demo' }),
      });
      expect(login.status).toBe(200);
      const headers = { Authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
      const accounts = (await (await fetch(`${base}/api/accounts?limit=500`, { headers })).json()) as {
        total: number;
        items: { accountType: string }[];
      };
      expect(accounts.total).toBe(40);
      expect(new Set(accounts.items.map((a) => a.accountType))).toEqual(
        new Set(['multinational', 'local_enterprise']),
      );
      const people = (await (await fetch(`${base}/api/people`, { headers })).json()) as unknown[];
      expect(people).toHaveLength(12);

      // SHUTDOWN_TIMEOUT_MS=9000: a shutdown slower than that exits 1, so exit code 0 means "within 10 s".
      child.kill('SIGTERM');
      const run = await exited;
      expect(run.code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await clearQueuePrefix(prefix);
      await database.drop();
    }
  }, 90_000);
});
