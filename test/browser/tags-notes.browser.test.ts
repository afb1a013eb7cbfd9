import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

// The customer page's tags (chips changed in place, with completion) and staff notes, in Chromium.

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: TestServer;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

/** WCAG 2 A/AA violations axe finds on the current page, as "rule: selector" lines. */

const isRequestTo = (method: string, path: string) => (response: Response) =>
  response.request().method() === method && new URL(response.url()).pathname === path;

/** Runs `action` and resolves with the first response matching `match`. */
async function responseAfter(match: (response: Response) => boolean, action: () => Promise<unknown>) {
  const [response] = await Promise.all([page.waitForResponse(match), action()]);
  return response;
}

const chips = async () =>
  (await page.getByTestId('customer-tags').getByTestId('tag').allTextContents()).map((t) => t.trim());

describe('tags and notes on the customer page', () => {
  let customerId: string;

  beforeAll(async () => {
    if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
      throw new Error('web/dist is missing: run `npm run build` first.');
    server = await startTestServer();
    await make.customer(server.ctx, { lastName: 'Popular', tags: ['Wholesale', 'b2b'] });
    await make.customer(server.ctx, { lastName: 'Popular2', tags: ['wholesale'] });
    customerId = (await make.customer(server.ctx, { firstName: 'Tess', lastName: 'Tagger', tags: ['vip'] }))
      .id;
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

  it('adds a tag picked from completion and a typed one, and removes one with its ×', async () => {
    await page.goto(`${server.baseUrl}/admin/customers/${customerId}`);
    await page.getByRole('heading', { level: 1, name: 'Tess Tagger' }).waitFor();
    expect(await chips()).toEqual(['vip']);

    // Completion offers the tenant's tags by prefix, most used first.
    const input = page.getByRole('textbox', { name: 'Add a tag' });
    await input.fill('WHO');
    const option = page.getByRole('option', { name: /^Wholesale/ });
    await option.waitFor();
    const picked = await responseAfter(isRequestTo('POST', `/admin/v1/customers/${customerId}/tags`), () =>
      option.click(),
    );
    expect(picked.status()).toBe(200);
    expect(picked.request().postDataJSON()).toEqual({ tags: ['Wholesale'] });
    await expect.poll(chips).toEqual(['vip', 'Wholesale']);

    await input.fill('Big Spender');
    const typed = await responseAfter(isRequestTo('POST', `/admin/v1/customers/${customerId}/tags`), () =>
      page.getByRole('button', { name: 'Add', exact: true }).click(),
    );
    expect(typed.status()).toBe(200);
    await expect.poll(chips).toEqual(['vip', 'Wholesale', 'Big Spender']);
    await expect.poll(() => input.inputValue()).toBe('');

    const removed = await responseAfter(
      isRequestTo('DELETE', `/admin/v1/customers/${customerId}/tags/Big%20Spender`),
      () => page.getByRole('button', { name: 'Remove tag Big Spender' }).click(),
    );
    expect(removed.status()).toBe(204);
    await expect.poll(chips).toEqual(['vip', 'Wholesale']);
    // The timeline tells what happened.
    await page.getByTestId('timeline').getByText('Untagged “Big Spender”').waitFor();

    // A tag over 64 characters cannot even be typed.
    expect(await input.getAttribute('maxlength')).toBe('64');
    expect(await axeViolations(page), 'axe on the customer page with tags').toEqual([]);
  });

  it('adds, edits and deletes a staff note', async () => {
    const notes = page.getByRole('region', { name: 'Notes' });
    await notes.getByText('No notes yet.').waitFor();
    await notes
      .getByRole('textbox', { name: 'New note' })
      .fill('Called about the parcel.\nOffered a voucher.');
    const added = await responseAfter(isRequestTo('POST', `/admin/v1/customers/${customerId}/notes`), () =>
      notes.getByRole('button', { name: 'Add note' }).click(),
    );
    expect(added.status()).toBe(201);
    const note = notes.getByTestId('note');
    await note.getByText('Offered a voucher.', { exact: false }).waitFor();
    // The first owner is called Owner.
    expect(await note.textContent()).toContain('Owner');
    expect(await note.getByText('edited').count()).toBe(0);
    expect(await axeViolations(page), 'axe on the customer page with a note').toEqual([]);
    mkdirSync(join(process.cwd(), 'test-results'), { recursive: true });
    await page.screenshot({
      path: join(process.cwd(), 'test-results', 'customer-tags-notes.png'),
      fullPage: true,
    });

    await note.getByRole('button', { name: 'Edit' }).click();
    await note.getByRole('textbox', { name: 'Edit note' }).fill('Parcel arrived.');
    const edited = await responseAfter(
      (response) => response.request().method() === 'PATCH' && response.url().includes('/notes/'),
      () => note.getByRole('button', { name: 'Save note' }).click(),
    );
    expect(edited.status()).toBe(200);
    await note.getByText('Parcel arrived.').waitFor();
    await note.getByText('edited', { exact: true }).waitFor();

    await note.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this note?' });
    await dialog.waitFor();
    expect(await axeViolations(page), 'axe on the delete dialog').toEqual([]);
    const deleted = await responseAfter(
      (response) => response.request().method() === 'DELETE' && response.url().includes('/notes/'),
      () => dialog.getByRole('button', { name: 'Delete note' }).click(),
    );
    expect(deleted.status()).toBe(204);
    await notes.getByText('No notes yet.').waitFor();
  });
});
