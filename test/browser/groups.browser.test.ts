import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/** Issue 13 in the admin app: the Groups and Roles pages, and a customer's Groups & roles tab. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

/** WCAG 2 A/AA violations axe finds on the current page, as "rule: selector" lines. */

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

describe('groups and roles in the admin app', () => {
  it('creates a role and a group bundling it, on pages without accessibility violations', async () => {
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Roles' }).waitFor();
    await page.getByText('No roles yet.').waitFor();
    expect(await axeViolations(page), 'axe on the Roles page').toEqual([]);
    await page.getByRole('button', { name: 'New role' }).click();
    const roleForm = page.getByRole('form', { name: 'New role' });
    await roleForm.getByLabel('Code').fill('wholesale');
    await roleForm.getByLabel('Name').fill('Wholesale buyer');
    expect(await axeViolations(page), 'axe on the New role dialog').toEqual([]);
    await roleForm.getByRole('button', { name: 'Create role' }).click();
    await page.getByTestId('roles-table').getByText('Wholesale buyer').waitFor();

    // A taken code is shown on the field.
    await page.getByRole('button', { name: 'New role' }).click();
    const again = page.getByRole('form', { name: 'New role' });
    await again.getByLabel('Code').fill('WHOLESALE');
    await again.getByLabel('Name').fill('Again');
    await again.getByRole('button', { name: 'Create role' }).click();
    await again.getByText(/code of another role/i).waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();
    browserErrors.splice(0);

    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    await page.getByText('No groups yet.').waitFor();
    expect(await axeViolations(page), 'axe on the Groups page').toEqual([]);
    await page.getByRole('button', { name: 'New group' }).click();
    const groupForm = page.getByRole('form', { name: 'New group' });
    await groupForm.getByLabel('Code').fill('vip');
    await groupForm.getByLabel('Name').fill('VIP club');
    await groupForm.getByRole('textbox', { name: 'Roles' }).click();
    await page.getByRole('option', { name: /wholesale/ }).click();
    await groupForm.getByLabel('Reminder (days before a membership ends)').fill('14');
    await groupForm.getByRole('button', { name: 'Create group' }).click();
    const row = page.getByTestId('groups-table').getByRole('row').filter({ hasText: 'VIP club' });
    await row.waitFor();
    expect(await row.textContent()).toContain('wholesale');
    expect(await row.textContent()).toContain('14 days before');
    expect(browserErrors).toEqual([]);
  });

  it("adds a customer to a group and shows the roles it gives on the customer's tab", async () => {
    const perk = await make.role(server.ctx, { code: 'early-access', name: 'Early access' });
    await make.group(server.ctx, { code: 'insiders', name: 'Insiders', roleIds: [perk.id] });
    const customer = await make.customer(server.ctx, { firstName: 'Vera', lastName: 'Member' });
    await page.goto(`${server.baseUrl}/admin/customers/${customer.id}?tab=groups`);
    const memberships = page.getByTestId('memberships-table');
    await memberships.getByText('Not a member of any group.').waitFor();
    await page.getByRole('textbox', { name: 'Group' }).click();
    await page.getByRole('option', { name: /Insiders/ }).click();
    await page.getByRole('button', { name: 'Add to group' }).click();
    await memberships
      .getByRole('row')
      .filter({ hasText: 'Insiders' })
      .filter({ hasText: 'Active' })
      .waitFor();
    const roles = page.getByTestId('customer-roles-table');
    await roles
      .getByRole('row')
      .filter({ hasText: 'Early access' })
      .filter({ hasText: 'Through Insiders' })
      .waitFor();
    expect(await axeViolations(page), 'axe on the Groups & roles tab').toEqual([]);

    await page.getByRole('button', { name: 'End Insiders' }).click();
    await memberships.getByText('Not a member of any group.').waitFor();
    await roles.getByText('No roles.').waitFor();
    expect(browserErrors).toEqual([]);
  });
});
