import { readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

// The customer page's GDPR actions (docs/privacy.md): download everything held, and erase it with
// a dry-run list and a typed confirmation, in Chromium.

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: TestServer;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

describe('GDPR download and erasure on the customer page', () => {
  let customerId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const customer = await make.customer(server.ctx, {
      firstName: 'Gudrun',
      lastName: 'Privacy',
      email: 'gudrun.privacy@example.com',
    });
    customerId = customer.id;
    await make.address(server.ctx, customerId, { line1: '9 Forget-me Street' });
    await make.order(server.ctx, { customerId, total: 4200 });
    await make.note(server.ctx, customerId, { body: 'Asked for her data by phone.' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    await context.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.effectiveDirective + ' blocked ' + e.blockedURI))",
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`));

    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/customers');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(browserErrors, 'the browser reported errors').toEqual([]);
  });

  it('downloads everything held about the customer as one JSON file', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/${customerId}`);
    await page.getByRole('heading', { level: 1, name: 'Gudrun Privacy' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download data (GDPR)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`customer-${customerId}.json`);
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(doc.customerId).toBe(customerId);
    expect(doc.sections.customers.data.details.email).toBe('gudrun.privacy@example.com');
    expect(doc.sections.addresses.data[0].line1).toBe('9 Forget-me Street');
    expect(doc.sections.notes.data).toHaveLength(1);
    expect(doc.sections.orders.data).toHaveLength(1);
    expect(await axeViolations(page), 'axe on the customer page').toEqual([]);
  });

  it('lists what would be erased, asks for the typed word, then erases and says so', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/${customerId}`);
    await page.getByRole('heading', { level: 1, name: 'Gudrun Privacy' }).waitFor();
    await page.getByRole('button', { name: 'Erase personal data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase personal data' });
    const preview = dialog.getByTestId('erasure-preview');
    await preview.waitFor();
    const items = (await preview.getByRole('listitem').allTextContents()).map((t) => t.trim());
    expect(items).toEqual(
      expect.arrayContaining([
        '1 × addresses',
        '1 × staff notes',
        '1 × orders: email and addresses blanked, numbers and totals kept',
      ]),
    );
    const erase = dialog.getByRole('button', { name: 'Erase personal data' });
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByLabel('Type ERASE to confirm').fill('erase');
    expect(await erase.isDisabled()).toBe(true);
    expect(await axeViolations(page), 'axe on the erasure dialog').toEqual([]);
    await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
    // Only the preview has run: nothing is erased until the button.
    const stored = () =>
      server.db
        .selectFrom('customers')
        .select('email')
        .where('id', '=', customerId)
        .executeTakeFirstOrThrow();
    expect((await stored()).email).toBe('gudrun.privacy@example.com');
    await erase.click();
    await dialog.getByTestId('erasure-done').waitFor();
    expect(await axeViolations(page), 'axe on the erasure result').toEqual([]);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('customer-erased').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Unnamed customer' }).waitFor();
    expect(await page.getByRole('button', { name: 'Erase personal data…' }).count()).toBe(0);
    expect((await stored()).email).toBeNull();
  });
});
