import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { openBrowser, signIn } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

/**
 * The admin-app issue, point 1: the customers grid fits a 1,280 px screen with its default
 * columns, keeps its header and row menu in view, keeps column order and widths in the URL, draws
 * 50 or 5,000 loaded rows in under 100 ms after the data arrives, loads more as it scrolls
 * without dropping focus, and is walked with j/k and opened with Enter.
 */
const EXTRA = Number(process.env.GRID_FIT_ROWS ?? 5_000);
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let errors: string[];

// Marks when a customers page's JSON is parsed, and measures from there to the first frame
// painted after the grid's DOM changed: the draw time a user waits for after the data arrives.
const MEASURE = `
  window.__draws = [];
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const json = Response.prototype.json;
  Response.prototype.json = async function () {
    const body = await json.call(this);
    if (new URL(this.url).pathname.endsWith('/customers')) {
      const n = window.__draws.length;
      const dataAt = performance.now();
      performance.mark('grid-data-' + n);
      const done = (drawnAt) => {
        performance.mark('grid-drawn-' + n);
        window.__draws.push({ rows: body.data.length, draw: drawnAt - dataAt });
      };
      const observer = new MutationObserver(() => {
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0));
      });
      const grid = document.querySelector('[data-testid="customers-table"] tbody') ?? document.body;
      observer.observe(grid, { childList: true, subtree: true, attributes: true });
    }
    return body;
  };
`;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
}

/**
 * Runs `action` under a Chromium performance trace and reads the last draw in it: the wall time
 * from the data's arrival to the painted frame, and the main thread's CPU time in between (the
 * tasks' thread durations), which does not grow when other processes share the machine's cores.
 */
async function tracedDraw(action: () => Promise<void>) {
  await browser.startTracing(page, {
    categories: [
      'toplevel',
      'blink.user_timing',
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
    ],
  });
  await action();
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: TraceEvent[];
  };
  const marks = traceEvents.filter((event) => /^grid-(data|drawn)-\d+$/.test(event.name));
  const drawn = marks.filter((event) => event.name.startsWith('grid-drawn')).at(-1);
  const data = drawn && marks.find((event) => event.name === drawn.name.replace('drawn', 'data'));
  // Chromium now and then leaves the page's marks out of a trace: the caller measures again.
  if (!drawn || !data) return null;
  const cpu = traceEvents
    .filter(
      (event) =>
        event.name === 'RunTask' && event.tid === drawn.tid && event.ts >= data.ts && event.ts <= drawn.ts,
    )
    .reduce((sum, event) => sum + (event.tdur ?? event.dur ?? 0), 0);
  return { wall: (drawn.ts - data.ts) / 1000, cpu: cpu / 1000 };
}

const rows = () => page.locator('[data-testid="customers-table"] tbody tr[data-row-id]');
const scroller = () => page.getByTestId('customers-table-scroller');
const draws = () => page.evaluate('window.__draws') as Promise<{ rows: number; draw: number }[]>;
const loadedRows = async () =>
  Number(await page.getByTestId('customers-table').getAttribute('aria-rowcount')) - 1;
const cols = () => new URL(page.url()).searchParams.get('cols');

async function expectFits(width: number, height: number) {
  await page.setViewportSize({ width, height });
  await page.goto(`${server.baseUrl}/admin/customers`);
  await rows().first().waitFor();
  const fit = (await page.evaluate(`(() => {
    const box = document.querySelector('[data-testid="customers-table-scroller"]');
    const menu = document.querySelector('[data-testid="customers-table"] tbody button[aria-label^="Actions for"]').getBoundingClientRect();
    return {
      gridOverflow: box.scrollWidth - box.clientWidth,
      pageOverflow: document.documentElement.scrollWidth - innerWidth,
      gridBottom: box.getBoundingClientRect().bottom,
      menuRight: menu.right,
      menuBottom: menu.bottom,
    };
  })()`)) as Record<string, number>;
  expect(fit.gridOverflow, `no sideways scroll in the grid at ${width}`).toBeLessThanOrEqual(0);
  expect(fit.pageOverflow, `no sideways scroll of the page at ${width}`).toBeLessThanOrEqual(0);
  // The grid's box (and so its sideways scrollbar when columns are added) ends on screen.
  expect(fit.gridBottom).toBeLessThanOrEqual(height);
  expect(fit.menuRight).toBeLessThanOrEqual(width);
  expect(fit.menuBottom).toBeLessThanOrEqual(height);
}

beforeAll(async () => {
  server = await startTestServer();
  // Plain rows in one statement: seeding 5,000 demo customers one by one takes minutes.
  await sql`
    insert into customers (tenant_id, id, customer_set_id, first_name, last_name, email, country_code, created_at, updated_at)
    select c.tenant_id, gen_random_uuid(), c.customer_set_id, 'Row', 'Gridrow ' || lpad(n::text, 5, '0'),
           'gridrow' || n || '@example.com', 'DE', now(), now()
    from (select tenant_id, customer_set_id from customers limit 1) c, generate_series(1, ${EXTRA}) n
  `.execute(server.db);
  await sql`analyze customers`.execute(server.db);
  ({ browser, page, errors } = await openBrowser({ width: 1440, height: 900 }));
  await page.addInitScript({ content: MEASURE });
  await signIn(page, server);
  mkdirSync('test-results', { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the customers grid', () => {
  it('fits 1440 and 1280 px screens with the row menu and header in view', async () => {
    await expectFits(1440, 900);
    const headers = await page.locator('[data-testid="customers-table"] thead th').allTextContents();
    // The first header holds the select-all box, the last the row menus (named "Actions").
    expect(headers.map((text) => text.trim()).slice(1, -1)).toEqual([
      'Name',
      'E-mail',
      'Country',
      'Orders',
      'Total spent',
      'Last order',
      'Status',
    ]);
    // Countries by name, not by code.
    const countries = await page
      .locator('[data-testid="customers-table"] tbody td[data-column="countryCode"]')
      .allTextContents();
    expect(countries).toContain('Germany');
    expect(countries).not.toContain('DE');
    // Scrolling the grid keeps its header on top of the box.
    await scroller().evaluate((box) => {
      box.scrollTop = 800;
    });
    await expect
      .poll(() =>
        page.evaluate(`(() => {
          const box = document.querySelector('[data-testid="customers-table-scroller"]');
          const th = document.querySelector('[data-testid="customers-table"] thead th');
          return Math.round(th.getBoundingClientRect().top - box.getBoundingClientRect().top);
        })()`),
      )
      .toBe(0);
    expect(await axeViolations(page), 'axe on the grid at 1440').toEqual([]);
    await page.screenshot({ path: 'test-results/grid-fit-1440.png' });

    await expectFits(1280, 800);
    await page.screenshot({ path: 'test-results/grid-fit-1280.png' });
    expect(errors).toEqual([]);
  });

  it('keeps column order and widths from the chooser in the URL, and after a reload', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${server.baseUrl}/admin/customers`);
    await rows().first().waitFor();
    const emailHeader = page.getByRole('columnheader', { name: 'E-mail', exact: true });
    const widthBefore = (await emailHeader.boundingBox())!.width;

    await page.getByRole('button', { name: 'Columns' }).click();
    const chooser = page.getByRole('dialog', { name: 'Columns' });
    await chooser.getByRole('button', { name: 'Move E-mail up' }).click();
    await expect.poll(cols).toMatch(/^email,lastName,/);
    await chooser.getByRole('textbox', { name: 'Width of E-mail in pixels' }).fill('360');
    await expect.poll(cols).toMatch(/^email:360,lastName,/);
    await page.keyboard.press('Escape');
    await chooser.waitFor({ state: 'hidden' });

    const firstHeader = page.locator('[data-testid="customers-table"] thead th').nth(1);
    expect((await firstHeader.textContent())?.trim()).toBe('E-mail');
    expect((await emailHeader.boundingBox())!.width).toBeGreaterThan(widthBefore + 60);

    await page.reload();
    await rows().first().waitFor();
    expect((await firstHeader.textContent())?.trim()).toBe('E-mail');
    expect((await emailHeader.boundingBox())!.width).toBeGreaterThan(widthBefore + 60);
    expect(await rows().first().locator('td').nth(1).getAttribute('data-column')).toBe('email');

    await page.getByRole('button', { name: 'Columns' }).click();
    await chooser.getByRole('button', { name: 'Restore default columns' }).click();
    await expect.poll(cols).toMatch(/^lastName,email,/);
    await page.keyboard.press('Escape');
  });

  it('is walked with j and k and opens the focused row with Enter', async () => {
    await page.goto(`${server.baseUrl}/admin/customers`);
    await rows().first().waitFor();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).click();
    const focusedIndex = () =>
      page.evaluate('document.activeElement?.getAttribute("data-index") ?? null') as Promise<string | null>;
    await page.keyboard.press('j');
    expect(await focusedIndex()).toBe('0');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await focusedIndex()).toBe('2');
    await page.keyboard.press('k');
    expect(await focusedIndex()).toBe('1');
    // Typing j in the search box types it.
    await page.getByLabel('Search customers').focus();
    await page.keyboard.press('j');
    expect(await page.getByLabel('Search customers').inputValue()).toBe('j');
    await page.getByLabel('Search customers').fill('');
    await rows().nth(1).waitFor();

    await page.keyboard.press('Escape');
    await page.getByRole('heading', { level: 1, name: 'Customers' }).click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const id = await rows().nth(1).getAttribute('data-row-id');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/admin/customers/${id}`);
  });

  it('keeps focus when more rows arrive, by scrolling or by "Load more"', async () => {
    await page.goto(`${server.baseUrl}/admin/customers`);
    await rows().first().waitFor();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).click();
    await page.keyboard.press('j');
    const focusedId = await rows().first().getAttribute('data-row-id');
    // Scrolling to the end loads the next page; the focused row stays focused though scrolled away.
    await scroller().evaluate((box) => {
      box.scrollTop = box.scrollHeight;
    });
    await expect.poll(loadedRows, { timeout: 20_000 }).toBeGreaterThan(50);
    expect(await page.evaluate('document.activeElement?.getAttribute("data-row-id")')).toBe(focusedId);

    // "Load more" from the keyboard moves focus to the first new row.
    const before = await loadedRows();
    await page.getByRole('button', { name: 'Load more' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("data-index")'))
      .toBe(String(before));
    expect(errors).toEqual([]);
  });

  it('draws 50 and 5,000 loaded rows in under 100 ms after the data arrives', async () => {
    await page.goto(`${server.baseUrl}/admin/customers`);
    await rows().first().waitFor();
    await expect.poll(async () => (await draws()).length).toBeGreaterThan(0);
    // The first page's draw shares the main thread with the app starting up: reported, not judged.
    const first = (await draws())[0]!;
    expect(first.rows).toBe(50);

    // Sorting again draws a fresh 50.
    let sorted = null;
    for (let attempt = 0; attempt < 3 && !sorted; attempt++) {
      sorted = await tracedDraw(async () => {
        const drawsBefore = (await draws()).length;
        await page.getByRole('columnheader', { name: 'E-mail', exact: true }).getByRole('button').click();
        await expect.poll(async () => (await draws()).length).toBe(drawsBefore + 1);
      });
    }
    if (!sorted) throw new Error('no trace held the re-sorted draw');

    const loadNextPage = async () => {
      const loaded = await loadedRows();
      await scroller().evaluate((box) => {
        box.scrollTop = box.scrollHeight;
      });
      await expect.poll(loadedRows, { timeout: 20_000 }).toBeGreaterThan(loaded);
    };
    // Room for three traced pages, in case a trace has to be taken again.
    while ((await loadedRows()) < EXTRA - 150) await loadNextPage();
    let last = null;
    for (let attempt = 0; attempt < 3 && !last; attempt++) last = await tracedDraw(loadNextPage);
    if (!last) throw new Error('no trace held the appended draw');
    const total = await loadedRows();
    console.info(
      `draw after data arrives — first 50 rows (page start, wall) ${first.draw.toFixed(1)} ms; ` +
        `re-sorted 50: wall ${sorted.wall.toFixed(1)} ms, main-thread CPU ${sorted.cpu.toFixed(1)} ms; ` +
        `append to ${total} rows: wall ${last.wall.toFixed(1)} ms, main-thread CPU ${last.cpu.toFixed(1)} ms`,
    );
    expect(sorted.cpu).toBeGreaterThan(0);
    expect(sorted.cpu).toBeLessThan(100);
    expect(last.cpu).toBeLessThan(100);
    expect(await rows().count(), 'only the rows in view are drawn').toBeLessThan(100);
    await page.screenshot({ path: 'test-results/grid-5000-rows.png' });
  }, 300_000);
});
