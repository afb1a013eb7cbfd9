import { resolve } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

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
  worker: Type.Boolean(),
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
    worker: flag('CLIENTELE_WORKER', true),
    ...overrides,
  };
  const errors = [...Value.Errors(ConfigSchema, config)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.path.slice(1)}: ${e.message} (got ${JSON.stringify(e.value)})`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
