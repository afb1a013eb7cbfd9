import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRunner } from '../../src/worker/job-runner.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

/**
 * Issue 15 point 7 in the admin app: the import wizard (preview, dry run, import, refused rows),
 * the Customers grid's Export, and the Jobs page. A job runner polls the test database as
 * `clientele serve` would in-process, so jobs progress on their own while the page watches.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: ReturnType<typeof jobRunner.start>;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

// Two good rows, one refused (its email is not one), and a column Clientele does not read.
const CSV = [
  'email,firstName,lastName,favouriteColour',
  'wanda@example.com,Wanda,Wizardly,green',
  'not-an-email,Broken,Wizardly,red',
  'wilbur@example.com,Wilbur,Wizardly,blue',
  '',
].join('\n');

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
    throw new Error('web/dist is missing: run the tests with `npm test` (it builds the admin app).');
  server = await startTestServer();
  worker = jobRunner.start({ db: server.db, logger: quiet, everyMs: 200 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await (
    await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  ).newPage();
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
  await worker?.stop();
  await server?.close();
});

/** The text of a file the page downloads when `click` runs. */
async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

describe('import, export and jobs in the admin app', () => {
  it('imports a CSV through the wizard: preview, dry run, import, and the refused rows', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    await page.getByText('No jobs yet.').waitFor();
    expect(await axeViolations(page), 'axe on the empty Jobs page').toEqual([]);

    await page.getByRole('link', { name: 'Import customers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import customers' }).waitFor();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

    // The preview: the format the header says, each column's field, the unknown one flagged.
    expect(await page.getByTestId('detected-format').textContent()).toBe("Clientele's columns");
    const preview = page.getByRole('table', { name: 'First rows of the file' });
    await preview.getByRole('cell', { name: 'Wanda', exact: true }).waitFor();
    expect(await preview.getByRole('row').count()).toBe(4);
    expect(await preview.getByRole('columnheader', { name: /favouriteColour/ }).textContent()).toContain(
      'Unknown: ignored',
    );
    expect(await preview.getByRole('columnheader', { name: /^email/ }).textContent()).toContain('→ email');
    await page.getByText('favouriteColour: these are ignored.').waitFor();
    expect(await axeViolations(page), 'axe on the wizard with its preview').toEqual([]);

    // The dry run: counts and refused rows, and nothing written.
    await page.getByRole('button', { name: 'Start dry run' }).click();
    const dry = page.getByTestId('dry-run-counts');
    await dry.waitFor({ timeout: 30_000 });
    expect(await dry.getByTestId('count-rows').textContent()).toBe('3');
    expect(await dry.getByTestId('count-created').textContent()).toBe('2');
    expect(await dry.getByTestId('count-failed').textContent()).toBe('1');
    expect(
      await page.getByRole('progressbar', { name: 'Dry run: upload' }).getAttribute('aria-valuenow'),
    ).toBe('100');
    const dryErrors = await downloaded(() =>
      page.getByTestId('dry-run').getByRole('link', { name: 'Download refused rows (CSV)' }).click(),
    );
    expect(dryErrors.text).toContain('line,column,value,message');
    expect(dryErrors.text).toMatch(/^3,email,not-an-email,/m);
    const before = await server.db
      .selectFrom('customers')
      .select('id')
      .where('lastName', '=', 'Wizardly')
      .execute();
    expect(before).toEqual([]);
    expect(await axeViolations(page), 'axe on the finished dry run').toEqual([]);

    // The import itself, its bar finishing, its counts and its refused rows.
    await page.getByRole('button', { name: 'Start import' }).click();
    const counts = page.getByTestId('import-counts');
    await counts.waitFor({ timeout: 30_000 });
    expect(await counts.getByTestId('count-created').textContent()).toBe('2');
    expect(await counts.getByTestId('count-failed').textContent()).toBe('1');
    const run = page.getByTestId('import-run');
    expect(await run.getByTestId('job-status').textContent()).toBe('Succeeded');
    expect(await run.getByRole('progressbar', { name: 'Import: rows' }).getAttribute('aria-valuenow')).toBe(
      '100',
    );
    expect(await run.getByTestId('job-progress-text').textContent()).toBe('3 done · 1 refused');
    const errors = await downloaded(() =>
      run.getByRole('link', { name: 'Download refused rows (CSV)' }).click(),
    );
    expect(errors.name).toMatch(/errors\.csv$/);
    expect(errors.text).toMatch(/^3,email,not-an-email,/m);

    await page.goto(`${server.baseUrl}/admin/customers?q=Wizardly`);
    const grid = page.getByTestId('customers-table');
    await grid.getByText('wanda@example.com').waitFor();
    await grid.getByText('wilbur@example.com').waitFor();
    expect(browserErrors).toEqual([]);
  });

  it("exports the grid's current view and downloads the file", async () => {
    await page.goto(`${server.baseUrl}/admin/customers?q=Wizardly`);
    await page.getByTestId('customers-table').getByText('wanda@example.com').waitFor();
    await page.getByRole('button', { name: 'Export' }).click();
    const form = page.getByRole('form', { name: 'Export customers' });
    await page.getByText('The export holds the customers of the current view').waitFor();
    await form.getByRole('radio', { name: 'NDJSON' }).check();
    expect(await axeViolations(page), 'axe on the Export dialog').toEqual([]);
    await form.getByRole('button', { name: 'Start export' }).click();

    const job = page.getByTestId('export-job');
    const download = job.getByRole('link', { name: 'Download file' });
    await download.waitFor({ timeout: 30_000 });
    expect(await job.getByTestId('job-status').textContent()).toBe('Succeeded');
    const file = await downloaded(() => download.click());
    const lines = file.text.trim().split('\n');
    // Only the view's two customers: the search narrowed the export as it narrows the grid.
    expect(lines).toHaveLength(2);
    const emails = lines.map((line) => (JSON.parse(line) as { email: string }).email).sort();
    expect(emails).toEqual(['wanda@example.com', 'wilbur@example.com']);
    await page.getByRole('button', { name: 'Close' }).first().click();
    expect(browserErrors).toEqual([]);
  });

  it('lists the imports and the export on the Jobs page with their files', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    const table = page.getByTestId('jobs-table');
    await table.locator('tr[data-job-kind=export]').waitFor();
    expect(await table.locator('tr[data-job-kind=import]').count()).toBe(2);
    expect(await page.getByTestId('jobs-total').textContent()).toBe('3 jobs');
    const exportRow = table.locator('tr[data-job-kind=export]');
    expect(await exportRow.getByTestId('job-status').textContent()).toBe('Succeeded');
    expect(await exportRow.textContent()).toContain('Owner');
    const file = await downloaded(() => exportRow.getByRole('link', { name: 'Download file' }).click());
    expect(file.text).toContain('wanda@example.com');
    for (const row of await table.locator('tr[data-job-kind=import]').all()) {
      expect(await row.getByTestId('job-status').textContent()).toBe('Succeeded');
      await row.getByRole('link', { name: 'Download refused rows (CSV)' }).waitFor();
    }
    expect(await table.getByRole('button', { name: /^Cancel/ }).count()).toBe(0);
    expect(await axeViolations(page), 'axe on the Jobs page').toEqual([]);
    expect(browserErrors).toEqual([]);
  });

  it('cancels a queued job from the Jobs page', async () => {
    // A stopped runner leaves the next export queued, so it can be cancelled before it runs.
    await worker.stop();
    const response = await page.request.post(`${server.baseUrl}/admin/v1/exports`, {
      data: { format: 'csv' },
      headers: { origin: server.baseUrl },
    });
    expect(response.status()).toBe(202);
    await page.reload();
    const table = page.getByTestId('jobs-table');
    const queued = table.getByRole('row').filter({ hasText: 'Queued' });
    await queued.waitFor();
    await queued.getByRole('button', { name: /^Cancel/ }).click();
    await table.getByRole('row').filter({ hasText: 'Cancelled' }).waitFor();
    expect(await table.getByRole('row').filter({ hasText: 'Queued' }).count()).toBe(0);
    expect(browserErrors).toEqual([]);
  });

  it("previews Shopify's CSV and NDJSON with the columns they fill", async () => {
    await page.goto(`${server.baseUrl}/admin/jobs/import`);
    const input = page.locator('input[type=file]');
    const shopify = [
      'First Name,Last Name,Email,Accepts Email Marketing,Default Address City,Accepts SMS Marketing,Tax Exempt,Loyalty Tier',
      'Ada,Lovelace,ada@example.com,yes,"London, UK",no,no,gold',
      '',
    ].join('\r\n');
    await input.setInputFiles({
      name: 'customers_export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(shopify),
    });
    await page.getByTestId('detected-format').getByText("Shopify's customer CSV").waitFor();
    const preview = page.getByRole('table', { name: 'First rows of the file' });
    await preview.getByRole('cell', { name: 'London, UK' }).waitFor();
    expect(await preview.getByRole('columnheader', { name: /Default Address City/ }).textContent()).toContain(
      '→ address.city',
    );
    // Email marketing becomes consent records (source import); Clientele keeps no SMS consent.
    expect(
      await preview.getByRole('columnheader', { name: /Accepts Email Marketing/ }).textContent(),
    ).toContain('→ acceptsMarketing');
    expect(
      await preview.getByRole('columnheader', { name: /Accepts SMS Marketing/ }).textContent(),
    ).toContain('read past');
    expect(await preview.getByRole('columnheader', { name: /Loyalty Tier/ }).textContent()).toContain(
      'Unknown: ignored',
    );

    const ndjson = `${JSON.stringify({ email: 'n@example.com', firstName: 'Nd', address: { city: 'Oslo' } })}\n`;
    await input.setInputFiles({
      name: 'people.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(ndjson),
    });
    await page.getByTestId('detected-format').getByText('NDJSON (one JSON customer a line)').waitFor();
    await preview.getByRole('cell', { name: 'Oslo' }).waitFor();
    expect(await preview.getByRole('columnheader', { name: /address\.city/ }).textContent()).toContain(
      '→ address.city',
    );
    expect(await axeViolations(page), 'axe on the NDJSON preview').toEqual([]);
    expect(browserErrors).toEqual([]);
  });
});
