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
});
export type Config = Static<typeof ConfigSchema>;

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
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
    ...overrides,
  };
  const errors = [...Value.Errors(ConfigSchema, config)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.path.slice(1)}: ${e.message} (got ${JSON.stringify(e.value)})`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
