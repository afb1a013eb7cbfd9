import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureListPlans, listPlan } from '../../src/lib/list/plan.js';
import { startEmailWorker } from '../../src/worker/email-worker.js';
import { make, read, uniqueEmail } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startSink } from '../helpers/smtp-sink.js';

let t: TestApp;
let sink: Awaited<ReturnType<typeof startSink>>;
const PUBLIC = 'https://accounts.acme.example';
beforeAll(async () => {
  t = await createTestApp({ config: { publicUrl: PUBLIC } });
  sink = await startSink({ reject: (address) => address.startsWith('bounce-') });
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

const inject = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  headers = t.tenant.auth,
) => t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
const store = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
  extra: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url: `/store/v1${url}`,
    headers: { 'x-site-key': t.tenant.siteKey, 'user-agent': 'TestBrowser/1.0', ...extra },
    ...(body === undefined ? {} : { payload: body as object }),
  });

let codes = 0;
async function newsletter(fields: Record<string, unknown> = {}) {
  const res = await inject('POST', '/admin/v1/newsletters', {
    siteId: t.tenant.siteId,
    code: `news-${++codes}`,
    name: 'Weekly offers',
    ...fields,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; subscriberCount: number };
}

async function contactOf(customerId: string) {
  const res = await inject('GET', `/admin/v1/customers/${customerId}/contact`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    id: string;
    email: string;
    customerId: string | null;
    invalid: boolean;
    subscriptions: {
      newsletterId: string;
      status: string;
      optInLevel: string | null;
      updatedAt: string | null;
    }[];
  };
}

const consentsOf = async (customerId: string) => {
  const res = await inject('GET', `/admin/v1/customers/${customerId}/consents`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as Record<string, unknown>[];
};

const drainEmail = async () => {
  const worker = startEmailWorker({
    db: t.handle.db,
    smtpUrl: sink.url,
    from: 'Acme <no-reply@acme.example>',
    logger: { info() {}, warn() {}, error() {} },
    pollMs: 0,
  });
  try {
    await worker.drain();
  } finally {
    await worker.stop();
  }
};

describe('newsletters', () => {
  it('creates, lists with subscriber counts, changes and deletes; codes are unique per site (409)', async () => {
    const created = await newsletter({ code: 'Monthly', doubleOptIn: true });
    expect(created).toMatchObject({ code: 'Monthly', subscriberCount: 0, isDefault: false });
    const taken = await inject('POST', '/admin/v1/newsletters', {
      siteId: t.tenant.siteId,
      code: 'monthly',
      name: 'x',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].path).toBe('/code');
    const patched = await inject('PATCH', `/admin/v1/newsletters/${created.id}`, { name: 'Monthly news' });
    expect(patched.json()).toMatchObject({ name: 'Monthly news', doubleOptIn: true });
    const list = await inject('GET', `/admin/v1/newsletters?siteId=${t.tenant.siteId}`);
    expect(list.json().data.map((n: { code: string }) => n.code)).toContain('Monthly');
    expect((await inject('DELETE', `/admin/v1/newsletters/${created.id}`)).statusCode).toBe(204);
    expect((await inject('GET', `/admin/v1/newsletters/${created.id}`)).statusCode).toBe(404);
  });

  it('refuses another tenant’s site and hides newsletters across tenants', async () => {
    const other = await t.newTenant(`mkt-other-${Date.now()}`);
    const mine = await newsletter();
    const res = await inject('POST', '/admin/v1/newsletters', { siteId: other.siteId, code: 'x', name: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/siteId');
    expect((await inject('GET', `/admin/v1/newsletters/${mine.id}`, undefined, other.auth)).statusCode).toBe(
      404,
    );
  });

  it('lets a viewer read but only an admin define newsletters', async () => {
    const viewer = await t.tenant.as('viewer');
    const support = await t.tenant.as('support');
    expect((await inject('GET', '/admin/v1/newsletters', undefined, viewer)).statusCode).toBe(200);
    const body = { siteId: t.tenant.siteId, code: 'nope', name: 'Nope' };
    expect((await inject('POST', '/admin/v1/newsletters', body, support)).statusCode).toBe(403);
  });
});

const savedPlans = { ...listPlan };

describe('contacts', () => {
  it('every customer gets a contact in the same write, matched by email whatever its case', async () => {
    const email = uniqueEmail('Mixed');
    const customer = await make.customer(t.tenant, { email: email.toUpperCase() });
    const contact = await contactOf(customer.id);
    expect(contact.email.toLowerCase()).toBe(email.toLowerCase());
    expect(contact.customerId).toBe(customer.id);
    const byId = await inject('GET', `/admin/v1/contacts/${contact.id}`);
    expect(byId.json()).toMatchObject({ id: contact.id, invalid: false });
    const search = await inject(
      'GET',
      `/admin/v1/contacts?q=${encodeURIComponent(email.slice(0, 8).toLowerCase())}`,
    );
    expect(search.json().data.map((c: { id: string }) => c.id)).toContain(contact.id);
  });

  it('a search walks the addresses with a budget: partial pages whose cursor goes on to the match', async () => {
    for (let i = 0; i < 30; i++) await make.customer(t.tenant);
    const rare = await make.customer(t.tenant, { email: uniqueEmail('zzzqx') });
    configureListPlans({ collectRows: -1, walkRows: 5 });
    try {
      const first = await inject('GET', '/admin/v1/contacts?q=zzzqx&limit=10');
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ partial: true, nextCursor: expect.any(String) });
      const found: string[] = [];
      let cursor: string | null = first.json().nextCursor;
      for (let n = 0; cursor && n < 500; n++) {
        const page = await inject(
          'GET',
          `/admin/v1/contacts?q=zzzqx&limit=10&cursor=${encodeURIComponent(cursor)}`,
        );
        found.push(...page.json().data.map((c: { customerId: string }) => c.customerId));
        cursor = page.json().nextCursor;
      }
      expect(found).toEqual([rare.id]);
    } finally {
      configureListPlans(savedPlans);
    }
  });

  it('a sign-up without a customer joins the customer created later with that email', async () => {
    const n = await newsletter();
    const email = uniqueEmail('later');
    const res = await store('POST', `/store/v1/newsletters/${n.code}/subscribe`.replace('/store/v1', ''), {
      email,
      consentText: 'Yes, send me offers.',
    });
    expect(res.statusCode).toBe(202);
    const customer = await make.customer(t.tenant, { email: email.toUpperCase() });
    const contact = await contactOf(customer.id);
    expect(contact.customerId).toBe(customer.id);
    expect(contact.subscriptions.find((s) => s.newsletterId === n.id)).toMatchObject({
      status: 'SUBSCRIBED',
      optInLevel: 'SINGLE_OPT_IN',
    });
  });

  it('a customer whose email changes gets the new address’s contact; the old one keeps its history', async () => {
    const customer = await make.customer(t.tenant);
    const before = await contactOf(customer.id);
    const email = uniqueEmail('moved');
    const res = await inject('PATCH', `/admin/v1/customers/${customer.id}`, { email });
    expect(res.statusCode, res.body).toBe(200);
    const after = await contactOf(customer.id);
    expect(after.id).not.toBe(before.id);
    expect(after).toMatchObject({ email, customerId: customer.id });
    expect((await inject('GET', `/admin/v1/contacts/${before.id}`)).json().customerId).toBeNull();
  });

  it('lists every newsletter of the tenant, never-touched ones as NOT_SUBSCRIBED', async () => {
    const n = await newsletter();
    const customer = await make.customer(t.tenant);
    const contact = await contactOf(customer.id);
    expect(contact.subscriptions.find((s) => s.newsletterId === n.id)).toEqual(
      expect.objectContaining({ status: 'NOT_SUBSCRIBED', optInLevel: null, updatedAt: null }),
    );
  });

  it('answers 404 for a customer without an email and for another tenant’s contact', async () => {
    const customer = await make.customer(t.tenant, {
      email: null,
      firstName: 'No',
      lastName: 'Email',
      phone: '+442079460000',
    });
    expect((await inject('GET', `/admin/v1/customers/${customer.id}/contact`)).statusCode).toBe(404);
    const other = await t.newTenant(`mkt-iso-${Date.now()}`);
    const contact = await contactOf((await make.customer(t.tenant)).id);
    expect((await inject('GET', `/admin/v1/contacts/${contact.id}`, undefined, other.auth)).statusCode).toBe(
      404,
    );
  });
});

describe('admin subscription changes', () => {
  it('subscribing needs consentText (400 naming it); the change and its wording are recorded', async () => {
    const n = await newsletter();
    const customer = await make.customer(t.tenant);
    const url = `/admin/v1/customers/${customer.id}/subscriptions/${n.id}`;
    const refused = await inject('PUT', url, { status: 'SUBSCRIBED' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual(['/consentText']);
    const support = await t.tenant.as('support');
    const ok = await inject(
      'PUT',
      url,
      { status: 'SUBSCRIBED', consentText: 'Paper form, Leeds shop' },
      support,
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      newsletterId: n.id,
      status: 'SUBSCRIBED',
      optInLevel: 'SINGLE_OPT_IN',
    });
    const down = await inject('PUT', url, { status: 'UNSUBSCRIBED' }, support);
    expect(down.json()).toMatchObject({ status: 'UNSUBSCRIBED', optInLevel: null });
    const records = await consentsOf(customer.id);
    expect(records.map((r) => r.status)).toEqual(['UNSUBSCRIBED', 'SUBSCRIBED']);
    expect(records[1]).toMatchObject({
      source: 'admin',
      consentText: 'Paper form, Leeds shop',
      newsletterCode: n.code,
    });
    expect(records[1]!.actor).toMatchObject({ type: 'admin', label: expect.stringContaining('support-') });
    const viewer = await t.tenant.as('viewer');
    expect((await inject('PUT', url, { status: 'UNSUBSCRIBED' }, viewer)).statusCode).toBe(403);
  });

  it('counts subscribers and filters customers by acceptsMarketing and subscribedTo (grid and segments)', async () => {
    const n = await newsletter({ code: `filt-${Date.now()}` });
    const yes = await make.customer(t.tenant, { lastName: 'Filterable' });
    const no = await make.customer(t.tenant, { lastName: 'Filterable' });
    await inject('PUT', `/admin/v1/customers/${yes.id}/subscriptions/${n.id}`, {
      status: 'SUBSCRIBED',
      consentText: 'Phone call',
    });
    expect((await inject('GET', `/admin/v1/newsletters/${n.id}`)).json().subscriberCount).toBe(1);
    const ids = async (filter: string) => {
      const res = await inject('GET', `/admin/v1/customers?filter=${encodeURIComponent(filter)}&limit=200`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((c: { id: string }) => c.id) as string[];
    };
    expect(await ids(`lastName eq "Filterable" and subscribedTo eq "${n.code}"`)).toEqual([yes.id]);
    expect(await ids('lastName eq "Filterable" and acceptsMarketing eq true')).toEqual([yes.id]);
    expect(await ids('lastName eq "Filterable" and acceptsMarketing eq false')).toEqual([no.id]);
    expect(await ids(`lastName eq "Filterable" and not (subscribedTo eq "${n.code}")`)).toEqual([no.id]);
    const bad = await inject('GET', `/admin/v1/customers?filter=${encodeURIComponent('subscribedTo gt 3')}`);
    expect(bad.statusCode).toBe(400);
    const segment = await inject('POST', '/admin/v1/segments', {
      name: `Subscribers ${n.code}`,
      filter: `subscribedTo eq "${n.code}"`,
    });
    expect(segment.statusCode, segment.body).toBe(201);
  });

  it('marks a contact invalid: every subscription becomes INVALID, recorded', async () => {
    const n = await newsletter();
    const customer = await make.customer(t.tenant);
    await inject('PUT', `/admin/v1/customers/${customer.id}/subscriptions/${n.id}`, {
      status: 'SUBSCRIBED',
      consentText: 'x',
    });
    const contact = await contactOf(customer.id);
    const res = await inject('POST', `/admin/v1/contacts/${contact.id}/invalid`, {
      reason: 'Complaint via ESP',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().invalid).toBe(true);
    expect(
      res.json().subscriptions.find((s: { newsletterId: string }) => s.newsletterId === n.id).status,
    ).toBe('INVALID');
    expect((await consentsOf(customer.id))[0]).toMatchObject({
      status: 'INVALID',
      consentText: 'Complaint via ESP',
    });
  });
});

describe('consent records are append-only', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE on consent_records, for every role', async () => {
    const n = await newsletter();
    const customer = await make.customer(t.tenant);
    await inject('PUT', `/admin/v1/customers/${customer.id}/subscriptions/${n.id}`, {
      status: 'SUBSCRIBED',
      consentText: 'kept',
    });
    const db = t.handle.db;
    await expect(sql`update consent_records set consent_text = 'forged'`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from consent_records`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate consent_records`.execute(db)).rejects.toThrow(/append-only/);
    expect((await consentsOf(customer.id))[0]).toMatchObject({ consentText: 'kept' });
  });

  it('no route updates or deletes a consent record: deleting the newsletter keeps its records', async () => {
    const n = await newsletter();
    const customer = await make.customer(t.tenant);
    await inject('PUT', `/admin/v1/customers/${customer.id}/subscriptions/${n.id}`, {
      status: 'SUBSCRIBED',
      consentText: 'kept',
    });
    expect((await inject('DELETE', `/admin/v1/newsletters/${n.id}`)).statusCode).toBe(204);
    expect(await consentsOf(customer.id)).toEqual([
      expect.objectContaining({ newsletterId: n.id, newsletterCode: n.code }),
    ]);
    // Every operation of the API document: none is a PUT/PATCH/DELETE on a consent path.
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const writes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      /consent/i.test(path) ? Object.keys(ops).filter((m) => m !== 'get') : [],
    );
    expect(writes).toEqual([]);
  });
});

describe('storefront', () => {
  it('answers 202 for any address; without double opt-in it subscribes at once with IP and user agent', async () => {
    const n = await newsletter();
    const customer = await make.customer(t.tenant);
    const res = await store('POST', `/newsletters/${n.code}/subscribe`, {
      email: customer.email,
      consentText: 'Yes, send me offers.',
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'accepted' });
    const again = await store('POST', `/newsletters/${n.code}/subscribe`, {
      email: customer.email,
      consentText: 'again',
    });
    expect(again.statusCode).toBe(202);
    const [record] = await consentsOf(customer.id);
    expect(record).toMatchObject({
      status: 'SUBSCRIBED',
      optInLevel: 'SINGLE_OPT_IN',
      source: 'storefront_form',
      consentText: 'Yes, send me offers.',
      userAgent: 'TestBrowser/1.0',
      actor: { type: 'anonymous', id: null, label: null },
    });
    expect(record!.ip).toBeTruthy();
    expect(await consentsOf(customer.id)).toHaveLength(1);
    const missing = await store('POST', `/newsletters/${n.code}/subscribe`, { email: 'x@example.com' });
    expect(missing.statusCode).toBe(400);
  });

  it('double opt-in: PENDING, a confirmation email with List-Unsubscribe, a single-use link', async () => {
    const n = await newsletter({ doubleOptIn: true });
    const customer = await make.customer(t.tenant);
    const email = customer.email!;
    await store('POST', `/newsletters/${n.code}/subscribe`, { email, consentText: 'Weekly, please.' });
    expect((await contactOf(customer.id)).subscriptions.find((s) => s.newsletterId === n.id)?.status).toBe(
      'PENDING',
    );
    const token = await read.lastLinkTo(t.tenant, email, 'newsletterConfirm');
    await drainEmail();
    const received = sink.received.find(
      (m) => m.envelopeTo.includes(email.toLowerCase()) || m.envelopeTo.includes(email),
    );
    expect(received?.headers['list-unsubscribe']).toMatch(
      new RegExp(`^<${PUBLIC}/unsubscribe/[A-Za-z0-9_-]{40,}>$`),
    );
    expect(received?.headers['list-unsubscribe']).not.toContain(email.split('@')[0]!);
    expect(received?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    const confirmed = await store('POST', '/newsletters/confirm', { token });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'SUBSCRIBED', optInLevel: 'CONFIRMED_OPT_IN' });
    expect((await store('POST', '/newsletters/confirm', { token })).statusCode).toBe(400);
    const [record] = await consentsOf(customer.id);
    expect(record).toMatchObject({
      status: 'SUBSCRIBED',
      optInLevel: 'CONFIRMED_OPT_IN',
      consentText: 'Weekly, please.',
    });
  });

  it('a second sign-up within the hour sends no second confirmation email (no inbox flooding)', async () => {
    const n = await newsletter({ doubleOptIn: true });
    const email = uniqueEmail('flood');
    for (let i = 0; i < 3; i++)
      expect(
        (await store('POST', `/newsletters/${n.code}/subscribe`, { email, consentText: 'ok' })).statusCode,
      ).toBe(202);
    expect(
      (await read.outbox(t.tenant, email)).filter((e) => e.template === 'newsletterConfirm'),
    ).toHaveLength(1);
  });

  it('stays inside its tenant: another site key neither finds the code nor uses the link', async () => {
    const other = await t.newTenant(`mkt-store-${Date.now()}`);
    const n = await newsletter({ doubleOptIn: true });
    const email = uniqueEmail('tenant');
    await store('POST', `/newsletters/${n.code}/subscribe`, { email, consentText: 'ok' });
    const token = await read.lastLinkTo(t.tenant, email, 'newsletterConfirm');
    const foreign = { 'x-site-key': other.siteKey };
    expect(
      (await store('POST', `/newsletters/${n.code}/subscribe`, { email, consentText: 'ok' }, foreign))
        .statusCode,
    ).toBe(404);
    expect((await store('POST', '/newsletters/confirm', { token }, foreign)).statusCode).toBe(400);
    expect((await store('POST', '/newsletters/confirm', { token })).statusCode).toBe(200);
  });

  it('an invalid address signing up again changes nothing and still answers 202', async () => {
    const n = await newsletter();
    const customer = await make.customer(t.tenant);
    const contact = await contactOf(customer.id);
    await inject('POST', `/admin/v1/contacts/${contact.id}/invalid`, {});
    const res = await store('POST', `/newsletters/${n.code}/subscribe`, {
      email: customer.email,
      consentText: 'ok',
    });
    expect(res.statusCode).toBe(202);
    expect((await contactOf(customer.id)).subscriptions.find((s) => s.newsletterId === n.id)?.status).toBe(
      'NOT_SUBSCRIBED',
    );
  });

  it('a confirmation link older than 48 hours does not work', async () => {
    const n = await newsletter({ doubleOptIn: true });
    const email = uniqueEmail('late');
    await store('POST', `/newsletters/${n.code}/subscribe`, { email, consentText: 'ok' });
    const token = await read.lastLinkTo(t.tenant, email, 'newsletterConfirm');
    await sql`update marketing_tokens set expires_at = now() - interval '1 minute' where purpose = 'confirm'`.execute(
      t.handle.db,
    );
    const res = await store('POST', '/newsletters/confirm', { token });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/token');
  });

  it('the preference centre lists the site’s newsletters and changes the shopper’s own state', async () => {
    const n = await newsletter();
    const shopper = await make.shopper(t.tenant);
    const auth = { authorization: `Bearer ${shopper.token}` };
    const list = await store('GET', '/me/subscriptions', undefined, auth);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data.find((s: { code: string }) => s.code === n.code)).toMatchObject({
      status: 'NOT_SUBSCRIBED',
    });
    const bad = await store('PUT', `/me/subscriptions/${n.code}`, { subscribed: true }, auth);
    expect(bad.statusCode).toBe(400);
    const on = await store(
      'PUT',
      `/me/subscriptions/${n.code}`,
      { subscribed: true, consentText: 'Tick box text' },
      auth,
    );
    expect(on.json()).toMatchObject({ status: 'SUBSCRIBED', optInLevel: 'SINGLE_OPT_IN' });
    const off = await store('PUT', `/me/subscriptions/${n.code}`, { subscribed: false }, auth);
    expect(off.json()).toMatchObject({ status: 'UNSUBSCRIBED' });
    const records = await consentsOf(shopper.id);
    expect(records[1]).toMatchObject({ actor: { type: 'shopper', id: shopper.id } });
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  async function subscribedWithLink() {
    const n = await newsletter({ doubleOptIn: true });
    const customer = await make.customer(t.tenant);
    await store('POST', `/newsletters/${n.code}/subscribe`, { email: customer.email, consentText: 'ok' });
    const confirm = await read.lastLinkTo(t.tenant, customer.email!, 'newsletterConfirm');
    await store('POST', '/newsletters/confirm', { token: confirm });
    const [email] = await read.outbox(t.tenant, customer.email!);
    const url = /<([^>]+)>/.exec(email!.headers!['List-Unsubscribe']!)![1]!;
    return { n, customer, path: new URL(url).pathname };
  }

  it('unsubscribes from the POST a mail provider sends, with no sign-in, recorded as unsubscribe_link', async () => {
    const { n, customer, path } = await subscribedWithLink();
    const res = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'GoogleOneClick/1.0' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await contactOf(customer.id)).subscriptions.find((s) => s.newsletterId === n.id)).toMatchObject({
      status: 'UNSUBSCRIBED',
      optInLevel: null,
    });
    const [record] = await consentsOf(customer.id);
    expect(record).toMatchObject({
      status: 'UNSUBSCRIBED',
      source: 'unsubscribe_link',
      userAgent: 'GoogleOneClick/1.0',
    });
    const again = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(again.statusCode).toBe(200);
    expect(await consentsOf(customer.id)).toHaveLength(3);
  });

  it('the GET page has one button posting the form, no script, and changes nothing by itself', async () => {
    const { n, customer, path } = await subscribedWithLink();
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(`<form method="post" action="${path}">`);
    expect(page.body).not.toContain('<script');
    expect(page.body).not.toContain(customer.email!);
    expect((await contactOf(customer.id)).subscriptions.find((s) => s.newsletterId === n.id)?.status).toBe(
      'SUBSCRIBED',
    );
    expect(
      (await t.app.inject({ method: 'GET', url: '/unsubscribe/not-a-real-token-aaaaaaaaaaaaaaaaa' }))
        .statusCode,
    ).toBe(404);
  });

  it('never sends newsletter email to an address that unsubscribed since it was queued', async () => {
    const n = await newsletter({ doubleOptIn: true });
    const customer = await make.customer(t.tenant);
    await store('POST', `/newsletters/${n.code}/subscribe`, { email: customer.email, consentText: 'ok' });
    await inject('PUT', `/admin/v1/customers/${customer.id}/subscriptions/${n.id}`, {
      status: 'UNSUBSCRIBED',
    });
    await drainEmail();
    expect(sink.received.some((m) => m.envelopeTo.includes(customer.email!))).toBe(false);
    const [email] = await read.outbox(t.tenant, customer.email!);
    expect(email).toMatchObject({ status: 'failed' });
  });

  it('a hard bounce from SMTP makes the contact INVALID', async () => {
    const n = await newsletter({ doubleOptIn: true });
    const customer = await make.customer(t.tenant, { email: uniqueEmail('bounce') });
    await store('POST', `/newsletters/${n.code}/subscribe`, { email: customer.email, consentText: 'ok' });
    await drainEmail();
    const contact = await contactOf(customer.id);
    expect(contact.invalid).toBe(true);
    expect(contact.subscriptions.find((s) => s.newsletterId === n.id)?.status).toBe('INVALID');
    expect((await consentsOf(customer.id))[0]).toMatchObject({ source: 'bounce', status: 'INVALID' });
  });
});

describe('recipients export', () => {
  it('streams subscribed valid contacts as formula-safe CSV and as NDJSON; admin only', async () => {
    const n = await newsletter();
    const a = await make.customer(t.tenant, { firstName: '=HYPERLINK("x")', lastName: 'Comma, Quote"' });
    const b = await make.customer(t.tenant);
    await make.customer(t.tenant);
    for (const c of [a, b])
      await inject('PUT', `/admin/v1/customers/${c.id}/subscriptions/${n.id}`, {
        status: 'SUBSCRIBED',
        consentText: 'x',
      });
    const csv = await inject('GET', `/admin/v1/newsletters/${n.id}/recipients?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('email,firstName,lastName,locale,subscribedAt,optInLevel');
    expect(lines).toHaveLength(3);
    const lineA = lines.find((l) => l.startsWith(a.email!))!;
    expect(lineA).toContain(`"'=HYPERLINK(""x"")","Comma, Quote"""`);
    const nd = await inject('GET', `/admin/v1/newsletters/${n.id}/recipients?format=ndjson`);
    const rows = nd.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.email).sort()).toEqual([a.email, b.email].sort());
    expect(rows[0]).toMatchObject({ optInLevel: 'SINGLE_OPT_IN' });
    const support = await t.tenant.as('support');
    expect(
      (await inject('GET', `/admin/v1/newsletters/${n.id}/recipients`, undefined, support)).statusCode,
    ).toBe(403);
  });

  it('leaves out an address marked invalid, whatever its subscription said', async () => {
    const n = await newsletter();
    const [kept, bounced] = [await make.customer(t.tenant), await make.customer(t.tenant)];
    for (const c of [kept, bounced])
      await inject('PUT', `/admin/v1/customers/${c.id}/subscriptions/${n.id}`, {
        status: 'SUBSCRIBED',
        consentText: 'x',
      });
    await inject('POST', `/admin/v1/contacts/${(await contactOf(bounced.id)).id}/invalid`, {});
    const nd = await inject('GET', `/admin/v1/newsletters/${n.id}/recipients?format=ndjson`);
    expect(
      nd.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).email),
    ).toEqual([kept.email]);
  });
});

describe("the site's default newsletter at registration and checkout", () => {
  it('registration with acceptsMarketing subscribes to the default newsletter, recording the wording', async () => {
    const n = await newsletter({ isDefault: true });
    const email = uniqueEmail('reg');
    const refused = await store('POST', '/auth/register', {
      email,
      password: 'violet-tram-42-kettle',
      acceptsMarketing: true,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toContain('/consentText');
    const res = await store('POST', '/auth/register', {
      email,
      password: 'violet-tram-42-kettle',
      acceptsMarketing: true,
      consentText: 'Tick: send me news',
    });
    expect(res.statusCode, res.body).toBe(201);
    const contacts = await inject('GET', `/admin/v1/contacts?q=${encodeURIComponent(email)}`);
    const [contact] = contacts.json().data;
    const consents = await inject('GET', `/admin/v1/contacts/${contact.id}/consents`);
    expect(consents.json().data[0]).toMatchObject({
      newsletterId: n.id,
      status: 'SUBSCRIBED',
      source: 'registration',
      consentText: 'Tick: send me news',
    });
  });

  it('checkout with acceptsMarketing subscribes the buyer to the default newsletter', async () => {
    const n = await newsletter({ isDefault: true });
    const email = uniqueEmail('buyer');
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/orders',
      headers: { ...t.tenant.auth, 'idempotency-key': `mkt-${Date.now()}` },
      payload: {
        siteId: t.tenant.siteId,
        number: `MKT-${Date.now()}`,
        currency: 'USD',
        placedAt: new Date().toISOString(),
        customer: { email, acceptsMarketing: true, consentText: 'Checkout box: keep me posted' },
        lines: [{ sku: 'X', name: 'Thing', quantity: 1, unitPrice: 1000 }],
        total: 1000,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const contact = await contactOf(res.json().customerId);
    expect(contact.subscriptions.find((s) => s.newsletterId === n.id)).toMatchObject({
      status: 'SUBSCRIBED',
    });
    expect((await consentsOf(res.json().customerId))[0]).toMatchObject({ source: 'checkout' });
  });
});
