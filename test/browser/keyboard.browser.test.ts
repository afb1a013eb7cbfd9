import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDetail } from '../../src/modules/customers/customers.schemas.js';
import { make } from '../factories.js';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The admin-app issue, point 4: every dialog takes the focus on open and gives it back on close
 * (notably those opened from a menu: a row's ⋮ and an order's "Change status"), and the app-wide
 * keys: "/" searches, "?" lists the shortcuts, Ctrl/⌘+K jumps to a customer or a page.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let customer: CustomerDetail;
let order: Awaited<ReturnType<typeof make.order>>;
const SCREENSHOTS = join(process.cwd(), 'test-results');

beforeAll(async () => {
  server = await startTestServer();
  customer = await make.registeredCustomer(server.ctx, {
    firstName: 'Kasimir',
    lastName: 'Keyboardson',
    email: 'kasimir.keyboardson@example.com',
  });
  order = await make.order(server.ctx, { customerId: customer.id });
  ({ browser, page } = await openBrowser({ width: 1440, height: 900 }));
  await signIn(page, server);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// Strings, not functions: the tests' TypeScript has no DOM types.
const focusedLabel = () =>
  page.evaluate(
    "document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? ''",
  ) as Promise<string>;
const focusIsIn = (dialog: Locator) =>
  dialog.evaluate((node) => node.contains(node.ownerDocument.activeElement));

/**
 * Waits past the menu's own focus return (10 ms after it closes) and the dialog's transition,
 * then tabs forward and back through the dialog: the focus never leaves it.
 */
async function expectFocusTrappedIn(dialog: Locator) {
  await expect.poll(() => focusIsIn(dialog)).toBe(true);
  expect(await axeViolations(page), 'axe with the dialog open').toEqual([]);
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await focusIsIn(dialog), `focus inside the dialog after ${key}`).toBe(true);
  }
}

describe('keyboard in the admin app', () => {
  it('"/" focuses the search; Remove and Disable… from a row menu take the focus and Esc gives it back to ⋮', async () => {
    await page.getByLabel('Search customers').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    expect(await focusedLabel()).toBe('Search customers');
    await page.keyboard.type('Keyboardson');

    const rowMenu = page.getByRole('button', { name: 'Actions for Kasimir Keyboardson' });
    for (const [item, title] of [
      ['Remove', 'Remove customer'],
      ['Disable…', 'Disable customer'],
    ]) {
      await rowMenu.click();
      await page.getByRole('menuitem', { name: item }).click();
      const dialog = page.getByRole('dialog', { name: title });
      await dialog.waitFor();
      await expectFocusTrappedIn(dialog);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(focusedLabel).toBe('Actions for Kasimir Keyboardson');
    }

    // The same with the keyboard only: Enter opens the menu, the arrows choose, Enter opens the dialog.
    await rowMenu.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Remove' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Remove customer' });
    await dialog.waitFor();
    await expectFocusTrappedIn(dialog);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(focusedLabel).toBe('Actions for Kasimir Keyboardson');
  });

  it('"Change status" on an order opens its dialog with the focus inside, and gives it back on Esc', async () => {
    await page.goto(`${server.baseUrl}/admin/orders/${order.id}`);
    const change = page.getByRole('button', { name: 'Change status' });
    await change.click();
    await page.getByRole('menuitem', { name: 'Paid' }).click();
    const dialog = page.getByRole('dialog', { name: `Mark order ${order.number} paid` });
    await dialog.waitFor();
    // The note, the one thing to write, has the focus once the dialog is in.
    const note = dialog.getByLabel('Note');
    await expect.poll(() => note.evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);
    await expectFocusTrappedIn(dialog);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => change.evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);
  });

  it('"?" lists the shortcuts (not while typing), and Esc closes the list', async () => {
    await page.goto(`${server.baseUrl}/admin/customers`);
    const search = page.getByLabel('Search customers');
    await search.fill('');
    await search.focus();
    await page.keyboard.type('?');
    expect(await search.inputValue()).toBe('?');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await search.fill('');

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await expect.poll(() => focusIsIn(dialog)).toBe(true);
    for (const keys of ['K', '/', 'j', 'k', 'Enter', 'Esc', '?'])
      await dialog
        .locator('kbd', { hasText: new RegExp(`^${keys.replace(/[?/]/, '\\$&')}$`) })
        .first()
        .waitFor();
    expect(await dialog.textContent()).toContain('Next row in a list');
    expect(await axeViolations(page), 'axe on the shortcuts list').toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('Ctrl+K opens the command palette (even from a field), finds a customer by name and opens them, and jumps to Orders', async () => {
    await page.getByLabel('Search customers').focus();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Go to' });
    await palette.waitFor();
    const box = palette.getByRole('combobox');
    await expect.poll(() => box.evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);

    await page.keyboard.type('keyboardson');
    const option = palette.getByRole('option', { name: /Kasimir Keyboardson/ });
    await option.waitFor();
    expect(await option.textContent()).toContain('kasimir.keyboardson@example.com');
    // The only match is the active option: the box points at it for screen readers.
    const activeId = await box.getAttribute('aria-activedescendant');
    expect(await option.getAttribute('id')).toBe(activeId);
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await axeViolations(page), 'axe on the command palette').toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'keyboard-palette-1440.png') });

    await page.keyboard.press('Enter');
    await page.waitForURL(`**/admin/customers/${customer.id}`);
    await page.getByRole('heading', { level: 1, name: 'Kasimir Keyboardson' }).waitFor();
    await palette.waitFor({ state: 'hidden' });

    await page.keyboard.press('Control+k');
    await palette.waitFor();
    // The modal moves the focus into its box once it has opened: keys typed before then go to
    // the page, and an empty box lists every page, Orders among them.
    await expect.poll(() => box.evaluate((node) => node === node.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('ord');
    expect(await box.inputValue()).toBe('ord');
    // Pages come before customers, so Orders is the active option whatever customers match.
    await expect
      .poll(async () => {
        const id = await box.getAttribute('aria-activedescendant');
        return id ? page.locator(`[id="${id}"]`).textContent() : null;
      })
      .toBe('Orders');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/orders$/);
    await palette.waitFor({ state: 'hidden' });
  });

  it('the palette offers only the pages the navigation shows, and fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Go to' });
    await palette.waitFor();
    const pages = await palette.getByRole('group', { name: 'Pages' }).getByRole('option').allTextContents();
    expect(pages).toContain('Customers');
    expect(pages).toContain('Webhooks');
    await page.keyboard.type('kasimir');
    await palette.getByRole('option', { name: /Kasimir Keyboardson/ }).waitFor();
    expect(await axeViolations(page), 'axe on the palette at 390 px').toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'keyboard-palette-390.png') });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
