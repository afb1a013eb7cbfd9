import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The admin-app issue, point 3: the customer filter built as chips (field → operator in words →
 * typed value), money typed in the tenant's currency, chips edited and removed, the raw
 * expression as an Advanced mode that round-trips with the chips, and a refused value marked on
 * its chip.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await startTestServer();
  const customers = [
    { firstName: 'Anke', address: { city: 'Berlin', countryCode: 'DE' }, spent: 8000 },
    { firstName: 'Bernd', address: { city: 'Köln', countryCode: 'DE' }, spent: 3000 },
    { firstName: 'Cora', address: { city: 'Austin', countryCode: 'US', stateCode: 'US-TX' }, spent: 12000 },
  ];
  for (const { firstName, address, spent } of customers) {
    const customer = await make.customer(server.ctx, {
      firstName,
      lastName: 'Chipson',
      addresses: [{ line1: '1 Main St', ...address }],
    });
    await make.order(server.ctx, { customerId: customer.id, total: spent });
  }
  ({ browser, page, errors } = await openBrowser({ width: 1440, height: 900 }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// The grid answers in well under a second, but the machine running the tests may be busy.
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const filterParam = () => new URL(page.url()).searchParams.get('filter');
const firstNames = async () =>
  (
    await page
      .locator('[data-testid="customers-table"] tbody tr[data-row-id] td[data-column="lastName"]')
      .allTextContents()
  )
    // The Name column reads "First Last" with the company beneath.
    .map((name) => name.trim().split(' ')[0])
    .sort();
const chips = () => page.getByRole('list', { name: 'Filters' }).getByTestId('filter-chip');
const chipTexts = async () => (await chips().allTextContents()).map((text) => text.trim());
const dialog = () => page.getByRole('dialog');

async function pickField(label: string) {
  await dialog().getByRole('textbox', { name: 'Field' }).fill(label);
  await dialog().getByRole('option', { name: label, exact: true }).click();
}

describe('the filter builder on the customer grid', () => {
  it('adds, edits and removes chips, round-trips with the expression and marks a refused value', async () => {
    await signIn(page, server);
    await page.goto(`${server.baseUrl}/admin/customers?q=Chipson&sort=firstName`);
    await poll(firstNames).toEqual(['Anke', 'Bernd', 'Cora']);

    // A country by its name; typing the whole name offers that country first.
    const add = page.getByRole('button', { name: 'Add filter' });
    await add.click();
    // The form takes focus on its first field, so typing starts there.
    const focusedLabel = () =>
      page.evaluate('document.activeElement?.labels?.[0]?.textContent ?? document.activeElement?.tagName');
    await poll(focusedLabel).toBe('Field');
    await pickField('Country');
    const country = dialog().getByRole('textbox', { name: 'Country' });
    await country.fill('United States');
    await poll(() => dialog().getByRole('option').first().textContent()).toBe('United States');
    await country.fill('Germ');
    await dialog().getByRole('option', { name: 'Germany' }).click();
    await dialog().getByRole('button', { name: 'Apply' }).click();
    await poll(filterParam).toBe('country eq "DE"');
    await poll(firstNames).toEqual(['Anke', 'Bernd']);
    expect(await chipTexts()).toEqual(['Country is Germany']);
    // Closing the form gives focus back to the button that opened it.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Add filter');

    // Money typed as 50 in the tenant's currency: the filter compares minor units.
    await add.click();
    await pickField('Total spent');
    expect(await dialog().getByRole('textbox', { name: 'Condition' }).inputValue()).toBe('more than');
    await dialog().getByRole('textbox', { name: 'Amount (USD)' }).fill('50');
    expect(await axeViolations(page), 'axe with the builder open').toEqual([]);
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'filter-builder-1440.png') });
    await dialog().getByRole('button', { name: 'Apply' }).click();
    await poll(filterParam).toBe('country eq "DE" and totalSpent gt 5000');
    await poll(firstNames).toEqual(['Anke']);
    expect(await chipTexts()).toEqual(['Country is Germany', 'Total spent more than $50.00']);

    // Editing a chip opens the same form with its value; removing one keeps the others.
    await page.getByRole('button', { name: 'Total spent more than $50.00', exact: true }).click();
    const amount = dialog().getByRole('textbox', { name: 'Amount (USD)' });
    expect(await amount.inputValue()).toBe('50.00');
    await amount.fill('20');
    await amount.press('Enter');
    await poll(filterParam).toBe('country eq "DE" and totalSpent gt 2000');
    await poll(firstNames).toEqual(['Anke', 'Bernd']);
    await page.getByRole('button', { name: 'Remove filter: Country is Germany' }).click();
    await poll(filterParam).toBe('totalSpent gt 2000');
    await poll(firstNames).toEqual(['Anke', 'Bernd', 'Cora']);
    expect(await chipTexts()).toEqual(['Total spent more than $20.00']);

    // Advanced: the same filter as text, and text back as chips.
    const advanced = page.getByRole('button', { name: 'Advanced' });
    await advanced.click();
    const expression = page.getByRole('textbox', { name: 'Filter expression' });
    expect(await expression.inputValue()).toBe('totalSpent gt 2000');
    await expression.fill('totalSpent gt 2000 and country ne "US" and lastOrderAt gt now-30d');
    await expression.press('Enter');
    await poll(firstNames).toEqual(['Anke', 'Bernd']);
    await advanced.click();
    expect(await chipTexts()).toEqual([
      'Total spent more than $20.00',
      'Country is not United States',
      'Last order after 30 days ago',
    ]);

    // An expression chips cannot show stays text, with a note.
    await advanced.click();
    await expression.fill('country eq "DE" or ordersCount gt 5');
    await expression.press('Enter');
    await poll(firstNames).toEqual(['Anke', 'Bernd']);
    await page.getByText('chips cannot show').waitFor();
    expect(await advanced.isDisabled()).toBe(true);

    // A value the server refuses is marked on its chip, with the server's reason.
    await expression.fill('country eq "DE" and lastOrderAt gt "soon"');
    await expression.press('Enter');
    await poll(() => advanced.isDisabled()).toBe(false);
    await advanced.click();
    await poll(() => chips().count()).toBe(2);
    const faulty = chips().nth(1);
    await poll(() => faulty.getAttribute('data-invalid')).toBe('true');
    expect(await faulty.textContent()).toContain('needs an ISO 8601 date or date-time, found "soon"');
    expect(await chips().nth(0).getAttribute('data-invalid')).toBeNull();
    expect(await axeViolations(page), 'axe with a refused chip').toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'filter-builder-390.png') });
    expect(errors.filter((error) => !/status of 400/.test(error))).toEqual([]);
  });
});
