import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { findRedisServer, RedisUnreachableError, assertRedisReachable } from './redis-connection';

/** A private redis-server child process (REDIS_EMBEDDED=true), keeping nothing on disk. */
export interface EmbeddedRedis {
  url: string;
  stop(): void;
}

export async function startEmbeddedRedis(): Promise<EmbeddedRedis> {
  const binary = findRedisServer();
  if (!binary) {
    throw new RedisUnreachableError(
      'REDIS_EMBEDDED=true but no redis-server binary is on PATH: install Redis 6.2+ (apt-get install redis-server) or set REDIS_URL.',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await assertRedisReachable(url, 500);
      return { url, stop };
    } catch (error) {
      if (attempt >= 40) {
        stop();
        throw error;
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}
