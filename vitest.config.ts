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

const project = (name: string, include: string[], extra: TestProjectInlineConfiguration['test'] = {}) =>
  ({
    extends: true,
    test: {
      name,
      include,
      env: { CLIENTELE_TEST_DB: name === 'postgres' ? 'postgres' : 'pglite' },
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
      // Shared counters through a real Redis: run where one is provided (CI starts one).
      ...(process.env.TEST_REDIS_URL ? [project('redis', ['test/redis/**/*.test.ts'])] : []),
      // Order-management-only mode (CLIENTELE_MODE=oms): the suite's subset that mode keeps.
      project('oms', omsTests, { env: { CLIENTELE_TEST_DB: 'pglite', CLIENTELE_TEST_MODE: 'oms' } }),
      project('browser', ['test/browser/**/*.test.ts'], { testTimeout: 120_000, hookTimeout: 120_000 }),
    ],
  },
});
