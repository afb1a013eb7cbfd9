import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { make, SHOPPER_PASSWORD } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const WEB = join(process.cwd(), 'web');
const SCREENSHOT_DIR = join(process.cwd(), 'test-results');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `npm test` builds the admin app first; a missing build is a setup mistake, said plainly. */
function requireWebBuild() {
  if (!existsSync(join(WEB, 'dist', 'index.html'))) {
    throw new Error(
      'web/dist is missing: run the tests with `npm test` (it builds the admin app) or `npm run build`.',
    );
  }
}

/** WCAG 2 A/AA violations axe finds on the current page, as "rule: selector" lines. */

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

/** A JSON call from the test itself (Node's fetch), as a storefront or an API client would make it. */
async function callApi<T = unknown>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

interface ApiSite {
  id: string;
  code: string;
  name: string;
  publishableKey: string;
}

/** The owner's Bearer header, from a sign-in through the admin API. */
async function ownerAuth(): Promise<Record<string, string>> {
  const { status, body } = await callApi<{ token: string }>('POST', '/admin/v1/auth/login', {
    body: { email: server.adminEmail, password: server.adminPassword },
  });
  expect(status).toBe(200);
  return { authorization: `Bearer ${body.token}` };
}

/** Signs a shopper in on the storefront API; answers the HTTP status. */
async function shopperSignIn(siteKey: string, username: string, password: string): Promise<number> {
  const { status } = await callApi('POST', '/store/v1/auth/login', {
    headers: { 'x-site-key': siteKey },
    body: { username, password },
  });
  return status;
}

let server: TestServer;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];
/** The shopper the account tests register on the storefront API. */
let shopper: { id: string; email: string; name: string; lastName: string; siteKey: string };

/** Takes an error the test provoked on purpose (Chromium logs every 4xx) out of the browser's errors. */
async function expectedBrowserError(pattern: RegExp) {
  await expect.poll(() => browserErrors.some((error) => pattern.test(error))).toBe(true);
  browserErrors.splice(
    browserErrors.findIndex((error) => pattern.test(error)),
    1,
  );
}

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
    // Every CSP violation on any page is a browser error, so each test checks the policy too.
    await context.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.effectiveDirective + ' blocked ' + e.blockedURI))",
    });
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

  it('loads signed out without a console error or CSP violation, and shows the sign-in page', async () => {
    const loaded = await page.goto(`${server.baseUrl}/admin/`);
    expect(loaded?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForURL('**/admin/login**');
    await page.getByLabel('Email', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    // afterEach finds no browser error: no 401 from asking for the session, no CSP violation.
  });

  it('signs in and lands on the customers grid', async () => {
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Email', { exact: true }).waitFor();
    expect(await axeViolations(page), 'axe on the sign-in page').toEqual([]);
    await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    const firstPage = await responseAfter(isCustomerList, () =>
      page.getByRole('button', { name: 'Sign in' }).click(),
    );
    expect(firstPage.status()).toBe(200);
    await page.waitForURL('**/admin/customers');
    await rows().first().waitFor();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();

    for (const name of ['Name', 'E-mail', 'Country', 'Orders', 'Total spent', 'Last order', 'Status']) {
      await header(name).waitFor();
    }
    // The rest wait in the column chooser, so the grid fits the screen.
    expect(await header('State').count()).toBe(0);
    expect(await header('First order').count()).toBe(0);
    expect(await header('Name').getAttribute('aria-sort')).toBe('ascending');

    const total = await page.getByTestId('customers-total').textContent();
    expect(total).toMatch(/^\d[\d,]*\+? customers?$/);
    expect(await rows().count()).toBe(Number.parseInt(total!.replace(/,/g, ''), 10));

    expect(await axeViolations(page), 'axe on the customers grid').toEqual([]);
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
    const lastName = header('Name');

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
    expect(await axeViolations(page), 'axe on the customer page').toEqual([]);

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
    // It says exactly what goes, and what never does; the safe choice has the focus.
    expect(await dialog.textContent()).toContain(
      'Their details (name, email, phone, company, note, tags) and their addresses are deleted for good.',
    );
    expect(await dialog.textContent()).toContain(
      'Orders, store credit and registered accounts are never deleted',
    );
    // Polled through evaluate: waitForFunction compiles its string in the page, which the CSP forbids.
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
    expect(await axeViolations(page), 'axe on the Remove dialog').toEqual([]);
    const deleted = await responseAfter(isRequestTo('DELETE', `/admin/v1/customers/${id}`), () =>
      dialog.getByRole('button', { name: 'Remove', exact: true }).click(),
    );
    expect(deleted.status()).toBe(204);

    await rowsWith(editedLastName).first().waitFor({ state: 'detached' });
    await page.getByText(`Browser ${editedLastName} was removed.`).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    expect((await page.request.get(`${server.baseUrl}/admin/v1/customers/${id}`)).status()).toBe(404);
  });
  it('keeps a customer with store credit: the Remove dialog says what they hold and offers Disable', async () => {
    const auth = await ownerAuth();
    const unique = Date.now().toString(36);
    const lastName = `Creditor${unique}`;
    const created = await make.customer(server.ctx, { firstName: 'Kept', lastName, email: null });
    await make.credit(server.ctx, created.id, { amount: 500, currency: 'USD', reason: 'Goodwill' });

    await page.goto(`${server.baseUrl}/admin/customers?q=${lastName}`);
    await rowsWith(lastName).first().waitFor();
    await page.getByRole('button', { name: `Actions for Kept ${lastName}` }).click();
    await page.getByRole('menuitem', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove customer' });
    await dialog.waitFor();
    // Polled through evaluate: waitForFunction compiles its string in the page, which the CSP forbids.
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
    const refused = await responseAfter(isRequestTo('DELETE', `/admin/v1/customers/${created.id}`), () =>
      dialog.getByRole('button', { name: 'Remove', exact: true }).click(),
    );
    expect(refused.status()).toBe(409);
    await expectedBrowserError(/status of 409/);
    await dialog.getByText(`Kept ${lastName} cannot be removed`).waitFor();
    expect(await dialog.textContent()).toContain('a store-credit ledger of 1 entry');
    expect(await dialog.getByRole('button', { name: 'Remove', exact: true }).count()).toBe(0);
    expect(await axeViolations(page), 'axe on the refused Remove dialog').toEqual([]);

    await dialog.getByRole('button', { name: 'Disable instead' }).click();
    const disable = page.getByRole('dialog', { name: 'Disable customer' });
    await disable.waitFor();
    await disable.getByLabel('Reason').fill('Closed at their request; records kept');
    const disabled = await responseAfter(
      isRequestTo('POST', `/admin/v1/customers/${created.id}/disable`),
      () => disable.getByRole('button', { name: 'Disable', exact: true }).click(),
    );
    expect(disabled.status()).toBe(200);
    const after = await callApi<{ enabled: boolean }>('GET', `/admin/v1/customers/${created.id}`, {
      headers: auth,
    });
    expect(after.body.enabled).toBe(false);
  });

  it('locks a shopper out after 5 failed sign-ins and unlocks them from the grid', async () => {
    const { status: sitesStatus, body: sites } = await callApi<{ data: ApiSite[] }>(
      'GET',
      '/admin/v1/sites',
      {
        headers: await ownerAuth(),
      },
    );
    expect(sitesStatus).toBe(200);
    const siteKey = sites.data[0]!.publishableKey;
    expect(siteKey).toMatch(/^pk_/);

    const unique = Date.now().toString(36);
    const lastName = `Lockwood${unique}`;
    const email = `locky-${unique}@example.com`;
    await make.shopper(server.ctx, {
      email,
      password: SHOPPER_PASSWORD,
      firstName: 'Locky',
      lastName,
      siteKey,
    });

    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await shopperSignIn(siteKey, email, 'wrong-password-1234'), `wrong password #${attempt}`).toBe(
        401,
      );
    }
    expect(await shopperSignIn(siteKey, email, SHOPPER_PASSWORD), 'the right password while locked').toBe(
      401,
    );

    await page.goto(`${server.baseUrl}/admin/customers`);
    const searched = await responseAfter(
      (response) => isCustomerList(response, (p) => p.get('q') === lastName),
      () => page.getByLabel('Search customers').fill(lastName),
    );
    expect(searched.status()).toBe(200);
    const row = rowsWith(lastName);
    await row.first().waitFor();
    await expect.poll(() => rows().count()).toBe(1);
    const id = (await row.getAttribute('data-row-id'))!;
    shopper = { id, email, name: `Locky ${lastName}`, lastName, siteKey };
    await row.getByText('Locked', { exact: true }).waitFor();

    await page.getByRole('button', { name: `Actions for ${shopper.name}` }).click();
    const menu = page.getByRole('menu');
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      'Edit',
      'Unlock',
      'Disable…',
      'Send password reset',
      'Remove',
    ]);
    const unlocked = await responseAfter(isRequestTo('POST', `/admin/v1/customers/${id}/unlock`), () =>
      menu.getByRole('menuitem', { name: 'Unlock' }).click(),
    );
    expect(unlocked.status()).toBe(200);
    await page.getByText(`${shopper.name} was unlocked.`).waitFor();
    await row.getByText('Locked', { exact: true }).waitFor({ state: 'detached' });

    expect(await shopperSignIn(siteKey, email, SHOPPER_PASSWORD), 'the right password after unlocking').toBe(
      200,
    );
  });

  it('shows the account and its timeline on the customer page', async () => {
    await rowsWith(shopper.lastName).first().click();
    await page.waitForURL(`**/admin/customers/${shopper.id}`);
    const account = page.getByRole('region', { name: 'Account' });
    const facts = account.getByTestId('account-facts');
    await facts.getByText(shopper.email, { exact: true }).waitFor();
    expect(await facts.textContent()).toContain('Not locked');
    expect(await facts.textContent()).toMatch(/Lockouts\s*1/);
    // The sign-in after the unlock shows: the page fetched the customer afresh.
    expect(await facts.textContent()).not.toMatch(/Last sign-in\s*Never/);
    expect(await account.getByRole('button', { name: 'Unlock' }).count()).toBe(0);
    await account.getByRole('button', { name: 'Send password reset' }).waitFor();

    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText(/^Locked after 5 failed sign-ins until .+/).waitFor();
    await timeline.getByText('Unlocked', { exact: true }).waitFor();
    const labels = await timeline.locator('.mantine-Timeline-itemTitle').allTextContents();
    // Newest first: the unlock comes before the lock, registration and the record's creation last.
    expect(labels.indexOf('Unlocked')).toBeLessThan(labels.findIndex((l) => l.startsWith('Locked after')));
    expect(labels.at(-2)).toMatch(/^Registered/);
    expect(labels.at(-1)).toBe('Customer created');

    expect(await axeViolations(page), 'axe on the customer page with its account').toEqual([]);
    // Tall enough for the whole account column (a full-page shot would cut the fixed navigation
    // short); reloaded so the layout takes the new height and no notification covers the page.
    await page.setViewportSize({ width: 1440, height: 1200 });
    await page.reload();
    await timeline.getByText('Unlocked', { exact: true }).waitFor();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'customer-account.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // Disable asks for a reason, which then shows on the card; Enable lets the customer back in.
    await account.getByRole('button', { name: 'Disable…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable customer' });
    await dialog.getByRole('button', { name: 'Disable', exact: true }).click();
    await dialog.getByText('Say why the customer is disabled.').waitFor();
    await dialog.getByLabel('Reason').fill('Chargeback under review');
    const disabled = await responseAfter(
      isRequestTo('POST', `/admin/v1/customers/${shopper.id}/disable`),
      () => dialog.getByRole('button', { name: 'Disable', exact: true }).click(),
    );
    expect(disabled.status()).toBe(200);
    await account.getByTestId('disabled-reason').getByText('Chargeback under review').waitFor();
    await timeline.getByText('Disabled: “Chargeback under review”').waitFor();
    expect(
      await shopperSignIn(shopper.siteKey, shopper.email, SHOPPER_PASSWORD),
      'signing in while disabled',
    ).toBe(401);

    await account.getByRole('button', { name: 'Enable' }).click();
    await page.getByText(`${shopper.name} was enabled.`).waitFor();
    await account.getByTestId('disabled-reason').waitFor({ state: 'detached' });
    expect(await shopperSignIn(shopper.siteKey, shopper.email, SHOPPER_PASSWORD), 'signing in again').toBe(
      200,
    );
  });

  it('shows the site keys and saves a site setting', async () => {
    const { body: sites } = await callApi<{ data: ApiSite[] }>('GET', '/admin/v1/sites', {
      headers: await ownerAuth(),
    });
    const site = sites.data[0]!;

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sites' }).click();
    await page.waitForURL('**/admin/sites');
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    const siteRow = page.locator(`[data-testid="sites-table"] tr[data-site-id="${site.id}"]`);
    expect(await siteRow.getByTestId('publishable-key').textContent()).toBe(site.publishableKey);
    await page.getByRole('table', { name: 'Customer sets' }).getByRole('link').first().waitFor();
    expect(await axeViolations(page), 'axe on the sites page').toEqual([]);

    await siteRow.getByRole('link', { name: site.code }).click();
    await page.waitForURL(`**/admin/sites/${site.id}`);
    const form = page.getByRole('form', { name: 'Site settings' });
    const maxFailures = form.getByLabel('Failed sign-ins before a lock');
    expect(await maxFailures.inputValue()).toBe('5');

    // Out of range: the server's message shows under the field.
    await maxFailures.fill('0');
    const refused = await responseAfter(isRequestTo('PATCH', `/admin/v1/sites/${site.id}`), () =>
      form.getByRole('button', { name: 'Save' }).click(),
    );
    expect(refused.status()).toBe(400);
    await expectedBrowserError(/status of 400/);
    await expect.poll(() => maxFailures.getAttribute('aria-invalid')).toBe('true');

    await maxFailures.fill('7');
    const saved = await responseAfter(isRequestTo('PATCH', `/admin/v1/sites/${site.id}`), () =>
      form.getByRole('button', { name: 'Save' }).click(),
    );
    expect(saved.status()).toBe(200);
    expect(saved.request().postDataJSON()).toEqual({ settings: { lockout: { maxFailures: 7 } } });
    await page.getByText('was saved.').first().waitFor();
    expect(await axeViolations(page), 'axe on the site settings page').toEqual([]);

    await page.reload();
    await maxFailures.waitFor();
    await expect.poll(() => maxFailures.inputValue()).toBe('7');

    // The site's country uses the app's country picker: other names ("USA") find the country, and
    // an exact name comes before the names that merely contain it.
    const country = form.getByRole('textbox', { name: 'Country' });
    await country.fill('USA');
    await expect.poll(() => page.getByRole('option').first().textContent()).toBe('United States');
    await country.fill('united');
    await expect.poll(() => page.getByRole('option').first().textContent()).toMatch(/^United /);
    await country.press('Escape');
  });

  it('lists the welcome email in the mailbox and shows it safely', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.waitForURL('**/admin/mailbox');
    const table = page.getByTestId('mailbox-table');
    const welcome = table
      .locator('tr[data-email-id]')
      .filter({ hasText: shopper.email })
      .filter({ hasText: 'Welcome' });
    await welcome.first().waitFor();
    expect(await axeViolations(page), 'axe on the mailbox').toEqual([]);

    const filtered = await responseAfter(
      (response) =>
        isRequestTo('GET', '/admin/v1/mailbox')(response) &&
        new URL(response.url()).searchParams.get('to') === shopper.email,
      async () => {
        await page.getByLabel('Recipient', { exact: true }).fill(shopper.email);
        await page.getByRole('button', { name: 'Filter' }).click();
      },
    );
    expect(filtered.status()).toBe(200);
    await expect
      .poll(async () =>
        (await table.locator('tr[data-email-id] td:first-child').allTextContents()).every(
          (to) => to === shopper.email,
        ),
      )
      .toBe(true);

    await welcome.first().getByRole('link').click();
    await page.waitForURL(/\/admin\/mailbox\/[0-9a-f-]{36}$/);
    const frame = page.getByTestId('email-html');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('title')).toMatch(/^HTML part of the email/);
    await page.getByRole('tab', { name: 'Plain text' }).click();
    expect(await page.getByTestId('email-text').textContent()).toContain('Locky');
    expect(await axeViolations(page), 'axe on an email').toEqual([]);
  });
  it("shows a shopper's wish lists on a deep-linked tab", async () => {
    const list = await make.wishlist(server.ctx, shopper.id, { name: 'Birthday' });
    await make.wishlistItem(server.ctx, shopper.id, list.id, {
      sku: 'BOOK-1',
      name: 'Field guide to ferns',
      quantity: 2,
      note: 'Hardback',
    });

    await page.goto(`${server.baseUrl}/admin/customers/${shopper.id}?tab=wishlists`);
    expect(await page.getByRole('tab', { name: 'Wish lists' }).getAttribute('aria-selected')).toBe('true');
    const birthday = page.getByRole('region', { name: 'Birthday' });
    await birthday.getByText('Field guide to ferns').waitFor();
    expect(await birthday.textContent()).toContain('Hardback');
    expect(await axeViolations(page), 'axe on the wish lists tab').toEqual([]);
  });

  it('issues and deducts store credit on the customer page, then opens an order from it', async () => {
    const auth = await ownerAuth();
    const { body: sites } = await callApi<{ data: ApiSite[] }>('GET', '/admin/v1/sites', { headers: auth });
    const site = sites.data[0]!;
    const unique = Date.now().toString(36);
    const number = `B-${unique}`;
    const lastName = `Ordway${unique}`;
    // 2 × 12.50 + 18.00 − 2.50 discount + 1.80 tax + 5.00 shipping = 47.30, paid
    const placed = await make.order(server.ctx, {
      siteId: site.id,
      number,
      currency: 'USD',
      customer: { email: `olive-${unique}@example.com`, firstName: 'Olive', lastName },
      lines: [
        { sku: 'TEA-1', name: 'Green tea', quantity: 2, unitPrice: 1250, discount: 250, tax: 180 },
        { sku: 'MUG-2', name: 'Stoneware mug', quantity: 1, unitPrice: 1800 },
      ],
      shippingTotal: 500,
      billingAddress: { line1: '1 Main St', city: 'Austin', countryCode: 'US', stateCode: 'US-TX' },
      placedAt: new Date(Date.now() - 3_600_000).toISOString(),
      status: 'paid',
      statusNote: 'Card captured',
    });
    expect(placed.total).toBe(4730);
    const { id: orderId, customerId } = placed;
    // An older order in another currency, so the lists below have something to leave out.
    await make.order(server.ctx, {
      siteId: site.id,
      number: `C-${unique}`,
      currency: 'EUR',
      customerId,
      lines: [{ sku: 'CUP-9', name: 'Espresso cup', quantity: 4, unitPrice: 650 }],
      placedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    });
    // A cart left three days ago: abandoned under the default 24-hour window.
    await make.cart(server.ctx, {
      siteId: site.id,
      customerId,
      currency: 'USD',
      lines: [{ sku: 'POT-3', name: 'Teapot', quantity: 1, unitPrice: 3900 }],
      lastActivityAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });

    await page.goto(`${server.baseUrl}/admin/customers/${customerId}`);
    await page.getByRole('heading', { level: 1, name: `Olive ${lastName}` }).waitFor();
    await page.getByRole('tab', { name: 'Store credit' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('credit');
    await page.getByTestId('credit-balances-empty').waitFor();

    const form = page.getByRole('form', { name: 'Issue or deduct credit' });
    const balance = page.getByTestId('credit-balance-USD');
    const history = page.getByTestId('credit-history');
    expect(await form.getByLabel('Currency').inputValue()).toBe('USD');
    await form.getByLabel('Amount').fill('25');
    await form.getByLabel('Reason').fill('Goodwill');
    const issued = await responseAfter(isRequestTo('POST', `/admin/v1/customers/${customerId}/credit`), () =>
      form.getByRole('button', { name: 'Issue credit' }).click(),
    );
    expect(issued.status()).toBe(201);
    expect(issued.request().postDataJSON()).toEqual({ amount: 2500, currency: 'USD', reason: 'Goodwill' });
    const issueKey = issued.request().headers()['idempotency-key'];
    expect(issueKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await expect.poll(() => balance.textContent()).toBe('$25.00');
    const issueRow = history.locator('tr[data-kind="issue"]');
    await issueRow.getByText('Goodwill').waitFor();
    expect(await issueRow.textContent()).toContain('+$25.00');

    // More than the balance: refused, and said under the amount.
    await form.getByText('Deduct', { exact: true }).click();
    await form.getByLabel('Amount').fill('30');
    await form.getByLabel('Reason').fill('Correction');
    const refused = await responseAfter(isRequestTo('POST', `/admin/v1/customers/${customerId}/credit`), () =>
      form.getByRole('button', { name: 'Deduct credit' }).click(),
    );
    expect(refused.status()).toBe(422);
    await expectedBrowserError(/status of 422/);
    await form.getByText('More than the balance: at most $25.00 can be deducted').waitFor();

    await form.getByLabel('Amount').fill('5');
    const deducted = await responseAfter(
      isRequestTo('POST', `/admin/v1/customers/${customerId}/credit`),
      () => form.getByRole('button', { name: 'Deduct credit' }).click(),
    );
    expect(deducted.status()).toBe(201);
    expect(deducted.request().postDataJSON()).toEqual({
      amount: -500,
      currency: 'USD',
      reason: 'Correction',
    });
    expect(deducted.request().headers()['idempotency-key']).not.toBe(issueKey);
    await expect.poll(() => balance.textContent()).toBe('$20.00');
    const deductRow = history.locator('tr[data-kind="deduct"]');
    await deductRow.getByText('Correction').waitFor();
    expect(await deductRow.textContent()).toContain('-$5.00');
    // Newest first.
    expect(await history.locator('tbody tr').first().getAttribute('data-kind')).toBe('deduct');

    expect(await axeViolations(page), 'axe on the store credit tab').toEqual([]);

    // Both movements are on the customer's timeline.
    await page.getByRole('tab', { name: 'Details' }).click();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Deducted $5.00 of store credit: “Correction”').waitFor();
    await timeline.getByText('Issued $25.00 of store credit: “Goodwill”').waitFor();
    await timeline.getByText(`Placed order ${number} ($47.30) on ${site.name}`).waitFor();
    await page.getByRole('tab', { name: 'Store credit' }).click();
    // No notification over the page in the picture.
    await page.reload();
    await deductRow.getByText('Correction').waitFor();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'customer-credit.png') });

    // The Carts tab shows the abandoned cart.
    await page.getByRole('tab', { name: 'Carts' }).click();
    const carts = page.getByTestId('customer-carts');
    await carts.getByText('Abandoned', { exact: true }).waitFor();
    expect(await carts.textContent()).toContain('Teapot');

    // The Orders tab lists the order; a click opens it.
    await page.getByRole('tab', { name: 'Orders' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('orders');
    const orderRow = page.locator(`[data-testid="customer-orders-table"] tr[data-row-id="${orderId}"]`);
    await orderRow.waitFor();
    expect(await orderRow.textContent()).toContain('$47.30');
    const customerOrderRows = page.locator('[data-testid="customer-orders-table"] tbody tr[data-row-id]');
    // Newest first; each order in its own currency.
    expect(await customerOrderRows.locator('td[data-column="total"]').allTextContents()).toEqual([
      '$47.30',
      '€26.00',
    ]);
    await orderRow.locator('td[data-column="placedAt"]').click();
    await page.waitForURL(`**/admin/orders/${orderId}`);
    await page.getByRole('heading', { level: 1, name: `Order ${number}` }).waitFor();
    const lines = page.getByTestId('order-lines');
    await lines.getByText('Green tea').waitFor();
    await lines.getByText('Stoneware mug').waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe('$47.30');
    const statusHistory = page.getByTestId('order-status-history');
    expect(
      await statusHistory
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-to-status'))),
    ).toEqual(['placed', 'paid']);
    expect(await statusHistory.locator('tr[data-to-status="paid"]').textContent()).toContain('Card captured');
    await page.getByRole('link', { name: `Olive ${lastName}` }).waitFor();
    expect(await axeViolations(page), 'axe on the order page').toEqual([]);

    // The menu offers only what may follow "paid"; a partial refund asks its amount.
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByRole('menuitem').first().waitFor();
    expect(await page.getByRole('menu').getByRole('menuitem').allTextContents()).toEqual([
      'Fulfilled',
      'Cancelled',
      'Refunded',
      'Partially refunded…',
    ]);
    await page.getByRole('menuitem', { name: 'Partially refunded…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Amount refunded now/).fill('10');
    await dialog.getByLabel('Note').fill('Chipped mug');
    const refunded = await responseAfter(isRequestTo('POST', `/admin/v1/orders/${orderId}/status`), () =>
      dialog.getByRole('button', { name: 'Mark partially refunded' }).click(),
    );
    expect(refunded.status()).toBe(200);
    expect(refunded.request().postDataJSON()).toEqual({
      status: 'partially_refunded',
      amount: 1000,
      note: 'Chipped mug',
    });
    expect(refunded.request().headers()['idempotency-key']).toBeTruthy();
    await statusHistory.locator('tr[data-to-status="partially_refunded"]').getByText('Chipped mug').waitFor();
    expect(await page.getByTestId('order-refunded').textContent()).toBe('−$10.00');

    // The tenant-wide Orders page finds it by number.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await page.waitForURL('**/admin/orders');
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    const ordersRows = page.locator('[data-testid="orders-table"] tbody tr[data-row-id]');
    await expect.poll(() => ordersRows.count()).toBe(2);
    const searched = await responseAfter(
      (response) =>
        isRequestTo('GET', '/admin/v1/orders')(response) &&
        new URL(response.url()).searchParams.get('q') === number,
      () => page.getByLabel('Search orders').fill(number),
    );
    expect(searched.status()).toBe(200);
    await expect.poll(() => ordersRows.count()).toBe(1);
    expect(await ordersRows.first().textContent()).toContain('Partially refunded');
    expect(new URL(page.url()).searchParams.get('q')).toBe(number);
    expect(await axeViolations(page), 'axe on the orders page').toEqual([]);

    // The Abandoned carts page lists the cart with its customer.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Abandoned carts' })
      .click();
    await page.waitForURL('**/admin/carts/abandoned');
    const cartRow = page
      .locator('[data-testid="abandoned-carts-table"] tbody tr[data-row-id]')
      .filter({ hasText: `Olive ${lastName}` });
    await cartRow.waitFor();
    expect(await cartRow.textContent()).toContain('$39.00');
    const byValue = await responseAfter(
      (response) =>
        isRequestTo('GET', '/admin/v1/carts/abandoned')(response) &&
        new URL(response.url()).searchParams.get('sort') === 'value',
      () => header('Value').getByRole('button').click(),
    );
    expect(byValue.status()).toBe(200);
    await expect.poll(() => header('Value').getAttribute('aria-sort')).toBe('ascending');
    expect(await axeViolations(page), 'axe on the abandoned carts page').toEqual([]);
  });
});
