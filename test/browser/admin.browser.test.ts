import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const WEB = join(process.cwd(), 'web');
const SCREENSHOT_DIR = join(process.cwd(), 'test-results');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** `npm test` builds the admin app first; a missing build is a setup mistake, said plainly. */
function requireWebBuild() {
  if (!existsSync(join(WEB, 'dist', 'index.html'))) {
    throw new Error(
      'web/dist is missing: run the tests with `npm test` (it builds the admin app) or `npm run build`.',
    );
  }
}

/** WCAG 2 A/AA violations axe finds on the current page, as "rule: selector" lines. */
async function axeViolations(): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  // A string expression: the test's TypeScript has no DOM types.
  return (await page.evaluate(
    "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }).then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' '))))",
  )) as string[];
}

/** A GET of the customers list, optionally with query parameters that match. */
function isCustomerList(
  response: Response,
  match: (params: URLSearchParams) => boolean = () => true,
): boolean {
  const url = new URL(response.url());
  return (
    response.request().method() === 'GET' && url.pathname === '/admin/v1/customers' && match(url.searchParams)
  );
}

/** Runs `action` and resolves with the first response matching `match` (no unhandled rejections). */
async function responseAfter(match: (response: Response) => boolean, action: () => Promise<unknown>) {
  const [response] = await Promise.all([page.waitForResponse(match), action()]);
  return response;
}

const isRequestTo = (method: string, path: string) => (response: Response) =>
  response.request().method() === method && new URL(response.url()).pathname === path;

let server: TestServer;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

const rows = () => page.locator('[data-testid="customers-table"] tbody tr[data-row-id]');
const rowsWith = (text: string) => rows().filter({ hasText: text });
const lastNameCells = () => rows().locator('td[data-column="lastName"]').allTextContents();
const firstNamed = (names: string[]) => names.map((name) => name.trim()).find((name) => name && name !== '—');
const header = (name: string): Locator => page.getByRole('columnheader', { name, exact: true });

describe('admin app in Chromium', () => {
  beforeAll(async () => {
    requireWebBuild();
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(browserErrors, 'the browser reported errors').toEqual([]);
  });

  it('signs in and lands on the customers grid', async () => {
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Email', { exact: true }).waitFor();
    expect(await axeViolations(), 'axe on the sign-in page').toEqual([]);
    await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    const firstPage = await responseAfter(isCustomerList, () =>
      page.getByRole('button', { name: 'Sign in' }).click(),
    );
    expect(firstPage.status()).toBe(200);
    await page.waitForURL('**/admin/customers');
    await rows().first().waitFor();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();

    for (const name of [
      'Company',
      'Last name',
      'First name',
      'Country',
      'State',
      'E-mail',
      'Created',
      'Enabled',
    ]) {
      await header(name).waitFor();
    }
    await header('Is registered').waitFor();
    expect(await header('Last name').getAttribute('aria-sort')).toBe('ascending');

    const total = await page.getByTestId('customers-total').textContent();
    expect(total).toMatch(/^\d[\d,]*\+? customers?$/);
    expect(await rows().count()).toBe(Number.parseInt(total!.replace(/,/g, ''), 10));

    expect(await axeViolations(), 'axe on the customers grid').toEqual([]);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'customers-grid.png'), fullPage: true });
  });

  it('searches as you type and keeps the search in the URL', async () => {
    const search = page.getByLabel('Search customers');
    const searched = await responseAfter(
      (response) => isCustomerList(response, (p) => p.get('q') === 'brown'),
      () => search.fill('brown'),
    );
    expect(searched.status()).toBe(200);

    await rowsWith('Davis').first().waitFor({ state: 'detached' });
    await rowsWith('William').filter({ hasText: 'Brown' }).first().waitFor();
    expect(await rowsWith('Davis').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('q')).toBe('brown');

    await search.fill('');
    await rowsWith('Davis').first().waitFor();
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
  });

  it('sorts on the server by clicking a column header', async () => {
    const ascending = (await lastNameCells())
      .map((name) => name.trim())
      .filter((name) => name && name !== '—');
    expect(ascending.length).toBeGreaterThan(2);
    const alphabeticallyLast = ascending[ascending.length - 1];
    const alphabeticallyFirst = ascending[0];
    const lastName = header('Last name');

    // Default is ascending, so the first click turns it to descending …
    const descending = await responseAfter(
      (response) => isCustomerList(response, (p) => p.get('sort') === '-lastName'),
      () => lastName.getByRole('button').click(),
    );
    expect(descending.status()).toBe(200);
    await expect.poll(() => lastName.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(async () => firstNamed(await lastNameCells())).toBe(alphabeticallyLast);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-lastName');

    // … and the second back to ascending.
    await lastName.getByRole('button').click();
    await expect.poll(() => lastName.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(async () => firstNamed(await lastNameCells())).toBe(alphabeticallyFirst);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('lastName');
  });

  it('adds a column with the column chooser and remembers it', async () => {
    expect(await header('Phone').count()).toBe(0);
    await page.getByRole('button', { name: 'Columns' }).click();
    const chooser = page.getByRole('dialog', { name: 'Columns' });
    await chooser.getByRole('checkbox', { name: 'Phone', exact: true }).click();
    await header('Phone').waitFor();
    await page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'hidden' });

    expect(new URL(page.url()).searchParams.get('cols')?.split(',')).toContain('phone');
    // A string expression: the test's TypeScript has no DOM types.
    const stored = (await page.evaluate("localStorage.getItem('clientele.customers.columns')")) as
      | string
      | null;
    expect(JSON.parse(stored ?? '[]')).toContain('phone');
    expect(await rows().first().locator('td[data-column="phone"]').textContent()).toMatch(/^\+\d+$|^—$/);
  });

  it('creates, edits and removes a customer', async () => {
    const unique = Date.now().toString(36);
    const lastName = `Testerson${unique}`;
    const editedLastName = `${lastName}x`;

    await page.getByRole('link', { name: 'New customer' }).first().click();
    await page.waitForURL('**/admin/customers/new');
    const newCustomer = page.getByRole('form', { name: 'New customer' });
    await newCustomer.getByLabel('First name', { exact: true }).fill('Browser');
    await newCustomer.getByLabel('Last name', { exact: true }).fill(lastName);
    await newCustomer.getByLabel('Email', { exact: true }).fill(`browser-${unique}@example.com`);
    await newCustomer.getByLabel('Company name', { exact: true }).fill('Browser Test Ltd.');
    const createdResponse = await responseAfter(isRequestTo('POST', '/admin/v1/customers'), () =>
      newCustomer.getByRole('button', { name: 'Create customer' }).click(),
    );
    expect(createdResponse.status()).toBe(201);
    const { id } = (await createdResponse.json()) as { id: string };

    await page.waitForURL(`**/admin/customers/${id}`);
    await page.getByRole('heading', { level: 1, name: `Browser ${lastName}` }).waitFor();
    expect(await axeViolations(), 'axe on the customer page').toEqual([]);

    const details = page.getByRole('form', { name: 'Customer details' });
    await details.getByLabel('Last name', { exact: true }).fill(editedLastName);
    const patchResponse = await responseAfter(isRequestTo('PATCH', `/admin/v1/customers/${id}`), () =>
      details.getByRole('button', { name: 'Save', exact: true }).click(),
    );
    expect(patchResponse.status()).toBe(200);
    expect(patchResponse.request().headers()['if-match']).toBeTruthy();
    expect(patchResponse.request().postDataJSON()).toEqual({ lastName: editedLastName });
    await page.getByRole('heading', { level: 1, name: `Browser ${editedLastName}` }).waitFor();

    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Customers' })
      .click();
    await page.waitForURL(/\/admin\/customers(\?.*)?$/);
    await rowsWith(editedLastName).first().waitFor();

    await page.getByRole('button', { name: `Actions for Browser ${editedLastName}` }).click();
    await page.getByRole('menuitem', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove customer' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Browser ${editedLastName}`);
    const deleted = await responseAfter(isRequestTo('DELETE', `/admin/v1/customers/${id}`), () =>
      dialog.getByRole('button', { name: 'Remove', exact: true }).click(),
    );
    expect(deleted.status()).toBe(204);

    await rowsWith(editedLastName).first().waitFor({ state: 'detached' });
    await page.getByText(`Browser ${editedLastName} was removed.`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    expect((await page.request.get(`${server.baseUrl}/admin/v1/customers/${id}`)).status()).toBe(404);
  });
});
