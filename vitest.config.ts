import { defineConfig } from 'vitest/config';

const apiTests = ['src/**/*.test.ts', 'test/api/**/*.test.ts'];

/**
 * The same module and API tests run once on embedded PGlite and, when TEST_DATABASE_URL is
 * set (CI sets it), once more on PostgreSQL. Browser tests run once, in real Chromium.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'pglite', include: apiTests, env: { CLIENTELE_TEST_DB: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ extends: true, test: { name: 'postgres', include: apiTests, env: { CLIENTELE_TEST_DB: 'postgres' } } }]
        : []),
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          env: { CLIENTELE_TEST_DB: 'pglite' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
