import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { make, type TestAdmin } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

// The customer page's timeline with field-level changes, and the Audit log page, in Chromium.

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: TestServer;
let browser: Browser;
let page: Page;
let jane: TestAdmin;
const browserErrors: string[] = [];

describe('the record of change in the admin app', () => {
  let customerId: string;

  beforeAll(async () => {
    if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
      throw new Error('web/dist is missing: run `npm run build` first.');
    server = await startTestServer();
    jane = await make.admin(server.ctx, { role: 'admin', name: 'Jane' });
    customerId = (
      await make.customer(server.ctx, { firstName: 'Tim', lastName: 'Line', email: 'a@x.example' })
    ).id;
    // Jane changes the email through the API, as any admin client would.
    const res = await fetch(`${server.baseUrl}/admin/v1/customers/${customerId}`, {
      method: 'PATCH',
      headers: { ...jane.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'b@x.example', phone: '+1 415 555 0100' }),
    });
    expect(res.status, await res.text()).toBe(200);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
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

  it('shows each changed field on the timeline, with who changed it', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/${customerId}`);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Email changed from a@x.example to b@x.example').waitFor();
    await timeline.getByText('Phone set to +14155550100').waitFor();
    const item = timeline.locator('.mantine-Timeline-item').first();
    expect(await item.locator('.mantine-Timeline-itemTitle').textContent()).toBe('2 details changed');
    expect(await item.textContent()).toMatch(/by Jane \(admin\), /);
    const labels = await timeline.locator('.mantine-Timeline-itemTitle').allTextContents();
    expect(labels.at(-1)).toBe('Customer created');
    expect(await axeViolations(page), 'axe on the customer page with its timeline').toEqual([]);
  });

  it('lists the audit log for admins, filtered by action and customer', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL('**/admin/audit');
    const table = page.getByTestId('audit-table');
    await table.locator('[data-audit-action="customer.updated"]').first().waitFor();

    await page.getByRole('textbox', { name: 'Action' }).fill('customer.');
    await page.getByRole('textbox', { name: 'Customer id' }).fill(customerId);
    await expect
      .poll(async () =>
        table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-audit-action'))),
      )
      .toEqual(['customer.updated', 'customer.created']);
    const updated = table.locator('[data-audit-action="customer.updated"]');
    expect(await updated.textContent()).toContain('Jane (admin)');
    expect(await updated.textContent()).toContain('Email changed from a@x.example to b@x.example');
    expect(await axeViolations(page), 'axe on the audit log').toEqual([]);

    // A customer id that is not one is refused by the server and said so.
    await page.getByRole('textbox', { name: 'Customer id' }).fill('not-an-id');
    await page
      .getByText(/The filter was not accepted/)
      .first()
      .waitFor();
    browserErrors.length = 0;
  });
});
