import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRunner } from '../../src/worker/job-runner.js';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/** Issue 15 points 5 and 7 in the admin app: bulk selection on the Customers grid. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run the tests with `npm test` (it builds the admin app).');
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));
  await page.goto(`${server.baseUrl}/admin/login`);
  await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/admin/customers**');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs the worker until no job is left, as `clientele worker` would. */
async function work() {
  const worker = jobRunner.start({ db: server.db, logger: quiet, everyMs: 0 });
  await worker.runOnce();
  await worker.stop();
}

describe('bulk actions on the Customers grid', () => {
  it('tags ticked rows, after a count, and shows the job to its end', async () => {
    for (const firstName of ['Ann', 'Ben', 'Cat'])
      await make.customer(server.ctx, { firstName, lastName: 'Bulktick' });
    await page.goto(`${server.baseUrl}/admin/customers?q=Bulktick`);
    const table = page.getByTestId('customers-table');
    await table.getByText('Cat').waitFor();
    await table.getByRole('checkbox', { name: 'Select Ann Bulktick' }).check();
    await page.getByTestId('bulk-bar').getByText('1 customer selected.').waitFor();
    await table.getByRole('checkbox', { name: 'Select all rows shown' }).check();
    await page.getByTestId('bulk-bar').getByText('3 customers selected.').waitFor();
    expect(await axeViolations(page), 'axe on the grid with a selection').toEqual([]);

    await page.getByRole('button', { name: 'Bulk actions' }).click();
    await page.getByRole('menuitem', { name: 'Add tags…' }).click();
    const form = page.getByRole('form', { name: 'Add tags' });
    await form.getByText('This applies to 3 customers').waitFor();
    await form.getByLabel('Tags').fill('spring');
    await form.getByLabel('Tags').press('Enter');
    expect(await axeViolations(page), 'axe on the bulk dialog').toEqual([]);
    await form.getByRole('button', { name: 'Add tags to 3 customers' }).click();
    await page
      .getByTestId('bulk-job')
      .getByText(/Waiting to start|Working|Done/)
      .waitFor();
    await work();
    await page.getByTestId('bulk-result').getByText('3 changed, 0 already as asked, 0 refused.').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    const listed = await page.request.get(`${server.baseUrl}/admin/v1/customers?q=Bulktick`);
    const tags = ((await listed.json()).data as { tags: string[] }[]).map((c) => c.tags);
    expect(tags).toEqual([['spring'], ['spring'], ['spring']]);
    expect(browserErrors).toEqual([]);
  });

  it('selects all N matching beyond the page and confirms a delete with the count', async () => {
    for (let i = 0; i < 55; i++)
      await make.customer(server.ctx, { firstName: `N${i}`, lastName: 'Bulkmany' });
    await page.goto(`${server.baseUrl}/admin/customers?q=Bulkmany`);
    const table = page.getByTestId('customers-table');
    await page.getByRole('button', { name: 'Load more' }).waitFor();
    await table.getByRole('checkbox', { name: 'Select all rows shown' }).check();
    const bar = page.getByTestId('bulk-bar');
    await bar.getByText('50 customers selected.').waitFor();
    await bar.getByRole('button', { name: 'Select all 55 customers matching' }).click();
    await bar.getByText('Selected all 55 customers matching this view.').waitFor();

    await page.getByRole('button', { name: 'Bulk actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const form = page.getByRole('form', { name: 'Delete' });
    await form.getByText('This applies to 55 customers').waitFor();
    await form.getByText(/gone for good/).waitFor();
    expect(await axeViolations(page), 'axe on the delete confirmation').toEqual([]);
    // Cancel changes nothing.
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'hidden' });
    // The grid draws only the rows in view; its row count says how many it holds (header + 50).
    expect(await table.getAttribute('aria-rowcount')).toBe('51');

    await page.getByRole('button', { name: 'Bulk actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page
      .getByRole('form', { name: 'Delete' })
      .getByRole('button', { name: 'Delete 55 customers' })
      .click();
    await page.getByTestId('bulk-job').waitFor();
    await work();
    await page.getByTestId('bulk-result').getByText('55 changed, 0 already as asked, 0 refused.').waitFor();
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await table.getByRole('row').filter({ hasText: 'Bulkmany' }).first().waitFor({ state: 'detached' });
    expect(browserErrors).toEqual([]);
  });
});
