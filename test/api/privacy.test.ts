import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerDataHooks } from '../../src/lib/module.js';
import { allModules } from '../../src/modules/index.js';
import { startEmailWorker } from '../../src/worker/email-worker.js';
import { jobRunner } from '../../src/worker/job-runner.js';
import { make, read, unique, uniqueEmail } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';
import { startSink } from '../helpers/smtp-sink.js';

let t: TestApp;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('privacy-other');
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const admin = (method: Method, url: string, payload?: object, headers = t.tenant.auth) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });
const store = (method: Method, url: string, headers: Record<string, string>, payload?: object) =>
  t.app.inject({
    method,
    url: `/store/v1${url}`,
    headers,
    ...(payload ? { payload } : {}),
  });

/**
 * The tables of the test database whose rows, cast whole to text (every text, JSON, array and
 * number column at once), contain `needle`, whatever its case.
 */
async function tablesHolding(needle: string): Promise<string[]> {
  const db = t.handle.db;
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const hits: string[] = [];
  for (const { name } of tables.rows) {
    const found = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.raw(`"${name}"`)} as r
       where strpos(lower(r::text), ${needle.toLowerCase()}) > 0`.execute(db);
    if (found.rows[0]!.n > 0) hits.push(name);
  }
  return hits;
}

let newsletters = 0;
async function newsletter() {
  const res = await admin('POST', '/newsletters', {
    siteId: t.tenant.siteId,
    code: `privacy-${++newsletters}`,
    name: 'Offers',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string };
}

/**
 * A registered shopper with something in every module: a guest checkout taken over, an address,
 * orders with address snapshots and a status note, a cart, a wish list, store credit, a group and a
 * role, a note, a custom attribute value, tags, newsletter consent (with a request's evidence), a
 * changed email (the timeline's diff holds the old and new addresses) and emails in the outbox.
 */
async function richCustomer() {
  const tag = unique('zq').replace('-', '');
  const person = {
    oldEmail: `${tag}-old@example.com`,
    email: `${tag}@example.com`,
    firstName: `Zebulon${tag}`,
    lastName: `Quattlebaum${tag}`,
    phone: `+4420794${String(60000 + Number(tag.slice(2))).padStart(5, '0')}`,
    street: `${tag} Erasable Lane`,
    userAgent: `Browser-${tag}/1.0`,
  };
  // The guest checkout through the API with an idempotency key: its stored answer names the
  // guest's id (retired by the takeover below) and the email.
  const placed = await t.app.inject({
    method: 'POST',
    url: '/admin/v1/orders',
    headers: { ...t.tenant.auth, 'idempotency-key': `guest-${tag}` },
    payload: {
      siteId: t.tenant.siteId,
      number: `G-${tag}`,
      currency: 'USD',
      customer: { email: person.oldEmail, firstName: person.firstName, lastName: person.lastName },
      billingAddress: { firstName: person.firstName, line1: person.street, city: 'Leeds', countryCode: 'GB' },
      lines: [{ sku: 'X', name: 'Thing', quantity: 1, unitPrice: 1000 }],
      total: 1000,
      placedAt: new Date().toISOString(),
    },
  });
  expect(placed.statusCode, placed.body).toBe(201);
  const guestOrder = placed.json() as { id: string };
  const shopper = await make.shopper(t.tenant, {
    email: person.oldEmail,
    firstName: person.firstName,
    lastName: person.lastName,
    phone: person.phone,
  });
  const id = shopper.id;
  const address = { firstName: person.firstName, lastName: person.lastName, phone: person.phone };
  await make.address(t.tenant, id, { ...address, line1: person.street });
  const order = await make.order(t.tenant, {
    customerId: id,
    status: 'refunded',
    statusNote: `Refunded to ${person.firstName} at ${person.oldEmail}`,
    billingAddress: { ...address, line1: person.street, city: 'Leeds', countryCode: 'GB' },
    shippingAddress: { ...address, line1: person.street, city: 'Leeds', countryCode: 'GB' },
  });
  await make.cart(t.tenant, { customerId: id });
  const list = await make.wishlist(t.tenant, id, { name: `For ${person.firstName}` });
  await make.wishlistItem(t.tenant, id, list.id, { note: `Gift for ${person.lastName}` });
  await make.credit(t.tenant, id, { amount: 2500, reason: 'Goodwill' });
  await make.membership(t.tenant, id, (await make.group(t.tenant)).id);
  await make.customerRole(t.tenant, id, (await make.role(t.tenant)).id);
  await make.note(t.tenant, id, { body: `${person.firstName} called from ${person.phone}` });
  await make.tags(t.tenant, id, ['vip']);
  const attribute = await make.attribute(t.tenant);
  const patched = await admin('PATCH', `/customers/${id}`, {
    attributes: { [attribute.code]: person.lastName },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  const n = await newsletter();
  const signUp = await store(
    'POST',
    `/newsletters/${n.code}/subscribe`,
    { 'x-site-key': t.tenant.siteKey, 'user-agent': person.userAgent },
    {
      email: person.oldEmail,
      consentText: 'Yes, send me offers.',
    },
  );
  expect(signUp.statusCode, signUp.body).toBe(202);
  const moved = await admin('PATCH', `/customers/${id}`, { email: person.email });
  expect(moved.statusCode, moved.body).toBe(200);
  // An import that found the address taken: its error report keeps the cell, under no customer id.
  const upload = await t.app.inject({
    method: 'POST',
    url: '/admin/v1/imports?mode=create',
    headers: { ...t.tenant.auth, 'content-type': 'text/csv' },
    payload: `email,lastName\n${person.email},${person.lastName}\n`,
  });
  expect(upload.statusCode, upload.body).toBe(202);
  const runner = jobRunner.start({ db: t.handle.db, logger: quiet, everyMs: 0 });
  await runner.runOnce();
  await runner.stop();
  return { id, shopper, person, order, guestOrderId: guestOrder.id, newsletterId: n.id };
}

const personalNeedles = (person: Awaited<ReturnType<typeof richCustomer>>['person']) => [
  person.email,
  person.oldEmail,
  person.firstName,
  person.lastName,
  person.phone,
  person.street,
  person.userAgent,
];

describe('erasing a customer (POST /admin/v1/customers/{id}/erase)', () => {
  it('a dry run lists what would go and changes nothing', async () => {
    const { id, person } = await richCustomer();
    const before = (await admin('GET', `/customers/${id}`)).json();
    const tablesBefore = await tablesHolding(person.oldEmail);
    const res = await admin('POST', `/customers/${id}/erase`, { dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ customerId: id, dryRun: true, erasedAt: null });
    expect(result.linkedGuestIds).toHaveLength(1);
    expect(result.removed).toMatchObject({
      customers: { customers: 2 },
      addresses: { addresses: 1 },
      accounts: { accounts: 1, shopper_sessions: 1 },
      orders: { orders: 2, order_status_changes: 1 },
      carts: { carts: 1 },
      wishlists: { wishlists: 1 },
      groups: { group_members: 1, customer_roles: 1 },
      notes: { customer_notes: 1 },
      marketing: { contacts: 2, subscriptions: 1, consent_records: 1 },
      events: { events: expect.any(Number) },
      email: { email_outbox: expect.any(Number) },
      idempotency: { idempotency_keys: expect.any(Number) },
    });
    expect(result.removed.credit).toBeUndefined();
    expect((await admin('GET', `/customers/${id}`)).json()).toEqual(before);
    expect(await tablesHolding(person.oldEmail)).toEqual(tablesBefore);
    const timeline = (await admin('GET', `/customers/${id}/timeline`)).json().data;
    expect(timeline.map((e: { action: string }) => e.action)).not.toContain('customer.erased');
  });

  it('removes the personal data from every table and keeps the sales facts', async () => {
    // An endpoint for every topic: the deliveries announcing the changes carry personal values too.
    const hook = await admin('POST', '/webhooks', {
      url: 'https://hooks.example.com/clientele',
      topics: ['customer.created', 'customer.updated', 'order.created', 'consent.updated'],
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const { id, shopper, person, order, guestOrderId, newsletterId } = await richCustomer();
    // Before: the values are spread over many tables (so the search below is a real one).
    expect((await tablesHolding(person.oldEmail)).length).toBeGreaterThan(4);
    expect(await tablesHolding(person.lastName)).toContain('webhook_deliveries');
    // The import's error report holds the email; its uploaded file went when the import ended.
    expect(await tablesHolding(person.email)).toContain('job_errors');
    expect(await tablesHolding(person.lastName)).not.toContain('job_files');
    const res = await admin('POST', `/customers/${id}/erase`, {});
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ customerId: id, dryRun: false, erasedAt: expect.any(String) });

    for (const needle of personalNeedles(person)) expect(await tablesHolding(needle), needle).toEqual([]);

    const customer = (await admin('GET', `/customers/${id}`)).json();
    expect(customer).toMatchObject({
      id,
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      isRegistered: false,
      enabled: false,
      tags: [],
      attributes: {},
      addresses: [],
      totalSpent: order.total,
    });
    // The guest checkout's order came over at registration; both keep their sales facts.
    const orders = (await admin('GET', `/customers/${id}/orders`)).json().data;
    expect(orders).toHaveLength(2);
    expect(orders).toContainEqual(
      expect.objectContaining({
        id: order.id,
        number: order.number,
        status: 'refunded',
        total: order.total,
        refundedTotal: order.total,
        email: null,
      }),
    );
    const kept = (await admin('GET', `/orders/${order.id}`)).json();
    expect(kept).toMatchObject({ billingAddress: null, shippingAddress: null, lines: order.lines });
    const guestOrder = (await admin('GET', `/orders/${guestOrderId}`)).json();
    expect(guestOrder).toMatchObject({ id: guestOrderId, total: expect.any(Number), billingAddress: null });
    const credit = (await admin('GET', `/customers/${id}/credit`)).json();
    expect(credit.balances).toEqual([expect.objectContaining({ currency: 'USD', balance: 2500 })]);

    const contact = await admin('GET', `/customers/${id}/contact`);
    expect(contact.statusCode).toBe(404);
    const consents = await t.handle.db
      .selectFrom('consentRecords')
      .select([
        'consentRecords.status',
        'consentRecords.ip',
        'consentRecords.userAgent',
        'consentRecords.consentText',
      ])
      .where('newsletterId', '=', newsletterId)
      .orderBy('createdAt')
      .execute();
    expect(consents.map((c) => c.status)).toEqual(['SUBSCRIBED', 'REDACTED']);
    expect(consents[0]).toMatchObject({ ip: null, userAgent: null, consentText: 'Yes, send me offers.' });

    const timeline = (await admin('GET', `/customers/${id}/timeline`)).json().data;
    expect(timeline[0]).toMatchObject({
      action: 'customer.erased',
      actor: { type: 'admin' },
      data: { linkedGuests: 1, removed: expect.objectContaining({ accounts: expect.any(Object) }) },
    });
    expect(timeline.find((e: { action: string }) => e.action === 'account.email_changed')).toMatchObject({
      data: { from: null, to: null },
    });

    // The account is gone: its session no longer works.
    expect((await store('GET', '/me', shopper.headers)).statusCode).toBe(401);
    const again = await admin('POST', `/customers/${id}/erase`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code ?? again.json().type).toContain('already_erased');
  });

  it('is for admins and owners only, and another tenant’s customer is 404', async () => {
    const customer = await make.customer(t.tenant);
    for (const role of ['support', 'viewer'] as const) {
      const res = await admin(
        'POST',
        `/customers/${customer.id}/erase`,
        { dryRun: true },
        await t.tenant.as(role),
      );
      expect(res.statusCode, role).toBe(403);
    }
    expect(
      (await admin('POST', `/customers/${customer.id}/erase`, {}, await t.tenant.as('admin'))).statusCode,
    ).toBe(200);
    const mine = await make.customer(t.tenant);
    expect((await admin('POST', `/customers/${mine.id}/erase`, {}, other.auth)).statusCode).toBe(404);
    expect((await admin('GET', `/customers/${mine.id}/export`, undefined, other.auth)).statusCode).toBe(404);
    expect(
      (await admin('GET', `/customers/${mine.id}/export`, undefined, await t.tenant.as('viewer'))).statusCode,
    ).toBe(403);
    expect((await admin('POST', `/customers/${mine.id}/erase`, { dryRun: 'yes' })).statusCode).toBe(400);
  });
});

describe('exporting a customer (GET /admin/v1/customers/{id}/export)', () => {
  it('answers one document with a section from every module holding data, and no secret', async () => {
    const { id, person, order } = await richCustomer();
    const res = await admin('GET', `/customers/${id}/export`, undefined, await t.tenant.as('support'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="customer-${id}.json"`);
    const doc = res.json();
    expect(doc).toMatchObject({ customerId: id, exportedAt: expect.any(String) });
    expect(Object.keys(doc.sections).sort()).toEqual([
      'accounts',
      'addresses',
      'carts',
      'credit',
      'customers',
      'email',
      'events',
      'groups',
      'jobs',
      'marketing',
      'notes',
      'orders',
      'wishlists',
    ]);
    const { sections } = doc;
    // The import's error report names the person's email: the access request shows where.
    expect(sections.jobs.data).toEqual([
      expect.objectContaining({ column: 'email', value: person.email, message: expect.any(String) }),
    ]);
    expect(sections.customers.data.details).toMatchObject({
      email: person.email,
      firstName: person.firstName,
    });
    expect(Object.values(sections.customers.data.attributes)).toEqual([person.lastName]);
    expect(sections.addresses.data).toEqual([expect.objectContaining({ line1: person.street })]);
    expect(sections.accounts.data.account).toMatchObject({ username: expect.any(String) });
    expect(sections.accounts.data.sessions).toHaveLength(1);
    // The guest checkout's order came over when the shopper registered with its email.
    expect(sections.orders.data).toHaveLength(2);
    expect(sections.orders.data).toContainEqual(
      expect.objectContaining({ number: order.number, lines: [expect.objectContaining({ sku: 'X' })] }),
    );
    expect(sections.carts.data).toHaveLength(1);
    expect(sections.wishlists.data[0].items).toHaveLength(1);
    expect(sections.credit.data.entries).toEqual([expect.objectContaining({ amountMinor: 2500 })]);
    expect(sections.groups.data.groups).toHaveLength(1);
    expect(sections.groups.data.roles).toHaveLength(1);
    expect(sections.notes.data).toHaveLength(1);
    expect(sections.marketing.data.consents).toEqual([
      expect.objectContaining({ status: 'SUBSCRIBED', userAgent: person.userAgent }),
    ]);
    expect(sections.events.data.map((e: { action: string }) => e.action)).toContain('account.email_changed');
    expect(sections.email.data.length).toBeGreaterThan(0);
    for (const section of Object.values(sections) as { describe: string }[])
      expect(section.describe.length).toBeGreaterThan(10);
    expect(res.body).not.toMatch(/passwordHash|tokenHash|password_hash|token_hash|\$argon2/);
  });
});

describe('the manifests cover every table', () => {
  it('names every table with a customer or contact column in some module’s customerData.tables', async () => {
    const columns = await sql<{ table: string; column: string }>`
      select table_name as "table", column_name as "column" from information_schema.columns
       where table_schema = current_schema()
         and (column_name like '%customer_id' or column_name = 'contact_id')`.execute(t.handle.db);
    const covered = new Set(customerDataHooks(allModules).flatMap(({ hook }) => hook.tables));
    const tables = [...new Set(columns.rows.map((r) => r.table))].sort();
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.filter((table) => !covered.has(table))).toEqual([]);
    // Tables holding a customer's rows through their parent are covered too.
    for (const child of ['order_lines', 'cart_lines', 'wishlist_items'])
      expect(covered.has(child)).toBe(true);
  });
});

describe('a shopper’s own erasure (POST /store/v1/me/erase, …/confirm)', () => {
  it('emails a single-use link through SMTP; confirming it erases the shopper without sign-in', async () => {
    const sink = await startSink();
    const email = uniqueEmail('self-erase');
    const shopper = await make.shopper(t.tenant, { email, firstName: 'Ottoline', lastName: 'Erasmus' });
    await make.order(t.tenant, { customerId: shopper.id });
    const asked = await store('POST', '/me/erase', shopper.headers);
    expect(asked.statusCode, asked.body).toBe(204);
    const worker = startEmailWorker({
      db: t.handle.db,
      smtpUrl: sink.url,
      from: 'Shop <no-reply@shop.example>',
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      pollMs: 0,
    });
    try {
      await worker.drain();
    } finally {
      await worker.stop();
      await sink.close();
    }
    const message = sink.received.find(
      (m) => m.envelopeTo.includes(email) && /erasure/.test(m.headers.subject ?? ''),
    );
    expect(message, 'the erasure email').toBeDefined();
    const token = read.linkToken(message!.text);
    expect(token).toBeTruthy();
    expect(message!.text).toContain('/account/confirm-erasure?token=');

    const site = { 'x-site-key': t.tenant.siteKey };
    expect((await store('POST', '/me/erase/confirm', site, { token: 'not-a-real-token' })).statusCode).toBe(
      400,
    );
    const done = await store('POST', '/me/erase/confirm', site, { token: token! });
    expect(done.statusCode, done.body).toBe(204);
    expect((await store('POST', '/me/erase/confirm', site, { token: token! })).statusCode).toBe(400);

    expect(await tablesHolding(email)).toEqual([]);
    expect(await tablesHolding('Ottoline')).toEqual([]);
    const customer = (await admin('GET', `/customers/${shopper.id}`)).json();
    expect(customer).toMatchObject({ email: null, firstName: null, ordersCount: 1 });
    const timeline = (await admin('GET', `/customers/${shopper.id}/timeline`)).json().data;
    expect(timeline[0]).toMatchObject({
      action: 'customer.erased',
      actor: { type: 'shopper', id: shopper.id },
    });
    expect((await store('GET', '/me', shopper.headers)).statusCode).toBe(401);
  });

  it('needs a signed-in shopper to ask', async () => {
    expect((await store('POST', '/me/erase', { 'x-site-key': t.tenant.siteKey })).statusCode).toBe(401);
  });
});
