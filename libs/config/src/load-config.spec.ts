import { ConfigError, loadConfig, redactUrl } from './load-config';

describe('loadConfig', () => {
  it('fills defaults: SQLite, local Redis, port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ type: 'sqlite', path: './data/keyscore.sqlite' });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.queuePrefix).toBe('keyscore-development');
    expect(config.demoData).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set and coerces numbers and booleans', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@h/db', PORT: '8080', DEMO_DATA: 'false' });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://u@h/db' });
    expect(config.port).toBe(8080);
    expect(config.demoData).toBe(false);
  });

  it.each([
    ['PORT', 'abc', 'PORT="abc" — expected an integer from 1 to 65535'],
    ['PORT', '70000', 'PORT="70000" — expected an integer from 1 to 65535'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL="localhost:6379" — expected a URL starting with redis://'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL="mysql://x" — expected a URL starting with postgres://'],
    ['NODE_ENV', 'staging', 'NODE_ENV="staging" — expected one of development, production, test'],
    ['DEMO_DATA', 'maybe', 'DEMO_DATA="maybe" — expected true or false'],
  ])('rejects %s=%s with one line naming the variable', (name, value, expected) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as Error).message).toContain(expected);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes a secret or a URL password in the error line', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'short' })).toThrow(
      'Invalid configuration: ADMIN_PASSWORD=(hidden) — expected at least 12 characters.',
    );
    expect(() => loadConfig({ REDIS_URL: 'http://u:secret@h' })).toThrow('REDIS_URL="http://u:***@h"');
  });

  it('redacts passwords in URLs', () => {
    expect(redactUrl('postgres://me:secret@db:5432/x')).toBe('postgres://me:***@db:5432/x');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
