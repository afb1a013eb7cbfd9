import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCustomer } from '../../src/modules/customers/customers.service.js';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The admin-app issue, point 5: forms that never lose work. Leaving with unsaved changes asks
 * first; every field error of one Save shows at once with the first focused; a conflicting save
 * shows both versions in view; offline or failing reads say so within 2 s with a Retry.
 */
const SCREENSHOTS = join(process.cwd(), 'test-results');
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;

async function shoot(name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Screenshots of the page as it is, at 1440×900 and at a phone's 390×844. */
async function shootBothWidths(name: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await shoot(`${name}-1440`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(`${name}-390`);
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function openCustomer(id: string) {
  await page.goto(`${server.baseUrl}/admin/customers/${id}`);
  await page.getByRole('form', { name: 'Customer details' }).waitFor();
}

const focusedLabel = () =>
  page.evaluate(
    "document.activeElement?.labels?.[0]?.textContent ?? document.activeElement?.getAttribute('aria-label')",
  );

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startTestServer();
  ({ browser, page } = await openBrowser({ width: 1440, height: 900 }));
  await signIn(page, server);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('forms that never lose work', () => {
  it('asks before leaving an edited customer: Stay keeps the edit, Discard leaves', async () => {
    const customer = await make.customer(server.ctx, { firstName: 'Ada', lastName: 'Leaveson' });
    await openCustomer(customer.id);
    const firstName = page.getByLabel('First name', { exact: true });
    await firstName.fill('Adelaide');

    const ordersLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' });
    await ordersLink.click();
    const dialog = page.getByRole('dialog', { name: 'Discard changes?' });
    await dialog.waitFor();
    expect(page.url()).toContain(`/customers/${customer.id}`);
    await shootBothWidths('forms-discard-dialog');
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await firstName.inputValue()).toBe('Adelaide');
    expect(page.url()).toContain(`/customers/${customer.id}`);

    // Reloading asks too: the browser's own question, from `beforeunload`.
    const asked = new Promise<string>((resolve) => {
      page.once('dialog', (question) => {
        resolve(question.type());
        void question.dismiss();
      });
    });
    void page.reload().catch(() => undefined);
    expect(await asked).toBe('beforeunload');
    expect(await firstName.inputValue()).toBe('Adelaide');

    await ordersLink.click();
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await page.waitForURL('**/admin/orders**');
  });

  it('asks on the new-customer page too, and not once the customer was created', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/new`);
    await page.getByLabel('Last name', { exact: true }).fill('Createdson');
    const ordersLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' });
    await ordersLink.click();
    const dialog = page.getByRole('dialog', { name: 'Discard changes?' });
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForURL(/\/admin\/customers\/[0-9a-f-]{36}$/);
    await ordersLink.click();
    await page.waitForURL('**/admin/orders**');
    expect(await dialog.count()).toBe(0);
  });

  it('shows every field error of one Save at once, and focuses the first', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/new`);
    const form = page.getByRole('form', { name: 'New customer' });
    // No name, email or company: the rule is said on all four fields, before any request.
    await form.getByRole('button', { name: 'Create customer' }).click();
    const identityRule = 'Give at least one of first name, last name, email or company name.';
    await expect.poll(() => form.getByText(identityRule).count()).toBe(4);
    expect(await focusedLabel()).toBe('First name');

    await page.getByLabel('Last name', { exact: true }).fill('Wrongfields');
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByLabel('Phone', { exact: true }).fill('12');
    await page.getByLabel('Locale', { exact: true }).fill('not a locale');
    await form.getByRole('button', { name: 'Create customer' }).click();

    const invalid = form.locator('input[aria-invalid="true"]');
    await expect.poll(() => invalid.count()).toBe(3);
    const errors = await form.locator('.mantine-InputWrapper-error').allTextContents();
    expect(errors).toHaveLength(3);
    // Each message stands alone under its field as a sentence.
    for (const error of errors) expect(error).toMatch(/^[A-Z].*\.$/);
    expect(await focusedLabel()).toBe('Email');

    expect(await axeViolations(page), 'axe on the form with errors').toEqual([]);
    await shootBothWidths('forms-field-errors');
  });

  it('shows a conflicting save in view with both values; Keep mine saves, Reload shows theirs', async () => {
    const customer = await make.customer(server.ctx, { firstName: 'Clara', lastName: 'Conflict' });
    await openCustomer(customer.id);
    await page.getByLabel('First name', { exact: true }).fill('Mine');
    await updateCustomer(server.ctx, customer.id, { firstName: 'Theirs', companyName: 'Their Co' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const notice = page.getByTestId('conflict-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('role')).toBe('alert');
    const row = notice.getByRole('row', { name: /First name/ });
    await expect.poll(() => row.textContent()).toBe('First nameTheirsMine');
    // In view: below the fixed header, not above the visible area where the Save button is not.
    const box = await notice.boundingBox();
    const header = await page.locator('header').first().boundingBox();
    expect(box && header && box.y >= header.y + header.height && box.y < 900, JSON.stringify(box)).toBe(true);
    expect(await axeViolations(page), 'axe on the conflict notice').toEqual([]);
    await shootBothWidths('forms-conflict');

    await notice.getByRole('button', { name: 'Keep mine' }).click();
    await notice.waitFor({ state: 'hidden' });
    await page.getByText('Customer saved.').waitFor();
    const saved = await page.request.get(`${server.baseUrl}/admin/v1/customers/${customer.id}`);
    // Their other change stays; the field this edit changed is the user's.
    expect(await saved.json()).toMatchObject({ firstName: 'Mine', companyName: 'Their Co' });

    await page.getByLabel('Last name', { exact: true }).fill('Mylast');
    await updateCustomer(server.ctx, customer.id, { lastName: 'Theirlast' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await notice.getByRole('button', { name: 'Reload their version' }).click();
    await notice.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('Last name', { exact: true }).inputValue()).toBe('Theirlast');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
  });

  it('says within 2 s that the app is offline or a list failed, and Retry loads it', async () => {
    // A company: the grid shows it as secondary (dimmed) text, which must stay readable while busy.
    await make.customer(server.ctx, { lastName: 'Offlineberg', companyName: 'Offlineberg Freight' });
    await page.goto(`${server.baseUrl}/admin/customers`);
    await page.getByRole('row').nth(1).waitFor();
    const notice = page.getByTestId('network-notice');
    const search = page.getByRole('textbox', { name: 'Search customers' });

    await page.context().setOffline(true);
    await search.fill('Offlineberg');
    await notice
      .getByText('You’re offline — changes are not saved.', { exact: false })
      .waitFor({ timeout: 2000 });
    await shootBothWidths('forms-offline');
    await page.context().setOffline(false);
    await notice.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /Offlineberg/ }).waitFor();

    // A request the network drops: the notice names the list at once, while retries go on.
    await page.route('**/admin/v1/customers?*', (route) => route.abort());
    await search.fill('Offlinebe');
    const started = Date.now();
    await notice.getByText('Could not load customers.').waitFor({ timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
    // The list is still busy (retrying) and shows the rows it had, whose text keeps its contrast.
    await page.locator('table[aria-busy="true"]').waitFor();
    await page.getByRole('row', { name: /Offlineberg Freight/ }).waitFor();
    expect(await axeViolations(page), 'axe with the failed-request notice').toEqual([]);
    // Its own retries spent (two, within about 3 s), the list waits for Retry; unblocked before
    // that, a retry of its own could load the list first and take the notice away.
    await page.locator('table[aria-busy="false"]').waitFor({ timeout: 10_000 });
    await notice.getByText('Could not load customers.').waitFor();
    await page.unroute('**/admin/v1/customers?*');
    await notice.getByRole('button', { name: 'Retry' }).click();
    await notice.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /Offlineberg/ }).waitFor();
  });
});
