import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The admin-app issue, point 8 (and point 4's "axe on every page, in both themes"): the app
 * follows the system's dark setting, a switch in the header chooses light, dark or the system's
 * and is remembered, and every page has no WCAG A/AA violation in either theme.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let pages: string[] = [];
const SCREENSHOTS = join(process.cwd(), 'test-results');

beforeAll(async () => {
  server = await startTestServer();
  const customer = await make.registeredCustomer(server.ctx, { firstName: 'Dora', lastName: 'Darkly' });
  const order = await make.order(server.ctx, { customerId: customer.id });
  await make.cart(server.ctx, { customerId: customer.id });
  await make.note(server.ctx, customer.id, { body: 'Prefers the dark.' });
  await make.tags(server.ctx, customer.id, ['night-owl']);
  const segment = await make.segment(server.ctx);
  await make.group(server.ctx);
  // The welcome email of a shopper who signed up gives the mailbox an email to open.
  await make.shopper(server.ctx);
  ({ browser, page } = await openBrowser({ width: 1440, height: 900 }, { colorScheme: 'dark' }));
  await signIn(page, server);
  const firstId = async (path: string) => {
    const body = (await (await page.request.get(`${server.baseUrl}/admin/v1/${path}`)).json()) as {
      data: { id: string }[];
    };
    return body.data[0]?.id;
  };
  const [siteId, emailId] = [await firstId('sites'), await firstId('mailbox')];
  const customerPage = `/customers/${customer.id}`;
  pages = [
    '/customers',
    customerPage,
    ...['orders', 'carts', 'wishlists', 'credit', 'groups', 'marketing', 'duplicates'].map(
      (tab) => `${customerPage}?tab=${tab}`,
    ),
    '/customers/new',
    '/orders',
    `/orders/${order.id}`,
    '/carts/abandoned',
    '/segments',
    `/segments/${segment.id}`,
    '/groups',
    '/roles',
    '/sites',
    `/sites/${siteId}`,
    '/attributes',
    '/newsletters',
    '/jobs',
    '/jobs/import',
    '/audit',
    '/mailbox',
    ...(emailId ? [`/mailbox/${emailId}`] : []),
    '/webhooks',
  ];
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const scheme = () => page.evaluate("document.documentElement.getAttribute('data-mantine-color-scheme')");
const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');

/** Every page's axe violations, by path; the pages with none are left out. */
async function violationsOnEveryPage(): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of pages) {
    await page.goto(`${server.baseUrl}/admin${path}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    const violations = await axeViolations(page);
    if (violations.length > 0) found[path] = violations;
  }
  return found;
}

describe('dark mode', () => {
  it('follows the system: dark from the start, sign-in page included, with no axe violation on any page', async () => {
    expect(await scheme()).toBe('dark');
    // The page itself is dark, not only Mantine's variables.
    expect(await background()).toBe('rgb(31, 31, 31)');
    expect(
      await page
        .getByRole('radiogroup', { name: 'Colour scheme' })
        .getByRole('radio', { name: 'System' })
        .isChecked(),
    ).toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'dark-mode-customers-1440.png') });

    expect(await violationsOnEveryPage(), 'axe in the dark theme').toEqual({});

    const signInPage = await browser.newPage({ colorScheme: 'dark', viewport: { width: 1440, height: 900 } });
    await signInPage.goto(`${server.baseUrl}/admin/login`);
    await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(
      await signInPage.evaluate("document.documentElement.getAttribute('data-mantine-color-scheme')"),
    ).toBe('dark');
    expect(await axeViolations(signInPage), 'axe on the sign-in page, dark').toEqual([]);
    await signInPage.close();
  }, 300_000);

  it('switches to light, remembers it across a reload, and passes axe on every page in light too', async () => {
    await page.goto(`${server.baseUrl}/admin/customers`);
    const switcher = page.getByRole('radiogroup', { name: 'Colour scheme' });
    await switcher.locator('label', { hasText: 'Light' }).click();
    expect(await scheme()).toBe('light');
    await page.reload();
    await page.getByLabel('Search customers').waitFor();
    expect(await scheme()).toBe('light');
    expect(await background()).toBe('rgb(248, 249, 250)');
    expect(await switcher.getByRole('radio', { name: 'Light' }).isChecked()).toBe(true);

    expect(await violationsOnEveryPage(), 'axe in the light theme').toEqual({});

    // Back to the system's setting: dark again, as the system says.
    await switcher.locator('label', { hasText: 'System' }).click();
    expect(await scheme()).toBe('dark');
  }, 300_000);

  it('is dark at 390 px too, with the switch in reach', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/admin/customers`);
    await page.getByLabel('Search customers').waitFor();
    await page.waitForLoadState('networkidle');
    const switcher = page.getByRole('radiogroup', { name: 'Colour scheme' });
    expect(await switcher.isVisible()).toBe(true);
    expect(await scheme()).toBe('dark');
    expect(await axeViolations(page), 'axe at 390 px, dark').toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'dark-mode-customers-390.png') });
    // The header fits: its last control, Sign out, is on screen, and nothing pushes the page sideways.
    const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
    expect((signOut?.x ?? 0) + (signOut?.width ?? 0)).toBeLessThanOrEqual(390);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
