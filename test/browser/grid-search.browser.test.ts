import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue #12 in the admin app: a search the server answers in partial pages (a walk with a small
 * budget, forced by the server's settings) keeps the grid fetching on its own, says "Searching…"
 * while it does, and ends with exactly the matches: never an empty "no customers" meanwhile.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run the tests with `npm test` (it builds the admin app).');
  // Every filtered page walks at most 10 rows: a rare match takes many partial pages.
  server = await startTestServer({ extraCustomers: 200, config: { listWalkRows: 10, listCollectRows: 0 } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function api(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the customers grid over partial pages', () => {
  it('keeps searching, says so, and shows exactly the matches', async () => {
    const login = await api('POST', '/admin/v1/auth/login', {
      email: server.adminEmail,
      password: server.adminPassword,
    });
    const token = login.body.token as string;
    for (const first of ['Ada', 'Bea', 'Cy'])
      expect(
        (await api('POST', '/admin/v1/customers', { firstName: first, lastName: 'Quillfeather' }, token))
          .status,
      ).toBe(201);
    const first = await api('GET', '/admin/v1/customers?q=quillf&limit=50', undefined, token);
    expect(first.body.partial, 'the server answers this search in partial pages').toBe(true);

    // Each list answer is held back a little, so the searching state is there to see.
    await page.route('**/admin/v1/customers?*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      await route.continue();
    });
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/customers**');

    await page.getByLabel('Search customers').fill('quillf');
    const status = page.getByTestId('customers-searching');
    await status.waitFor({ timeout: 15_000 });
    expect(await status.textContent()).toMatch(/Searching… \d+ found so far/);
    expect(await page.getByText('No customers match').count()).toBe(0);
    expect(await axeViolations(page), 'axe while searching').toEqual([]);

    await status.waitFor({ state: 'detached', timeout: 60_000 });
    const table = page.getByTestId('customers-table');
    await expect
      .poll(async () => await table.getByRole('row').filter({ hasText: 'Quillfeather' }).count(), {
        timeout: 10_000,
      })
      .toBe(3);
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'grid-partial-search.png') });
    expect(browserErrors).toEqual([]);
  });
});
