import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 13 point 8 in the customer grid: group, tag and indexed-attribute columns, sorting by a
 * custom attribute, and quick filters that compose into the `filter` in the URL.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run `node scripts/build.mjs` (it builds the admin app).');
  server = await startTestServer();
  const club = await make.group(server.ctx, { code: 'vip-club', name: 'VIP club' });
  await make.attribute(server.ctx, {
    code: 'tier',
    label: 'Loyalty tier',
    type: 'enum',
    options: [
      { value: 'gold', label: 'Gold' },
      { value: 'silver', label: 'Silver' },
      { value: 'bronze', label: 'Bronze' },
    ],
    indexed: true,
  });
  const ada = await make.customer(server.ctx, {
    firstName: 'Ada',
    lastName: 'Gridling',
    tags: ['loyal'],
    attributes: { tier: 'gold' },
  });
  await make.customer(server.ctx, {
    firstName: 'Bea',
    lastName: 'Gridling',
    tags: ['loyal'],
    attributes: { tier: 'silver' },
  });
  await make.customer(server.ctx, { firstName: 'Cy', lastName: 'Gridling', attributes: { tier: 'bronze' } });
  await make.membership(server.ctx, ada.id, club.id);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const rows = () => page.locator('[data-testid="customers-table"] tbody tr[data-row-id]');
const firstNames = async () =>
  (await rows().locator('td[data-column="lastName"]').allTextContents()).map(
    (name) => name.trim().split(' ')[0],
  );
const cell = (firstName: string, column: string) =>
  rows().filter({ hasText: firstName }).locator(`td[data-column="${column}"]`);
const filterParam = () => new URL(page.url()).searchParams.get('filter');

describe('the customer grid with groups, tags and custom attributes', () => {
  it('shows their columns, sorts by the attribute and filters by group and tag', async () => {
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/customers**');
    await page.goto(`${server.baseUrl}/admin/customers?q=Gridling`);
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(3);

    await page.getByRole('button', { name: 'Columns' }).click();
    const chooser = page.getByRole('dialog', { name: 'Columns' });
    for (const name of ['Tags', 'Groups', 'Loyalty tier'])
      await chooser.getByRole('checkbox', { name, exact: true }).click();
    await page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).searchParams.get('cols')?.split(',')).toEqual(
      expect.arrayContaining(['tags', 'groups', 'attributes.tier']),
    );
    await expect.poll(() => cell('Ada', 'groups').textContent()).toBe('vip-club');
    expect(await cell('Bea', 'groups').textContent()).toBe('—');
    expect(await cell('Ada', 'tags').textContent()).toBe('loyal');
    expect(await cell('Ada', 'attributes.tier').textContent()).toBe('Gold');

    // The attribute's column sorts on the server, by its value.
    const tier = page.getByRole('columnheader', { name: 'Loyalty tier', exact: true });
    await tier.getByRole('button').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('attributes.tier');
    await expect.poll(firstNames).toEqual(['Cy', 'Ada', 'Bea']);
    await tier.getByRole('button').click();
    await expect.poll(firstNames).toEqual(['Bea', 'Ada', 'Cy']);

    // Quick filters: the group …
    await page.getByRole('textbox', { name: 'Group', exact: true }).click();
    await page.getByRole('option', { name: 'VIP club (vip-club)' }).click();
    await expect.poll(firstNames).toEqual(['Ada']);
    expect(filterParam()).toBe('group eq "vip-club"');
    // Picking the chosen group again takes the filter off (the clear button is for the mouse only).
    await page.getByRole('textbox', { name: 'Group', exact: true }).click();
    await page.getByRole('option', { name: 'VIP club (vip-club)' }).click();
    await expect.poll(firstNames).toEqual(['Bea', 'Ada', 'Cy']);
    expect(filterParam()).toBeNull();

    // … the tag, completed as it is typed, and both together.
    const tag = page.getByRole('textbox', { name: 'Tag', exact: true });
    await tag.fill('loy');
    await page.getByRole('option', { name: 'loyal', exact: true }).click();
    await expect.poll(firstNames).toEqual(['Bea', 'Ada']);
    expect(filterParam()).toBe('tags eq "loyal"');
    await page.getByRole('textbox', { name: 'Group', exact: true }).click();
    await page.getByRole('option', { name: 'VIP club (vip-club)' }).click();
    await expect.poll(firstNames).toEqual(['Ada']);
    expect(filterParam()).toBe('tags eq "loyal" and group eq "vip-club"');

    // The typed filter goes alongside; the quick terms are not in its text.
    await page.getByRole('button', { name: 'Advanced' }).click();
    const typed = page.getByRole('textbox', { name: 'Filter expression' });
    expect(await typed.inputValue()).toBe('');
    await typed.fill('firstName eq "Bea" or firstName eq "Ada"');
    await typed.press('Enter');
    await expect
      .poll(filterParam)
      .toBe('(firstName eq "Bea" or firstName eq "Ada") and tags eq "loyal" and group eq "vip-club"');
    await expect.poll(firstNames).toEqual(['Ada']);
    expect(await typed.inputValue()).toBe('firstName eq "Bea" or firstName eq "Ada"');

    expect(await axeViolations(page), 'axe on the grid with quick filters').toEqual([]);
    await page.screenshot({ path: join(process.cwd(), 'test-results', 'grid-belonging.png') });
    expect(browserErrors).toEqual([]);
  });

  it('has the segment editor complete group, role and each custom attribute', async () => {
    await page.goto(`${server.baseUrl}/admin/segments/new`);
    const filter = page.getByRole('textbox', { name: 'Filter' });
    const offered = page.getByRole('group', { name: 'Complete the attribute' }).getByRole('button');
    await filter.fill('attr');
    await expect.poll(() => offered.allTextContents()).toEqual(['attributes.tier']);
    await offered.first().click();
    expect(await filter.inputValue()).toBe('attributes.tier ');
    await filter.fill('gr');
    await expect.poll(() => offered.allTextContents()).toEqual(['group']);
    await filter.fill('ro');
    await expect.poll(() => offered.allTextContents()).toEqual(['role']);
    await filter.fill('hasA');
    await expect.poll(() => offered.allTextContents()).toEqual(['hasAccount']);
    expect(browserErrors).toEqual([]);
  });
});
