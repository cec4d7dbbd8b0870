import type { FromSchema } from 'json-schema-to-ts';

/**
 * The environment Keyscore reads, as a JSON Schema: it validates the process environment at boot and its
 * `description`s fill the README's configuration table. `x-expect` is the one-line hint printed when a
 * value is wrong.
 */
export const configSchema = {
  $id: 'keyscore:config',
  type: 'object',
  additionalProperties: true,
  properties: {
    NODE_ENV: {
      type: 'string',
      enum: ['development', 'production', 'test'],
      default: 'development',
      description: 'Runtime environment; also the default queue key prefix.',
      'x-expect': 'one of development, production, test',
    },
    PORT: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 3000,
      description: 'HTTP port of the api.',
      'x-expect': 'an integer from 1 to 65535',
    },
    HOST: {
      type: 'string',
      minLength: 1,
      default: '0.0.0.0',
      description: 'Interface the api listens on.',
      'x-expect': 'a host name or IP address',
    },
    DATABASE_URL: {
      type: 'string',
      pattern: '^postgres(ql)?://',
      description: 'PostgreSQL connection URL. When unset, the embedded SQLite file is used.',
      'x-expect': 'a URL starting with postgres:// or postgresql://',
    },
    SQLITE_PATH: {
      type: 'string',
      minLength: 1,
      default: './data/keyscore.sqlite',
      description: 'SQLite database file (used when DATABASE_URL is unset).',
      'x-expect': 'a file path',
    },
    REDIS_URL: {
      type: 'string',
      pattern: '^rediss?://',
      default: 'redis://127.0.0.1:6379',
      description: 'Redis for the BullMQ queues.',
      'x-expect': 'a URL starting with redis:// or rediss://',
    },
    REDIS_EMBEDDED: {
      type: 'boolean',
      default: false,
      description:
        'Start a private redis-server (must be installed) for this process instead of using REDIS_URL.',
      'x-expect': 'true or false',
    },
    QUEUE_PREFIX: {
      type: 'string',
      pattern: '^[A-Za-z0-9_.:-]{1,64}$',
      description: 'Redis key prefix of the queues; defaults to keyscore-<NODE_ENV>.',
      'x-expect': '1 to 64 letters, digits or _ . : -',
    },
    WORKER_CONCURRENCY: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: 4,
      description: 'Jobs one worker process runs at once per queue.',
      'x-expect': 'an integer from 1 to 64',
    },
    DEMO_DATA: {
      type: 'boolean',
      default: true,
      description: 'Load the demo workspace into an empty database at start.',
      'x-expect': 'true or false',
    },
    LOG_LEVEL: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      description: 'Log level of the JSON logs.',
      'x-expect': 'one of fatal, error, warn, info, debug, trace, silent',
    },
    SHUTDOWN_TIMEOUT_MS: {
      type: 'integer',
      minimum: 1000,
      maximum: 600000,
      default: 8000,
      description: 'On SIGTERM, how long to wait for active jobs and requests before exiting anyway.',
      'x-expect': 'an integer number of milliseconds from 1000 to 600000',
    },
    SESSION_TTL_MINUTES: {
      type: 'integer',
      minimum: 5,
      maximum: 1440,
      default: 60,
      description: 'How long a sign-in (bearer token or page session) lasts.',
      'x-expect': 'an integer number of minutes from 5 to 1440',
    },
    ADMIN_EMAIL: {
      type: 'string',
      pattern: '^[^@\\s]+@[^@\\s]+$',
      description: 'With ADMIN_PASSWORD: creates this admin at start when the workspace has none.',
      'x-expect': 'an email address',
    },
    ADMIN_PASSWORD: {
      type: 'string',
      minLength: 12,
      description: 'Password of the ADMIN_EMAIL admin (at least 12 characters; only used to create it).',
      'x-secret': true,
      'x-expect': 'at least 12 characters',
    },
    CONNECTOR_ALLOWLIST: {
      type: 'string',
      pattern: '^[A-Za-z0-9.:/\\[\\]%_, -]*$',
      default: '',
      description:
        'Comma-separated host names, IP addresses or CIDR blocks that pull connectors may call although they are private, loopback or link-local.',
      'x-expect':
        'a comma-separated list of host names, addresses or CIDR blocks (e.g. crm.internal,10.20.0.0/16)',
    },
    CONNECTOR_BACKOFF_MS: {
      type: 'integer',
      minimum: 10,
      maximum: 3600000,
      default: 5000,
      description:
        'First retry delay of a failed connector pull; doubles with each attempt (5 attempts), with jitter.',
      'x-expect': 'an integer number of milliseconds from 10 to 3600000',
    },
    WORKFLOW_RECONCILE_MS: {
      type: 'integer',
      minimum: 200,
      maximum: 3600000,
      default: 30000,
      description:
        'How often a worker re-creates missing workflow jobs (starts, effects, timers) from the database, so losing Redis loses no work.',
      'x-expect': 'an integer number of milliseconds from 200 to 3600000',
    },
    WORKFLOW_CLOCK_OFFSET_MS: {
      type: 'integer',
      minimum: 0,
      maximum: 31536000000,
      default: 0,
      description:
        'Moves the workflow clock (deadlines, reminders, escalations) ahead by this much, to rehearse deadlines in a test or staging workspace. Leave 0 in production.',
      'x-expect': 'an integer number of milliseconds from 0 to 31536000000',
    },
    NOTIFY_WEBHOOK_URL: {
      type: 'string',
      pattern: '^https?://',
      description:
        'Where workflow notifications are POSTed (JSON, signed with NOTIFY_WEBHOOK_SECRET). Without it they stay in the in-app notification list.',
      'x-expect': 'a URL starting with http:// or https://',
    },
    NOTIFY_WEBHOOK_SECRET: {
      type: 'string',
      minLength: 16,
      description: 'HMAC secret of the notification webhook signature header.',
      'x-secret': true,
      'x-expect': 'at least 16 characters',
    },
    SURVEY_RATE_LIMIT_PER_IP: {
      type: 'integer',
      minimum: 1,
      maximum: 1000000,
      default: 600,
      description:
        'Requests per minute one client address may make to the public survey pages (raise it when many contacts answer from behind one proxy).',
      'x-expect': 'an integer from 1 to 1000000',
    },
    SURVEY_RATE_LIMIT_PER_TOKEN: {
      type: 'integer',
      minimum: 1,
      maximum: 1000000,
      default: 30,
      description: 'Requests per minute to one personal survey link.',
      'x-expect': 'an integer from 1 to 1000000',
    },
  },
  required: ['NODE_ENV', 'PORT', 'HOST', 'SQLITE_PATH', 'REDIS_URL', 'REDIS_EMBEDDED', 'WORKER_CONCURRENCY'],
} as const;

export type RawConfig = FromSchema<typeof configSchema>;
