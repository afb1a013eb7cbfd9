import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const apiTests = ['src/**/*.test.ts', 'test/api/**/*.test.ts'];

/** What order-management-only mode keeps: customer records, addresses, lists, notes, orders and carts. */
const omsTests = [
  'test/api/customers.test.ts',
  'test/api/addresses.test.ts',
  'test/api/customer-list.test.ts',
  'test/api/notes.test.ts',
  'test/api/oms-mode.test.ts',
];

/**
 * The API suite's main paths, run once more with the app's database opened through PgBouncer in
 * transaction pooling mode (#17): customers, admins' sign-in and API keys, shoppers' accounts,
 * orders (with their transaction-scoped advisory lock), lists and search, import/export jobs, bulk
 * actions, idempotency keys (a transaction-scoped advisory lock too) and list timeouts and cancels.
 */
const pgbouncerTests = [
  'test/api/customers.test.ts',
  'test/api/admins.test.ts',
  'test/api/accounts.test.ts',
  'test/api/orders.test.ts',
  'test/api/customer-list.test.ts',
  'test/api/import-export.test.ts',
  'test/api/bulk.test.ts',
  'test/api/idempotency.test.ts',
  // A list cancelled through the pooler cancels its own statement, not a pooled neighbour's.
  'test/postgres/list-timeouts.test.ts',
  // What only a transaction pooler can break (migrations' locks).
  'test/pgbouncer/**/*.test.ts',
];

const project = (name: string, include: string[], extra: TestProjectInlineConfiguration['test'] = {}) =>
  ({
    extends: true,
    test: {
      name,
      include,
      env: {
        CLIENTELE_TEST_DB:
          name === 'pgbouncer'
            ? 'pgbouncer'
            : name === 'pglite' || name === 'browser'
              ? 'pglite'
              : 'postgres',
      },
      ...extra,
    },
  }) satisfies TestProjectInlineConfiguration;

/**
 * The same module and API tests run once on embedded PGlite and, when TEST_DATABASE_URL is
 * set (CI sets it), once more on PostgreSQL. Browser tests run once, in real Chromium; the
 * Redis tests run when TEST_REDIS_URL names a Redis server (CI starts one).
 */
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      project('pglite', apiTests),
      // Statement timeouts and cancellation need a server with connections of its own.
      ...(process.env.TEST_DATABASE_URL
        ? [project('postgres', [...apiTests, 'test/postgres/**/*.test.ts'])]
        : []),
      // A rolling upgrade: the previous release's API tests on this schema (PostgreSQL, as in production).
      ...(process.env.TEST_DATABASE_URL
        ? [project('upgrade', ['test/upgrade/**/*.test.ts'], { testTimeout: 1_200_000 })]
        : []),
      // The same server behind PgBouncer (transaction pooling); CI starts one.
      ...(process.env.TEST_DATABASE_URL && process.env.TEST_PGBOUNCER_URL
        ? [project('pgbouncer', pgbouncerTests)]
        : []),
      // Several API processes and workers on one database, and reads from a streaming replica:
      // PostgreSQL only, with Redis for the shared counters (CI starts all three).
      ...(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL
        ? [project('processes', ['test/processes/**/*.test.ts'], { testTimeout: 120_000 })]
        : []),
      ...(process.env.TEST_DATABASE_URL && process.env.TEST_REPLICA_URL
        ? [project('replica', ['test/replica/**/*.test.ts'])]
        : []),
      // Shared counters through a real Redis: run where one is provided (CI starts one).
      ...(process.env.TEST_REDIS_URL ? [project('redis', ['test/redis/**/*.test.ts'])] : []),
      // Order-management-only mode (CLIENTELE_MODE=oms): the suite's subset that mode keeps.
      project('oms', omsTests, { env: { CLIENTELE_TEST_DB: 'pglite', CLIENTELE_TEST_MODE: 'oms' } }),
      project('browser', ['test/browser/**/*.test.ts'], { testTimeout: 120_000, hookTimeout: 120_000 }),
      // The admin app's pure logic (parsing, formatting), resolved through its own path aliases.
      {
        extends: true,
        resolve: {
          alias: [
            { find: /^@\//, replacement: fileURLToPath(new URL('./web/src/', import.meta.url)) },
            { find: /^@server\//, replacement: fileURLToPath(new URL('./src/', import.meta.url)) },
          ],
        },
        test: { name: 'web', include: ['web/src/**/*.test.ts'] },
      },
    ],
  },
});
