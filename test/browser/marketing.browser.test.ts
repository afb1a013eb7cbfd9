import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/** Issue 14 in the admin app: the Newsletters page and a customer's Marketing tab. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.SCREENSHOT_DIR;

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];
/** The customer the second test subscribes and unsubscribes, whom a viewer then looks at. */
let consentingCustomerId = '';

/** A full-page picture for a person to look at, only when SCREENSHOT_DIR is set. */
async function snapshot(name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

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

const newsletterRow = () =>
  page.getByTestId('newsletters-table').getByRole('row').filter({ hasText: 'Weekly deals' });

async function openNewsletters() {
  await page.getByRole('link', { name: 'Newsletters' }).click();
  await page.getByRole('heading', { level: 1, name: 'Newsletters' }).waitFor();
}

describe('newsletters and consent in the admin app', () => {
  it('creates a newsletter on a page without accessibility violations', async () => {
    await openNewsletters();
    await page.getByText('No newsletters yet.').waitFor();
    expect(await axeViolations(page), 'axe on the Newsletters page').toEqual([]);

    await page.getByRole('button', { name: 'New newsletter' }).click();
    const form = page.getByRole('form', { name: 'New newsletter' });
    await form.getByLabel('Code').fill('weekly-deals');
    await form.getByLabel('Name').fill('Weekly deals');
    await form.getByLabel('Description').fill('The best offers, every Friday.');
    expect(await axeViolations(page), 'axe on the New newsletter dialog').toEqual([]);
    await snapshot('new-newsletter-dialog');
    await form.getByRole('button', { name: 'Create newsletter' }).click();
    await newsletterRow().waitFor();
    expect(await newsletterRow().textContent()).toContain('Double opt-in');
    expect(await newsletterRow().getByTestId('subscriber-count').textContent()).toBe('0');

    // A code taken on the same site is shown on the field.
    await page.getByRole('button', { name: 'New newsletter' }).click();
    const again = page.getByRole('form', { name: 'New newsletter' });
    await again.getByLabel('Code').fill('weekly-deals');
    await again.getByLabel('Name').fill('Again');
    await again.getByRole('button', { name: 'Create newsletter' }).click();
    await again.locator('[aria-invalid="true"]').first().waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();
    browserErrors.splice(0);
    await snapshot('newsletters-page');
  });

  it('subscribes a customer with the source of their consent, shows the history, and unsubscribes', async () => {
    const customer = await make.customer(server.ctx, { firstName: 'Consuela', lastName: 'Consent' });
    consentingCustomerId = customer.id;
    await page.goto(`${server.baseUrl}/admin/customers/${customer.id}?tab=marketing`);
    const subscriptions = page.getByTestId('subscriptions-table');
    const row = subscriptions.getByRole('row').filter({ hasText: 'Weekly deals' });
    await row.getByText('Not subscribed').waitFor();
    await page
      .getByTestId('consent-history')
      .getByText('No consent has been given or withdrawn yet.')
      .waitFor();
    expect(await axeViolations(page), 'axe on the Marketing tab').toEqual([]);

    // Subscribing asks where the consent came from, and will not go without it.
    await page.getByRole('button', { name: 'Change Weekly deals' }).click();
    const change = page.getByRole('form', { name: 'Change Weekly deals' });
    await change.getByRole('button', { name: 'Save change' }).click();
    await change.getByText(/where the consent came from/i).waitFor();
    const wording = 'Asked to be added at the till on 3 May; signed form 4411';
    await change.getByLabel('Where did consent come from?').fill(wording);
    expect(await axeViolations(page), 'axe on the Change dialog').toEqual([]);
    await snapshot('change-dialog');
    await change.getByRole('button', { name: 'Save change' }).click();
    await row.getByText('Subscribed', { exact: true }).waitFor();
    const history = page.getByTestId('consent-history');
    const subscribed = history.getByRole('row').filter({ hasText: wording });
    await subscribed.waitFor();
    expect(await subscribed.textContent()).toContain('Subscribed');
    expect(await subscribed.textContent()).toContain('Admin');
    expect(await subscribed.textContent()).toContain('Weekly deals');
    expect(await axeViolations(page), 'axe on the Marketing tab with history').toEqual([]);
    await snapshot('marketing-tab');

    await openNewsletters();
    await newsletterRow().getByTestId('subscriber-count').getByText('1', { exact: true }).waitFor();

    await page.goBack();
    await page.getByRole('button', { name: 'Change Weekly deals' }).click();
    const unsubscribe = page.getByRole('form', { name: 'Change Weekly deals' });
    await unsubscribe.getByRole('textbox', { name: 'New state' }).click();
    await page.getByRole('option', { name: 'Unsubscribed' }).click();
    await unsubscribe.getByLabel('Note for the consent history').fill('Asked by phone to stop');
    await unsubscribe.getByRole('button', { name: 'Save change' }).click();
    await row.getByText('Unsubscribed').waitFor();
    // Newest first: the withdrawal above the consent it withdraws.
    const records = history.getByRole('row').filter({ has: page.locator('time') });
    await records.nth(1).waitFor();
    expect(await records.nth(0).getAttribute('data-status')).toBe('UNSUBSCRIBED');
    expect(await records.nth(1).getAttribute('data-status')).toBe('SUBSCRIBED');

    await openNewsletters();
    await newsletterRow().getByTestId('subscriber-count').getByText('0', { exact: true }).waitFor();
    expect(browserErrors).toEqual([]);
  });

  it('marks an address invalid: its subscriptions become invalid, recorded with the reason', async () => {
    const customer = await make.customer(server.ctx, { firstName: 'Bo', lastName: 'Unce' });
    await page.goto(`${server.baseUrl}/admin/customers/${customer.id}?tab=marketing`);
    const row = page.getByTestId('subscriptions-table').getByRole('row').filter({ hasText: 'Weekly deals' });
    await row.getByText('Not subscribed').waitFor();
    await page.getByRole('button', { name: 'Change Weekly deals' }).click();
    const change = page.getByRole('form', { name: 'Change Weekly deals' });
    await change
      .getByLabel('Where did consent come from?')
      .fill('Ticked the box on the paper catalogue order');
    await change.getByRole('button', { name: 'Save change' }).click();
    await row.getByText('Subscribed', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Mark address invalid' }).click();
    const form = page.getByRole('form', { name: 'Mark address invalid' });
    const reason = 'Hard bounce reported by the mail provider';
    await form.getByLabel('Reason (optional)').fill(reason);
    expect(await axeViolations(page), 'axe on the Mark address invalid dialog').toEqual([]);
    await form.getByRole('button', { name: 'Mark invalid' }).click();
    await row.getByText('Address invalid').waitFor();
    await page.getByTestId('contact-invalid').waitFor();
    await expect(page.getByRole('button', { name: 'Mark address invalid' }).count()).resolves.toBe(0);
    const record = page.getByTestId('consent-history').getByRole('row').filter({ hasText: reason });
    await record.waitFor();
    expect(await record.getAttribute('data-status')).toBe('INVALID');
    await snapshot('marketing-invalid');
    expect(browserErrors).toEqual([]);
  });

  it('shows a viewer the counts, states and history, with nothing to change', async () => {
    // No name: the header then shows the email (an admin without a name once broke every page).
    const viewer = await make.admin(server.ctx, { role: 'viewer' });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const viewerPage = await context.newPage();
    try {
      await viewerPage.goto(`${server.baseUrl}/admin/login`);
      await viewerPage.getByLabel('Email', { exact: true }).fill(viewer.email);
      await viewerPage.getByLabel('Password', { exact: true }).fill(viewer.password);
      await viewerPage.getByRole('button', { name: 'Sign in' }).click();
      await viewerPage.waitForURL('**/admin/customers**');
      await viewerPage.getByRole('link', { name: 'Newsletters' }).click();
      await viewerPage.getByTestId('newsletters-table').getByText('Weekly deals').waitFor();
      expect(await viewerPage.getByRole('button', { name: 'New newsletter' }).count()).toBe(0);
      expect(await viewerPage.getByRole('button', { name: 'Edit Weekly deals' }).count()).toBe(0);

      await viewerPage.goto(`${server.baseUrl}/admin/customers/${consentingCustomerId}?tab=marketing`);
      const row = viewerPage
        .getByTestId('subscriptions-table')
        .getByRole('row')
        .filter({ hasText: 'Weekly deals' });
      await row.getByText('Unsubscribed').waitFor();
      await viewerPage
        .getByTestId('consent-history')
        .getByText(/signed form 4411/)
        .waitFor();
      expect(await viewerPage.getByRole('button', { name: 'Change Weekly deals' }).count()).toBe(0);
      expect(await viewerPage.getByRole('button', { name: 'Mark address invalid' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
