import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookWorker } from '../../src/worker/webhook-worker.js';
import { axeViolations } from '../helpers/axe.js';
import { startTestServer } from '../helpers/server.js';

// The Webhooks page in Chromium: create with topics, the secret once, a test message delivered
// by the real worker to a real receiver, the delivery log with retry, off and on, rotate.

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: TestServer;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', () => {
    received.push({ headers: request.headers, body });
    response.writeHead(204).end();
  });
});
let receiverUrl: string;

const isRequestTo = (method: string, path: RegExp) => (response: Response) =>
  response.request().method() === method && path.test(new URL(response.url()).pathname);

async function responseAfter(match: (response: Response) => boolean, action: () => Promise<unknown>) {
  const [response] = await Promise.all([page.waitForResponse(match), action()]);
  return response;
}

/** The worker sends what is due, as `clientele serve` would in the background. */
async function deliverDue() {
  const worker = startWebhookWorker({
    db: server.db,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    allowPrivate: true,
    pollMs: 0,
  });
  await worker.drain();
  await worker.stop();
}

describe('the Webhooks page', () => {
  beforeAll(async () => {
    if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html')))
      throw new Error('web/dist is missing: run `npm run build` first.');
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
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
    await new Promise((resolve) => receiver.close(resolve));
  });

  afterEach(() => {
    expect(browserErrors, 'the browser reported errors').toEqual([]);
  });

  it('creates a webhook with topics and shows its secret once, with a copy button', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No webhooks yet').waitFor();
    expect(await axeViolations(page), 'axe on the empty Webhooks page').toEqual([]);
    await page.getByRole('button', { name: 'New webhook' }).click();
    expect(await axeViolations(page), 'axe on the New webhook form').toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.getByRole('form', { name: 'New webhook' });
    await form.getByLabel('URL').fill(receiverUrl);
    await form.getByLabel('Description').fill('ERP sync');
    await form.getByLabel('customer.updated').check();
    const created = await responseAfter(isRequestTo('POST', /\/admin\/v1\/webhooks$/), () =>
      form.getByRole('button', { name: 'Create webhook' }).click(),
    );
    expect(created.status()).toBe(201);
    const secret = (await created.json()).secret as string;

    const dialog = page.getByRole('dialog', { name: 'Signing secret' });
    await expect.poll(() => dialog.getByTestId('webhook-secret').textContent()).toBe(secret);
    expect(await axeViolations(page), 'axe on the secret dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Copy the secret' }).click();
    await dialog.getByRole('button', { name: 'Copied the secret' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await dialog.getByRole('button', { name: 'I have stored it' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByTestId('webhooks-table').locator('tbody tr').first();
    await row.getByText(receiverUrl).waitFor();
    await row.getByText('customer.updated').waitFor();
    expect(await page.getByTestId('webhooks-table').textContent()).not.toContain(secret);
    await page.getByText('Nothing sent to this endpoint yet.').waitFor();
  });

  it('sends a test message, shows it in the delivery log and retries it', async () => {
    const sent = await responseAfter(isRequestTo('POST', /\/test$/), () =>
      page.getByRole('button', { name: `Send test to ${receiverUrl}` }).click(),
    );
    expect(sent.status()).toBe(202);
    await deliverDue();
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body).type).toBe('webhook.test');

    await page.reload();
    const log = page.getByTestId('webhook-deliveries');
    await log.getByText('succeeded').waitFor();
    await log.getByText('204 in').waitFor();
    expect(await axeViolations(page), 'axe on the page with its delivery log').toEqual([]);

    const retried = await responseAfter(isRequestTo('POST', /\/retry$/), () =>
      log.getByRole('button', { name: /^Retry the webhook\.test message/ }).click(),
    );
    expect(retried.status()).toBe(202);
    await deliverDue();
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
  });

  it('turns the webhook off and on, and rotates its secret behind a confirmation', async () => {
    const toggle = page.getByRole('switch', { name: `${receiverUrl} is on` });
    await responseAfter(isRequestTo('PATCH', /\/admin\/v1\/webhooks\//), () => toggle.click());
    await page.getByText('Off: turned off').waitFor();
    expect(await page.getByRole('button', { name: `Send test to ${receiverUrl}` }).isDisabled()).toBe(true);
    await responseAfter(isRequestTo('PATCH', /\/admin\/v1\/webhooks\//), () => toggle.click());
    await page.getByText('On', { exact: true }).waitFor();

    await page.getByRole('button', { name: `Rotate secret of ${receiverUrl}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Rotate signing secret' });
    expect(await axeViolations(page), 'axe on the rotate dialog').toEqual([]);
    const rotated = await responseAfter(isRequestTo('POST', /\/rotate-secret$/), () =>
      confirm.getByRole('button', { name: 'Rotate secret' }).click(),
    );
    const secret = (await rotated.json()).secret as string;
    const dialog = page.getByRole('dialog', { name: 'Signing secret' });
    await expect.poll(() => dialog.getByTestId('webhook-secret').textContent()).toBe(secret);
    await dialog.getByRole('button', { name: 'I have stored it' }).click();

    // The next message is signed with the new secret.
    await page.getByRole('button', { name: `Send test to ${receiverUrl}` }).click();
    await expect
      .poll(async () => {
        await deliverDue();
        return received.length;
      })
      .toBe(3);
    const last = received[2]!;
    expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.test',
    });
  });
});
