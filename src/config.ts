import { resolve } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { redactUrl } from './lib/redact.js';
import { moduleNames } from './modules/index.js';

/**
 * Every setting the service reads from its environment, typed and checked once at start-up.
 * A wrong value stops the process with a message naming the variable instead of failing later.
 */
const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
  dataDir: Type.String({ minLength: 1 }),
  adminEmail: Type.Union([Type.String({ minLength: 3 }), Type.Null()]),
  adminPassword: Type.Union([Type.String({ minLength: 8 }), Type.Null()]),
  logLevel: Type.Union([
    Type.Literal('fatal'),
    Type.Literal('error'),
    Type.Literal('warn'),
    Type.Literal('info'),
    Type.Literal('debug'),
    Type.Literal('trace'),
    Type.Literal('silent'),
  ]),
  sessionTtlHours: Type.Integer({ minimum: 1, maximum: 24 * 90 }),
  dbPoolSize: Type.Integer({ minimum: 1, maximum: 500 }),
  rateLimitPerMinute: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  corsOrigins: Type.Array(Type.String({ pattern: '^https?://[^/]+$' })),
  signInRateLimitPerMinute: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  shopperIdleMinutes: Type.Integer({ minimum: 1, maximum: 60 * 24 * 90 }),
  shopperSessionHours: Type.Integer({ minimum: 1, maximum: 24 * 365 }),
  redisUrl: Type.Union([Type.String({ pattern: '^rediss?://' }), Type.Null()]),
  smtpUrl: Type.Union([Type.String({ pattern: '^smtps?://[^/?#]+' }), Type.Null()]),
  smtpFrom: Type.String({ minLength: 3, maxLength: 320 }),
  /** Where this service answers on the web: the base of the unsubscribe links in emails. */
  publicUrl: Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', maxLength: 500 }),
  worker: Type.Boolean(),
  /** Deliver webhooks to loopback, link-local and private addresses too (tests, closed networks). */
  webhooksAllowPrivate: Type.Boolean(),
  /** statement_timeout of every filtered list statement (#12). */
  listTimeoutMs: Type.Integer({ minimum: 50, maximum: 600_000 }),
  /** Rows a filtered list's ordered walk reads per request before it answers a partial page. */
  listWalkRows: Type.Integer({ minimum: 10, maximum: 10_000_000 }),
  /** A filtered list collects its matches and sorts them when the planner expects at most this many. */
  listCollectRows: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  /** How long a SIGTERM waits for in-flight requests and the worker's batch before exiting (#17). */
  shutdownGraceMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
  /** `pretty` (human-readable), `json`, or null: pretty on a terminal, JSON otherwise (#17). */
  logFormat: Type.Union([Type.Literal('pretty'), Type.Literal('json'), Type.Null()]),
  /** Serve /metrics on this port alone (no credential); null serves it on the main port behind one. */
  metricsPort: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()]),
  /** A bearer token that may read /metrics on the main port, besides an owner's credential. */
  metricsToken: Type.Union([Type.String({ minLength: 16, maxLength: 500 }), Type.Null()]),
  /** A streaming replica for list, search and get reads (#17); null reads from the primary. */
  databaseReplicaUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
  /** After an admin's write, their reads go to the primary for this long (never a stale read). */
  readYourWritesMs: Type.Integer({ minimum: 0, maximum: 600_000 }),
  /** `full`, or `oms`: order management only (no storefront, shopper sign-in, marketing, segments). */
  mode: Type.Union([Type.Literal('full'), Type.Literal('oms')]),
  /** The modules to run besides the core ones (CLIENTELE_MODULES); null runs them all. */
  modules: Type.Union([Type.Array(Type.Union(moduleNames.map((name) => Type.Literal(name)))), Type.Null()]),
});
export type Config = Static<typeof ConfigSchema>;

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
};

/** `true`/`1`/`yes` or `false`/`0`/`no`; anything else is left for the schema to report. */
const flag = (name: string, fallback: boolean): boolean => {
  const value = env(name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  return value as unknown as boolean;
};

/** `all` (or unset) runs every module; otherwise comma-separated names. */
const moduleList = (value: string | undefined): string[] | null =>
  value === undefined || value.trim().toLowerCase() === 'all'
    ? null
    : value
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean);

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const config: Config = {
    port: Number(env('PORT') ?? 3000),
    host: env('HOST') ?? '0.0.0.0',
    databaseUrl: env('DATABASE_URL') ?? null,
    dataDir: resolve(env('CLIENTELE_DATA_DIR') ?? './data'),
    adminEmail: env('CLIENTELE_ADMIN_EMAIL') ?? null,
    adminPassword: env('CLIENTELE_ADMIN_PASSWORD') ?? null,
    logLevel: (env('LOG_LEVEL') ?? 'info') as Config['logLevel'],
    sessionTtlHours: Number(env('CLIENTELE_SESSION_TTL_HOURS') ?? 12),
    dbPoolSize: Number(env('DATABASE_POOL_SIZE') ?? 20),
    rateLimitPerMinute: Number(env('CLIENTELE_RATE_LIMIT') ?? 1200),
    corsOrigins: (env('CLIENTELE_CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    signInRateLimitPerMinute: Number(env('CLIENTELE_SIGNIN_RATE_LIMIT') ?? 30),
    shopperIdleMinutes: Number(env('CLIENTELE_SHOPPER_IDLE_MINUTES') ?? 1440),
    shopperSessionHours: Number(env('CLIENTELE_SHOPPER_SESSION_HOURS') ?? 720),
    redisUrl: env('REDIS_URL') ?? null,
    smtpUrl: env('SMTP_URL') ?? null,
    smtpFrom: env('SMTP_FROM') ?? 'Clientele <no-reply@localhost>',
    publicUrl: env('CLIENTELE_PUBLIC_URL') ?? `http://localhost:${env('PORT') ?? 3000}`,
    worker: flag('CLIENTELE_WORKER', true),
    webhooksAllowPrivate: flag('CLIENTELE_WEBHOOKS_ALLOW_PRIVATE', false),
    listTimeoutMs: Number(env('CLIENTELE_LIST_TIMEOUT_MS') ?? 1000),
    listWalkRows: Number(env('CLIENTELE_LIST_WALK_ROWS') ?? 4000),
    listCollectRows: Number(env('CLIENTELE_LIST_COLLECT_ROWS') ?? 5000),
    shutdownGraceMs: Number(env('CLIENTELE_SHUTDOWN_GRACE_MS') ?? 10_000),
    logFormat: (env('LOG_FORMAT')?.toLowerCase() ?? null) as Config['logFormat'],
    metricsPort: env('METRICS_PORT') === undefined ? null : Number(env('METRICS_PORT')),
    metricsToken: env('METRICS_TOKEN') ?? null,
    databaseReplicaUrl: env('DATABASE_REPLICA_URL') ?? null,
    readYourWritesMs: Number(env('CLIENTELE_READ_YOUR_WRITES_MS') ?? 5000),
    mode: (env('CLIENTELE_MODE')?.toLowerCase() ?? 'full') as Config['mode'],
    modules: moduleList(env('CLIENTELE_MODULES')),
    ...overrides,
  };
  const errors = [...Value.Errors(ConfigSchema, config)];
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const key = e.path.slice(1).split('/')[0] as keyof Config;
      const setting = settings[key];
      const expected = setting?.expected ?? e.message;
      return `  ${setting?.variable ?? key}: ${expected} (got ${shown(key, e.value)})`;
    });
    throw new Error(`Invalid configuration:\n${[...new Set(lines)].join('\n')}`);
  }
  return config;
}

/** Each setting's environment variable, and what it must be in words (instead of a regex). */
const settings: Partial<Record<keyof Config, { variable: string; expected?: string }>> = {
  port: { variable: 'PORT' },
  host: { variable: 'HOST' },
  databaseUrl: {
    variable: 'DATABASE_URL',
    expected:
      'must be a PostgreSQL URL such as postgres://db.example:5432/shop, with user:password@ before the host (unset it to use the embedded database)',
  },
  dataDir: { variable: 'CLIENTELE_DATA_DIR' },
  adminEmail: { variable: 'CLIENTELE_ADMIN_EMAIL' },
  adminPassword: { variable: 'CLIENTELE_ADMIN_PASSWORD', expected: 'must be at least 8 characters' },
  logLevel: { variable: 'LOG_LEVEL' },
  sessionTtlHours: { variable: 'CLIENTELE_SESSION_TTL_HOURS' },
  dbPoolSize: { variable: 'DATABASE_POOL_SIZE' },
  rateLimitPerMinute: { variable: 'CLIENTELE_RATE_LIMIT' },
  corsOrigins: {
    variable: 'CLIENTELE_CORS_ORIGINS',
    expected: 'must be comma-separated origins such as https://shop.example',
  },
  signInRateLimitPerMinute: { variable: 'CLIENTELE_SIGNIN_RATE_LIMIT' },
  publicUrl: {
    variable: 'CLIENTELE_PUBLIC_URL',
    expected: 'must be the http(s) address this service answers on, such as https://accounts.shop.example',
  },
  shopperIdleMinutes: { variable: 'CLIENTELE_SHOPPER_IDLE_MINUTES' },
  shopperSessionHours: { variable: 'CLIENTELE_SHOPPER_SESSION_HOURS' },
  redisUrl: {
    variable: 'REDIS_URL',
    expected:
      'must be a Redis URL such as redis://cache.example:6379 (rediss:// for TLS), with :password@ before the host',
  },
  smtpUrl: {
    variable: 'SMTP_URL',
    expected:
      'must be an SMTP URL such as smtp://mail.example:587 (smtps:// for TLS), with user:password@ before the host',
  },
  smtpFrom: { variable: 'SMTP_FROM' },
  worker: { variable: 'CLIENTELE_WORKER', expected: 'must be true or false' },
  webhooksAllowPrivate: { variable: 'CLIENTELE_WEBHOOKS_ALLOW_PRIVATE', expected: 'must be true or false' },
  listTimeoutMs: {
    variable: 'CLIENTELE_LIST_TIMEOUT_MS',
    expected: 'must be milliseconds from 50 to 600000',
  },
  listWalkRows: { variable: 'CLIENTELE_LIST_WALK_ROWS', expected: 'must be a row count from 10 to 10000000' },
  listCollectRows: {
    variable: 'CLIENTELE_LIST_COLLECT_ROWS',
    expected: 'must be a row count from 0 to 10000000',
  },
  shutdownGraceMs: {
    variable: 'CLIENTELE_SHUTDOWN_GRACE_MS',
    expected: 'must be milliseconds from 0 to 600000',
  },
  logFormat: { variable: 'LOG_FORMAT', expected: 'must be pretty or json (unset: pretty on a terminal)' },
  metricsPort: { variable: 'METRICS_PORT' },
  metricsToken: { variable: 'METRICS_TOKEN', expected: 'must be 16 to 500 characters' },
  databaseReplicaUrl: {
    variable: 'DATABASE_REPLICA_URL',
    expected: 'must be a PostgreSQL URL such as postgres://replica.example:5432/shop',
  },
  readYourWritesMs: {
    variable: 'CLIENTELE_READ_YOUR_WRITES_MS',
    expected: 'must be milliseconds from 0 to 600000',
  },
  mode: { variable: 'CLIENTELE_MODE', expected: 'must be full or oms' },
  modules: {
    variable: 'CLIENTELE_MODULES',
    expected: `must be all, or comma-separated module names from: ${moduleNames.join(', ')}`,
  },
};

/**
 * A refused value as the error may show it: connection strings without their credentials, and
 * the admin password never (a typo in the variable would otherwise print the password).
 */
function shown(key: keyof Config, value: unknown): string {
  if (key === 'adminPassword' || key === 'metricsToken')
    return typeof value === 'string' ? `${value.length} characters` : 'nothing';
  if (
    typeof value === 'string' &&
    (key === 'databaseUrl' || key === 'databaseReplicaUrl' || key === 'redisUrl' || key === 'smtpUrl')
  )
    return JSON.stringify(redactUrl(value));
  return JSON.stringify(value);
}
