import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Custom attributes in the admin app (issue 13, point 8): the Custom attributes page defines
 * them, and the customer page edits a customer's values with an input of each attribute's type.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run the tests with `npm test` (it builds the admin app).');
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });
  page.on('pageerror', (error) => browserErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(browserErrors, 'the browser reported errors').toEqual([]);
});

/** WCAG 2 A/AA violations axe finds on the current page, as "rule: selector" lines. */

const isRequestTo = (method: string, path: string) => (response: Response) =>
  response.request().method() === method && new URL(response.url()).pathname === path;

async function responseAfter(match: (response: Response) => boolean, action: () => Promise<unknown>) {
  const [response] = await Promise.all([page.waitForResponse(match), action()]);
  return response;
}

describe('custom attributes in the admin app', () => {
  it('defines an attribute on the Custom attributes page', async () => {
    await page.goto(`${server.baseUrl}/admin/login`);
    await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/customers');

    await page.getByRole('link', { name: 'Custom attributes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Custom attributes' }).waitFor();
    await page.getByRole('button', { name: 'New attribute' }).click();
    const form = page.getByRole('dialog', { name: 'New custom attribute' });
    await form.getByRole('textbox', { name: 'Code', exact: true }).fill('loyaltyTier');
    await form.getByRole('textbox', { name: 'Label', exact: true }).fill('Loyalty tier');
    await form.getByRole('textbox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'One of a list' }).click();
    await form.getByRole('textbox', { name: 'Options', exact: true }).fill('gold | Gold\nsilver | Silver');
    await form.getByLabel('Sortable (keeps an index)').check();
    expect(await axeViolations(page), 'axe on the New custom attribute dialog').toEqual([]);

    const created = await responseAfter(isRequestTo('POST', '/admin/v1/attributes'), () =>
      form.getByRole('button', { name: 'Create attribute' }).click(),
    );
    expect(created.status()).toBe(201);
    expect(await created.json()).toMatchObject({
      code: 'loyaltyTier',
      type: 'enum',
      indexed: true,
      options: [
        { value: 'gold', label: 'Gold' },
        { value: 'silver', label: 'Silver' },
      ],
    });
    await page.locator('[data-attribute-code="loyaltyTier"]').waitFor();
    expect(await axeViolations(page), 'axe on the Custom attributes page').toEqual([]);
  });

  it('names a bad definition under its field', async () => {
    await page.getByRole('button', { name: 'New attribute' }).click();
    const form = page.getByRole('dialog', { name: 'New custom attribute' });
    await form.getByRole('textbox', { name: 'Code', exact: true }).fill('loyaltyTier');
    await form.getByRole('textbox', { name: 'Label', exact: true }).fill('Again');
    const refused = await responseAfter(isRequestTo('POST', '/admin/v1/attributes'), () =>
      form.getByRole('button', { name: 'Create attribute' }).click(),
    );
    expect(refused.status()).toBe(409);
    await form.getByText('is the code of another custom attribute').waitFor();
    // Chromium logs every 4xx response; this one was provoked.
    browserErrors.splice(0, browserErrors.length, ...browserErrors.filter((e) => !/409/.test(e)));
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'hidden' });
  });

  it("edits a customer's custom attributes with typed inputs", async () => {
    await make.attribute(server.ctx, { code: 'shoeSize', label: 'Shoe size', type: 'number' });
    const customer = await make.customer(server.ctx, { lastName: 'Attributed' });
    await page.goto(`${server.baseUrl}/admin/customers/${customer.id}`);
    const details = page.getByRole('form', { name: 'Customer details' });
    await details.getByRole('group', { name: 'Custom attributes' }).waitFor();
    await details.getByLabel('Shoe size', { exact: true }).fill('43');
    await details.getByRole('textbox', { name: 'Loyalty tier' }).click();
    await page.getByRole('option', { name: 'Gold' }).click();
    expect(await axeViolations(page), 'axe on the customer page with custom attributes').toEqual([]);

    const saved = await responseAfter(isRequestTo('PATCH', `/admin/v1/customers/${customer.id}`), () =>
      details.getByRole('button', { name: 'Save', exact: true }).click(),
    );
    expect(saved.status()).toBe(200);
    expect(saved.request().postDataJSON()).toEqual({ attributes: { shoeSize: 43, loyaltyTier: 'gold' } });
    expect((await saved.json()).attributes).toEqual({ shoeSize: 43, loyaltyTier: 'gold' });

    // The form takes the saved customer (nothing left to save) before the next edit.
    const save = details.getByRole('button', { name: 'Save', exact: true });
    await expect.poll(() => save.isDisabled()).toBe(true);
    // Clearing one sends null, which removes it.
    await details.getByLabel('Shoe size', { exact: true }).fill('');
    const cleared = await responseAfter(isRequestTo('PATCH', `/admin/v1/customers/${customer.id}`), () =>
      details.getByRole('button', { name: 'Save', exact: true }).click(),
    );
    expect(cleared.request().postDataJSON()).toEqual({ attributes: { shoeSize: null } });
    expect((await cleared.json()).attributes).toEqual({ loyaltyTier: 'gold' });
  });
});
