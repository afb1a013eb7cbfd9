import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redeemCredit } from '../../src/modules/credit/credit.service.js';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The admin-app issue, point 7 (names, not codes): countries and states read as names, addresses
 * in each country's layout, phones grouped for reading, a country picker that offers what was
 * typed first, and the store-credit kind badge in full.
 */
const SCREENSHOT_DIR = join(process.cwd(), 'test-results');

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let customerId: string;
let orderId: string;

beforeAll(async () => {
  server = await startTestServer();
  const customer = await make.customer(server.ctx, {
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: '+14155550100',
  });
  customerId = customer.id;
  // The first address becomes the default billing one: the customer's location.
  await make.address(server.ctx, customerId, {
    label: 'Office',
    firstName: 'Ada',
    lastName: 'Lovelace',
    companyName: 'Analytical Engines Inc',
    line1: '1 Market St',
    line2: 'Suite 500',
    city: 'San Francisco',
    postalCode: '94103',
    countryCode: 'US',
    stateCode: 'US-CA',
    phone: '+14155550100',
  });
  await make.address(server.ctx, customerId, {
    label: 'London flat',
    line1: '10 Downing Street',
    city: 'London',
    postalCode: 'SW1A 2AA',
    countryCode: 'GB',
    stateCode: 'GB-LND',
    phone: '+14155550100',
  });
  await make.address(server.ctx, customerId, {
    label: 'Berlin',
    line1: 'Unter den Linden 5',
    city: 'Berlin',
    postalCode: '10115',
    countryCode: 'DE',
    stateCode: null,
  });
  const order = await make.order(server.ctx, {
    customerId,
    billingAddress: {
      line1: 'Unter den Linden 5',
      city: 'Berlin',
      postalCode: '10115',
      countryCode: 'DE',
      phone: '+493012345678',
    },
    shippingAddress: {
      line1: '1 Market St',
      city: 'San Francisco',
      postalCode: '94103',
      countryCode: 'US',
      stateCode: 'US-CA',
    },
    total: 2000,
  });
  orderId = order.id;
  await make.credit(server.ctx, customerId, { amount: 1500, currency: 'USD' });
  await redeemCredit(server.ctx, customerId, { orderId, amount: 500, currency: 'USD' }, randomUUID());
  ({ browser, page } = await openBrowser({ width: 1440, height: 900 }));
  await signIn(page, server);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The lines of the address card headed `title`. */
async function addressLines(title: string): Promise<string[]> {
  const card = page.getByTestId('address').filter({ hasText: title });
  return ((await card.locator('address').textContent()) ?? '').split('\n');
}

describe('names, not codes', () => {
  it('shows addresses in their country’s layout with names for the country and state', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/${customerId}`);
    await page.getByRole('heading', { level: 1, name: 'Ada Lovelace' }).waitFor();

    // US: "City, ST ZIP", the country by name, the phone as Americans dial it.
    await expect
      .poll(() => addressLines('Office'))
      .toEqual([
        'Ada Lovelace',
        'Analytical Engines Inc',
        '1 Market St',
        'Suite 500',
        'San Francisco, CA 94103',
        'United States',
        '(415) 555-0100',
      ]);
    // UK: the postcode on a line of its own; a US phone on a UK address keeps its country code.
    expect(await addressLines('London flat')).toEqual([
      '10 Downing Street',
      'London',
      'SW1A 2AA',
      'United Kingdom',
      '+1 415 555 0100',
    ]);
    // Germany: the postcode before the city.
    expect(await addressLines('Berlin')).toEqual(['Unter den Linden 5', '10115 Berlin', 'Germany']);

    await expect
      .poll(() => page.getByText('Location').locator('..').textContent())
      .toMatch(/California, United States/);
    expect(await page.getByTestId('customer-phone').textContent()).toBe('· (415) 555-0100');

    expect(await axeViolations(page), 'axe on the customer page').toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'names-customer-1440.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('address').first().scrollIntoViewIfNeeded();
    expect(await axeViolations(page), 'axe on the customer page at 390 px').toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'names-customer-390.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('shows an order’s addresses the same way', async () => {
    await page.goto(`${server.baseUrl}/admin/orders/${orderId}`);
    const addresses = page.getByRole('region', { name: 'Addresses' }).locator('address');
    await expect
      .poll(async () => (await addresses.allTextContents()).map((text) => text.split('\n')))
      .toEqual([
        ['Unter den Linden 5', '10115 Berlin', 'Germany', '030 12345678'],
        ['1 Market St', 'San Francisco, CA 94103', 'United States'],
      ]);
    expect(await axeViolations(page), 'axe on the order page').toEqual([]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'names-order-1440.png') });
  });

  it('offers the country typed first in the address form’s picker, found by name, code or other name', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/${customerId}`);
    await page.getByRole('button', { name: 'Add address' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add address' });
    const country = dialog.getByRole('textbox', { name: 'Country' });
    const firstOption = async (typed: string) => {
      await country.fill(typed);
      const options = page.getByRole('listbox').getByRole('option');
      await options.first().waitFor();
      return options.first().textContent();
    };
    expect(await firstOption('United States')).toBe('United States');
    expect(await firstOption('united')).toBe('United Arab Emirates');
    expect(await firstOption('USA')).toBe('United States');
    expect(await firstOption('uk')).toBe('United Kingdom');
    expect(await firstOption('germ')).toBe('Germany');
    expect(await firstOption('cote')).toBe('Côte d’Ivoire');

    await country.fill('United States');
    await page.getByRole('listbox').getByRole('option', { name: 'United States', exact: true }).click();
    expect(await country.inputValue()).toBe('United States');
    expect(await axeViolations(page), 'axe on the address form').toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('reads the store-credit kinds in full, on wide and narrow screens', async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      await page.goto(`${server.baseUrl}/admin/customers/${customerId}?tab=credit`);
      const badge = page
        .getByTestId('credit-history')
        .locator('tr[data-kind="redeem"]')
        .getByText('Redeemed');
      await badge.waitFor();
      const { scrollWidth, clientWidth } = await badge.evaluate(
        (label: { scrollWidth: number; clientWidth: number }) => ({
          scrollWidth: label.scrollWidth,
          clientWidth: label.clientWidth,
        }),
      );
      expect(scrollWidth, `the badge at ${viewport.width} px`).toBeLessThanOrEqual(clientWidth);
      expect(await axeViolations(page), `axe on the store credit tab at ${viewport.width} px`).toEqual([]);
      await badge.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `names-credit-${viewport.width}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
