import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 13 point 8 in the admin app: the segment editor counts as you type, offers attribute names,
 * shows a bad filter's message where it points, saves, and opens the segment in the customer grid.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run the tests with `npm test` (it builds the admin app).');
  server = await startTestServer();
  for (const firstName of ['Ada', 'Bea', 'Cy'])
    await make.customer(server.ctx, { firstName, lastName: 'Segmentson', tags: ['segtest'] });
  await make.customer(server.ctx, { firstName: 'Dee', lastName: 'Segmentson' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (message) => {
    // A filter the server refuses is a 400 the editor shows; the browser logs the failed request.
    if (message.type() === 'error' && !message.text().includes('400')) browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the segment editor', () => {
  it('counts as you type, completes attributes, points at a fault, saves and opens the grid', async () => {
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/customers**');

    await page.getByRole('link', { name: 'Segments' }).click();
    await page.waitForURL('**/admin/segments');
    await page.getByText('No segments yet').waitFor();
    expect(await axeViolations(page), 'axe on the empty list').toEqual([]);
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.waitForURL('**/admin/segments/new');

    await page.getByLabel('Name').fill('Segment testers');
    const filter = page.getByRole('textbox', { name: 'Filter' });
    await filter.fill('lastN');
    await page.getByRole('button', { name: 'lastName', exact: true }).click();
    expect(await filter.inputValue()).toBe('lastName ');
    await filter.pressSequentially('eq "Segmentson"');
    const count = page.getByTestId('segment-count');
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('4 customers');

    await filter.fill('lastName eq "Segmentson" and createdAt ge now-90x');
    const pointer = page.getByTestId('segment-filter-pointer');
    await pointer.waitFor({ timeout: 10_000 });
    expect(await pointer.locator('mark').textContent()).toBe('x');
    expect(await page.getByText(/position 48: expected a unit/).count()).toBeGreaterThan(0);
    expect(await axeViolations(page), 'axe with a bad filter').toEqual([]);
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'segment-editor-error.png') });

    await filter.fill('lastName eq "Segmentson" and tags co "segtest" and createdAt ge startOfDay');
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe('3 customers');
    expect(await pointer.count()).toBe(0);
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.waitForURL(/\/admin\/segments\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Segment testers' }).waitFor();
    expect(await axeViolations(page), 'axe on a saved segment').toEqual([]);

    await page.getByRole('link', { name: 'Open in customers' }).click();
    await page.waitForURL(/\/admin\/customers\?segment=/);
    await page.getByTestId('segment-view').getByText('Segment testers').waitFor();
    const table = page.getByTestId('customers-table');
    await expect
      .poll(async () => await table.getByRole('row').filter({ hasText: 'Segmentson' }).count(), {
        timeout: 10_000,
      })
      .toBe(3);
    expect(await table.getByRole('row').filter({ hasText: 'Dee' }).count()).toBe(0);
    expect(await axeViolations(page), 'axe on the grid opened on a segment').toEqual([]);
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'segment-grid.png') });

    await page.getByRole('button', { name: 'Show all customers' }).click();
    await expect
      .poll(async () => await table.getByRole('row').filter({ hasText: 'Dee' }).count(), { timeout: 10_000 })
      .toBe(1);
    expect(browserErrors).toEqual([]);
  });
});
