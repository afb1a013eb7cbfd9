import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import type { startTestServer } from './server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium on one page, for a browser test: fails at once when the admin app was not
 * built (`npm test` builds it), and collects the page's console errors and uncaught exceptions
 * (`errors`) for the test to assert on. `context` adds the browser context's options (a
 * `colorScheme` for the system's dark mode, say).
 */
export async function openBrowser(
  viewport = { width: 1280, height: 900 },
  context: Omit<BrowserContextOptions, 'viewport'> = {},
) {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run the tests with `npm test` (it builds the admin app).');
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page: Page = await (await browser.newContext({ ...context, viewport })).newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { browser, page, errors };
}

/** Signs in to the admin app as the test server's owner and waits for the customers grid. */
export async function signIn(page: Page, server: Awaited<ReturnType<typeof startTestServer>>) {
  await page.goto(`${server.baseUrl}/admin/login`);
  await page.getByLabel('Email', { exact: true }).fill(server.adminEmail);
  await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/admin/customers**');
}
