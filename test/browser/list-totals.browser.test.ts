import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTotals } from '../../src/lib/list/paginate.js';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 18 point 2: past the 10,000 a list counts, its total is the server's estimate and the
 * page says "about N" (never "10,000+" for 20,000); the Orders page shows its filtered total the
 * same way. The server here counts up to 20, so that a few dozen rows reach the estimate.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  listTotals.cap = 20;
  server = await startTestServer();
  for (let i = 0; i < 40; i++) {
    const customer = await make.customer(server.ctx, { lastName: 'Totalson' });
    await make.order(server.ctx, { customerId: customer.id, status: i < 3 ? 'paid' : 'placed' });
  }
  await sql`analyze customers`.execute(server.db);
  await sql`analyze orders`.execute(server.db);
  ({ browser, page } = await openBrowser());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('list totals in the admin app', () => {
  it('say "about N" past the count, and the exact number under it, on Customers and Orders', async () => {
    await signIn(page, server);

    const customersTotal = page.getByTestId('customers-total');
    await expect.poll(() => customersTotal.textContent()).toMatch(/^about \d[\d,]* customers$/);

    await page.goto(`${server.baseUrl}/admin/orders`);
    const ordersTotal = page.getByTestId('orders-total');
    await expect.poll(() => ordersTotal.textContent()).toMatch(/^about \d[\d,]* orders$/);
    // Filtered under the count: exact, and the same as the rows shown.
    await page.goto(`${server.baseUrl}/admin/orders?status=paid`);
    await expect.poll(() => ordersTotal.textContent()).toBe('3 orders');
    expect(await page.getByRole('row').count()).toBe(4);
    expect(await axeViolations(page), 'axe on the filtered orders').toEqual([]);
  });
});
