import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The admin-app issue, point 9: at 390 px the customers grid is a list of cards (name, e-mail,
 * orders, total) with the same sort, search and filters, and no page scrolls sideways.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let errors: string[];

const PAGES = [
  'customers',
  'orders',
  'carts/abandoned',
  'segments',
  'groups',
  'attributes',
  'jobs',
  'audit',
  'mailbox',
  'sites',
  'roles',
  'newsletters',
  'webhooks',
];

beforeAll(async () => {
  server = await startTestServer();
  ({ browser, page, errors } = await openBrowser({ width: 1440, height: 900 }));
  await signIn(page, server);
  await page.setViewportSize({ width: 390, height: 844 });
  mkdirSync('test-results', { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const cards = () => page.getByRole('list', { name: 'Customers' }).getByRole('listitem');

describe('the admin app at 390 px', () => {
  it('shows customers as cards with a sort select, search and filters', async () => {
    await page.goto(`${server.baseUrl}/admin/customers`);
    await cards().first().waitFor();
    expect(await page.getByTestId('customers-table-scroller').count(), 'no table').toBe(0);
    const first = cards().first();
    expect(await first.textContent()).toMatch(/@example\.com/);
    expect(await first.textContent()).toMatch(/\d+ orders?/);
    await page.screenshot({ path: 'test-results/narrow-customers-390.png', fullPage: true });

    const firstName = () => cards().first().locator('p').first().textContent();
    const ascending = await firstName();
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Name, descending' });
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('-lastName');
    await expect.poll(firstName).not.toBe(ascending);

    await page.getByLabel('Search customers').fill('brown');
    await expect.poll(() => cards().count()).toBe(1);
    expect(await cards().first().textContent()).toContain('William Brown');
    await page.getByLabel('Search customers').fill('');

    // A card opens its customer. Its notes and timeline are held back at first, so axe also sees
    // the page with their loaders.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sections = /\/admin\/v1\/customers\/[^/]+\/(notes|timeline)/;
    await page.route(sections, async (route) => {
      await held;
      await route.continue();
    });
    await cards().first().getByRole('button').first().click();
    await page.waitForURL(/\/admin\/customers\/[0-9a-f-]+$/);
    const loading = page.locator('[role="status"]:has(.mantine-Loader-root)');
    await expect.poll(() => loading.count()).toBe(2);
    expect(await axeViolations(page), 'axe on a customer at 390, notes and timeline loading').toEqual([]);
    // (The route stays: once released it lets every request through.)
    release();
    await expect.poll(() => loading.count()).toBe(0);
    expect(await axeViolations(page), 'axe on a customer at 390').toEqual([]);
    expect(errors).toEqual([]);
  });

  it('lets no main page scroll sideways', async () => {
    const overflowing: string[] = [];
    for (const path of PAGES) {
      await page.goto(`${server.baseUrl}/admin/${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = (await page.evaluate(
        'document.documentElement.scrollWidth - window.innerWidth',
      )) as number;
      if (overflow > 0) overflowing.push(`${path} by ${overflow} px`);
      if (path === 'customers' || path === 'orders') {
        expect(await axeViolations(page), `axe on ${path} at 390`).toEqual([]);
        await page.screenshot({ path: `test-results/narrow-${path}-390.png`, fullPage: true });
      }
    }
    expect(overflowing, 'pages that scroll sideways at 390 px').toEqual([]);
    // The Orders "to" date is whole on screen.
    await page.goto(`${server.baseUrl}/admin/orders`);
    const to = (await page.getByLabel('Placed to').boundingBox())!;
    expect(to.x + to.width).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.baseUrl}/admin/customers`);
    await page.getByTestId('customers-table').waitFor();
    await page.screenshot({ path: 'test-results/narrow-customers-1440.png' });
  });
});
