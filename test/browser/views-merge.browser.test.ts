import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 15 points 4 and 6 in the admin app: saved views as tabs above the Customers grid ("Save
 * view" when the URL state differs, the default view opening first), and a customer's duplicates
 * with a side-by-side merge preview, then the merge.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];
let survivorId = '';

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run the tests with `npm test` (it builds the admin app).');
  server = await startTestServer();
  for (const firstName of ['Ada', 'Bea', 'Cy'])
    await make.customer(server.ctx, { firstName, lastName: 'Viewson', tags: ['viewtest'] });
  const survivor = await make.customer(server.ctx, {
    firstName: 'Mary',
    lastName: 'Merge',
    email: 'mary.merge@example.com',
    phone: null,
  });
  survivorId = survivor.id;
  const twin = await make.customer(server.ctx, {
    firstName: 'Mary',
    lastName: 'Merge',
    email: 'MARY.MERGE@example.com',
    phone: '+1 415 555 0100',
    companyName: 'Merge Ltd',
  });
  await make.order(server.ctx, { customerId: twin.id });
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

describe('saved views and merging in the admin app', () => {
  it('saves the grid state as a view tab, offers Save view on changes, and opens the default first', async () => {
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/customers**');
    const tabs = page.getByRole('group', { name: 'Saved views' });
    await tabs.getByRole('button', { name: 'All customers' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save view' }).count()).toBe(0);

    await page.getByLabel('Search customers').fill('viewson');
    await page.waitForURL(/q=viewson/);
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByLabel('View name').fill('Viewsons');
    expect(await axeViolations(page), 'axe on the save-view dialog').toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Save view' }).click();
    const tab = tabs.getByRole('button', { name: 'Viewsons' });
    await tab.waitFor();
    await expect.poll(() => tab.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByRole('button', { name: 'Save view' }).count()).toBe(0);

    // A change to the URL state offers to save it; going back to the plain grid and choosing the
    // tab again applies its state.
    await page.getByLabel('Search customers').fill('ada');
    await page.getByRole('button', { name: 'Save view' }).waitFor();
    await tabs.getByRole('button', { name: 'All customers' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(null);
    await tab.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('viewson');
    await page.getByTestId('customers-table').getByText('Bea').waitFor();

    await page.getByRole('button', { name: 'Open first' }).click();
    await tabs.getByText('default').waitFor();
    expect(await axeViolations(page), 'axe on the grid with view tabs').toEqual([]);

    await page.goto(`${server.baseUrl}/admin/customers`);
    await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 10_000 }).toBe('viewson');
    await expect.poll(() => tab.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
  });

  it('lists duplicates and merges one after a side-by-side preview', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/${survivorId}?tab=duplicates`);
    const duplicates = page.getByTestId('duplicates-table');
    await duplicates.getByText('Same email').waitFor();
    expect(await axeViolations(page), 'axe on the duplicates').toEqual([]);

    await duplicates.getByRole('button', { name: /Preview merge/ }).click();
    const comparison = page.getByTestId('merge-comparison');
    await comparison.waitFor();
    const phoneRow = comparison.getByRole('row', { name: /Phone/ });
    expect(await phoneRow.locator('td').allTextContents()).toEqual(['—', '+14155550100', '+14155550100']);
    await page.getByTestId('merge-moves').getByText('1 orders').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'merge-preview.png'), fullPage: true });
    expect(await axeViolations(page), 'axe on the merge preview').toEqual([]);

    await page.getByRole('button', { name: 'Merge and delete the duplicate' }).click();
    await page.getByText(/was merged into this customer/).waitFor();
    await page.getByText('No likely duplicates of this customer.').waitFor();
    expect(browserErrors).toEqual([]);
  });
});
