import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 17 point 10 in the admin app: in order-management-only mode the navigation, the customer
 * page's tabs and the account actions show only what the service runs.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let customerId: string;
let browserErrors: string[];

beforeAll(async () => {
  server = await startTestServer({ config: { mode: 'oms' } });
  customerId = (
    await make.registeredCustomer(server.ctx, {
      firstName: 'Omar',
      lastName: 'Ordersonly',
      password: 'pw-123456789',
    })
  ).id;
  ({ browser, page, errors: browserErrors } = await openBrowser());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the admin app in order-management-only mode', () => {
  it('offers no segments, newsletters, marketing tab or shopper sign-in links', async () => {
    await signIn(page, server);

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Orders' }).waitFor();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toEqual(expect.arrayContaining(['Customers', 'Orders', 'Abandoned carts']));
    expect(links).not.toContain('Segments');
    expect(links).not.toContain('Newsletters');

    await page.goto(`${server.baseUrl}/admin/customers/${customerId}?tab=marketing`);
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    const tabs = await page.getByRole('tab').allTextContents();
    expect(tabs).toEqual(expect.arrayContaining(['Details', 'Orders', 'Carts']));
    expect(tabs).not.toContain('Marketing');
    // A link to a switched-off tab opens Details instead.
    expect(await page.getByRole('tab', { name: 'Details' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByRole('button', { name: 'Disable…' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Send password reset' }).count()).toBe(0);
    expect(await axeViolations(page), 'axe on the customer page').toEqual([]);
    expect(browserErrors).toEqual([]);
  });
});
