import Ajv from 'ajv';
import { configSchema, type RawConfig } from './config.schema';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: DatabaseConfig;
  redis: { url: string; embedded: boolean };
  queuePrefix: string;
  workerConcurrency: number;
  demoData: boolean;
  logLevel: string;
  shutdownTimeoutMs: number;
  sessionTtlMinutes: number;
  /** Created at start when the workspace has no admin. */
  initialAdmin: { email: string; password: string } | null;
  /** Pull connectors: private hosts they may call anyway, and the first retry delay. */
  connectors: { allowlist: string[]; backoffMs: number };
  /** Workflow runtime: the reconciler's period and the clock offset (deadline rehearsals). */
  workflow: { reconcileMs: number; clockOffsetMs: number };
  /** Outbound notification webhook; null keeps notifications in the app only. */
  notifyWebhook: { url: string; secret: string | null } | null;
  /** Public survey pages: requests per minute per client address and per personal link. */
  surveyRateLimit: { perIpPerMinute: number; perTokenPerMinute: number };
}

/** A wrong configuration value: its message is the single line printed before the process stops. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ajv = new Ajv({ allErrors: false, coerceTypes: true, useDefaults: true, strict: false });
const validate = ajv.compile(configSchema);

type PropertySchema = { 'x-expect'?: string; 'x-secret'?: boolean };

/**
 * Validates the environment against the config schema and returns the typed configuration.
 * Throws ConfigError naming the variable, what was given, and what is expected.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env,
): AppConfig {
  // Only the variables we know, with empty strings treated as unset.
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  if (!validate(input)) {
    const error = validate.errors?.[0];
    const name = error?.instancePath.replace(/^\//, '') || 'configuration';
    const property = (configSchema.properties as Record<string, PropertySchema>)[name];
    // Never echo a secret; URLs lose their password.
    const raw = env[name];
    const given = property?.['x-secret']
      ? '(hidden)'
      : name.endsWith('_URL') && raw
        ? JSON.stringify(redactUrl(raw))
        : JSON.stringify(raw);
    throw new ConfigError(
      `Invalid configuration: ${name}=${given} — expected ${property?.['x-expect'] ?? error?.message}.`,
    );
  }
  // ajv has applied the defaults, so the required properties are present.
  const raw = input as RawConfig;
  return {
    env: raw.NODE_ENV,
    port: raw.PORT,
    host: raw.HOST,
    database: raw.DATABASE_URL
      ? { type: 'postgres', url: raw.DATABASE_URL }
      : { type: 'sqlite', path: raw.SQLITE_PATH },
    redis: { url: raw.REDIS_URL, embedded: raw.REDIS_EMBEDDED },
    queuePrefix: raw.QUEUE_PREFIX ?? `keyscore-${raw.NODE_ENV}`,
    workerConcurrency: raw.WORKER_CONCURRENCY,
    demoData: raw.DEMO_DATA ?? true,
    logLevel: raw.LOG_LEVEL ?? 'info',
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS ?? 8000,
    sessionTtlMinutes: raw.SESSION_TTL_MINUTES ?? 60,
    initialAdmin:
      raw.ADMIN_EMAIL && raw.ADMIN_PASSWORD ? { email: raw.ADMIN_EMAIL, password: raw.ADMIN_PASSWORD } : null,
    connectors: {
      allowlist: (raw.CONNECTOR_ALLOWLIST ?? '')
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
      backoffMs: raw.CONNECTOR_BACKOFF_MS ?? 5000,
    },
    workflow: {
      reconcileMs: raw.WORKFLOW_RECONCILE_MS ?? 30000,
      clockOffsetMs: raw.WORKFLOW_CLOCK_OFFSET_MS ?? 0,
    },
    notifyWebhook: raw.NOTIFY_WEBHOOK_URL
      ? { url: raw.NOTIFY_WEBHOOK_URL, secret: raw.NOTIFY_WEBHOOK_SECRET ?? null }
      : null,
    surveyRateLimit: {
      perIpPerMinute: raw.SURVEY_RATE_LIMIT_PER_IP ?? 600,
      perTokenPerMinute: raw.SURVEY_RATE_LIMIT_PER_TOKEN ?? 30,
    },
  };
}

/** The URL with any password replaced, for logs and error lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<unparseable url>';
  }
}
