import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/lib/context.js';
import { updateCustomer } from '../../src/modules/customers/customers.service.js';
import { purgeExpiredAuditEntries } from '../../src/worker/audit-retention-job.js';
import { make, type TestAdmin } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
let jane: TestAdmin;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('change-record-other');
  jane = await make.admin(t.tenant, { role: 'admin', name: 'Jane Admin' });
});
afterAll(() => t.close());

interface Entry {
  id: string;
  action: string;
  customerId: string | null;
  subject: { type: string; id: string } | null;
  actor: { type: string; id: string; name?: string };
  requestId: string | null;
  changes: { field: string; from: unknown; to: unknown }[];
  data: Record<string, unknown>;
  createdAt: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const call = (method: Method, url: string, headers: Record<string, string>, payload?: object) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });

async function timeline(
  customerId: string,
  query = '',
): Promise<{ data: Entry[]; nextCursor: string | null }> {
  const res = await call('GET', `/customers/${customerId}/timeline${query}`, t.tenant.auth);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function audit(filter: string, auth = t.tenant.auth, extra = ''): Promise<Entry[]> {
  const res = await call('GET', `/audit?filter=${encodeURIComponent(filter)}&limit=200${extra}`, auth);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

describe('the customer timeline with field-level changes', () => {
  it('records an admin’s update with each changed field, who did it and the request', async () => {
    await make.attribute(t.tenant, { code: 'shoeSize', type: 'number' });
    const customer = await make.customer(t.tenant, { firstName: 'Ann', email: 'a@example.com' });
    const res = await call('PATCH', `/customers/${customer.id}`, jane.auth, {
      email: 'b@example.com',
      firstName: 'Anne',
      lastName: customer.lastName,
      attributes: { shoeSize: 40 },
    });
    expect(res.statusCode, res.body).toBe(200);

    const [updated, created] = (await timeline(customer.id)).data;
    expect(updated).toMatchObject({
      action: 'customer.updated',
      customerId: customer.id,
      subject: null,
      actor: { type: 'admin', id: jane.id, name: 'Jane Admin' },
      requestId: expect.stringMatching(/^req-/),
      data: {},
    });
    expect(updated!.changes).toEqual([
      { field: 'email', from: 'a@example.com', to: 'b@example.com' },
      { field: 'firstName', from: 'Ann', to: 'Anne' },
      { field: 'attributes.shoeSize', from: null, to: 40 },
    ]);
    expect(created).toMatchObject({ action: 'customer.created', actor: { type: 'system', name: 'System' } });

    // A change that changes nothing leaves no entry.
    await call('PATCH', `/customers/${customer.id}`, jane.auth, { firstName: 'Anne' });
    expect((await timeline(customer.id)).data).toHaveLength(2);
  });

  it('pages newest first by cursor', async () => {
    const customer = await make.customer(t.tenant, { firstName: 'P0' });
    for (const name of ['P1', 'P2', 'P3'])
      await call('PATCH', `/customers/${customer.id}`, t.tenant.auth, { firstName: name });
    const first = await timeline(customer.id, '?limit=2');
    expect(first.data.map((e) => e.changes[0]?.to)).toEqual(['P3', 'P2']);
    const second = await timeline(customer.id, `?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.data.map((e) => e.action)).toEqual(['customer.updated', 'customer.created']);
    expect(second.nextCursor).toBeNull();
  });

  it('records a change in the caller’s transaction: a failing one leaves no entry', async () => {
    const customer = await make.customer(t.tenant, { firstName: 'Kept' });
    await expect(
      inTransaction(t.tenant.ctx, async (trx) => {
        await updateCustomer(trx, customer.id, { firstName: 'Lost' });
        throw new Error('the rest of the work failed');
      }),
    ).rejects.toThrow('the rest of the work failed');
    const entries = (await timeline(customer.id)).data;
    expect(entries.map((e) => e.action)).toEqual(['customer.created']);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/admin/v1/customers/${customer.id}`,
      headers: { ...t.tenant.auth, 'if-match': '"999"' },
      payload: { firstName: 'Stale' },
    });
    expect(stale.statusCode).toBe(412);
    expect((await timeline(customer.id)).data).toHaveLength(1);
  });

  it('records addresses added, changed and removed with their diffs', async () => {
    const customer = await make.customer(t.tenant);
    const added = await call('POST', `/customers/${customer.id}/addresses`, t.tenant.auth, {
      line1: '1 Main St',
      city: 'Springfield',
      countryCode: 'US',
    });
    expect(added.statusCode, added.body).toBe(201);
    const addressId = added.json().id;
    const url = `/customers/${customer.id}/addresses/${addressId}`;
    expect((await call('PATCH', url, t.tenant.auth, { city: 'Shelbyville' })).statusCode).toBe(200);
    expect((await call('DELETE', url, t.tenant.auth)).statusCode).toBe(204);

    const [removed, changed, addedEntry] = (await timeline(customer.id)).data;
    expect(addedEntry).toMatchObject({ action: 'address.added', data: { addressId } });
    expect(addedEntry!.changes).toEqual(
      expect.arrayContaining([
        { field: 'address.line1', from: null, to: '1 Main St' },
        { field: 'address.city', from: null, to: 'Springfield' },
        { field: 'address.isDefaultBilling', from: null, to: true },
      ]),
    );
    expect(changed).toMatchObject({
      action: 'address.changed',
      data: { addressId },
      changes: [{ field: 'address.city', from: 'Springfield', to: 'Shelbyville' }],
    });
    expect(removed).toMatchObject({ action: 'address.removed', data: { addressId } });
    expect(removed!.changes).toContainEqual({ field: 'address.city', from: 'Shelbyville', to: null });
  });

  it('records the shopper’s own changes to their details and a consent change', async () => {
    const shopper = await make.shopper(t.tenant, { firstName: 'Sam' });
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/store/v1/me',
      headers: shopper.headers,
      payload: { firstName: 'Samuel' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [entry] = (await timeline(shopper.id)).data;
    expect(entry).toMatchObject({
      action: 'customer.updated',
      actor: { type: 'shopper', id: shopper.id },
      changes: [{ field: 'firstName', from: 'Sam', to: 'Samuel' }],
    });

    const newsletter = await call('POST', '/newsletters', t.tenant.auth, {
      siteId: t.tenant.siteId,
      code: 'record-news',
      name: 'News',
    });
    expect(newsletter.statusCode, newsletter.body).toBe(201);
    const n = newsletter.json();
    const put = await call('PUT', `/customers/${shopper.id}/subscriptions/${n.id}`, t.tenant.auth, {
      status: 'SUBSCRIBED',
      consentText: 'Asked on the phone',
    });
    expect(put.statusCode, put.body).toBe(200);
    const [consent] = (await timeline(shopper.id)).data;
    expect(consent).toMatchObject({
      action: 'consent.updated',
      data: { newsletterId: n.id, from: null, to: 'SUBSCRIBED', source: expect.any(String) },
    });
  });

  it('keeps customer.deleted in the audit log after the customer is gone', async () => {
    const customer = await make.customer(t.tenant);
    expect((await call('DELETE', `/customers/${customer.id}`, jane.auth)).statusCode).toBe(204);
    const entries = await audit(`customerId eq "${customer.id}"`);
    expect(entries.map((e) => e.action)).toEqual(['customer.deleted', 'customer.created']);
    expect(entries[0]).toMatchObject({ actor: { type: 'admin', id: jane.id, name: 'Jane Admin' } });
  });
});

describe('the audit log', () => {
  it('lists changes not about one customer, and never a secret', async () => {
    const key = await call('POST', '/api-keys', jane.auth, { name: 'ERP sync', role: 'support' });
    expect(key.statusCode, key.body).toBe(201);
    const secret: string = key.json().key;
    const staff = await call('POST', '/admin-users', jane.auth, {
      email: 'new-staff@example.com',
      password: 'a long enough password',
      role: 'viewer',
    });
    expect(staff.statusCode, staff.body).toBe(201);
    const staffId = staff.json().id;
    // Setting a password is the owner's.
    const reset = await call('POST', `/admin-users/${staffId}/password`, t.tenant.auth, {
      password: 'another long password',
    });
    expect(reset.statusCode, reset.body).toBe(204);
    await call('PATCH', `/sites/${t.tenant.siteId}`, jane.auth, { name: 'Renamed store' });
    const group = await make.group(t.tenant, { code: 'gold', name: 'Gold' });
    await call('PATCH', `/groups/${group.id}`, jane.auth, { name: 'Gold members' });
    await make.role(t.tenant, { code: 'wholesale', name: 'Wholesale' });
    await make.segment(t.tenant, { name: 'Everyone named Ann', filter: 'firstName eq "Ann"' });

    const entries = await audit('subjectType pr');
    const actions = entries.map((e) => e.action);
    for (const action of [
      'apiKey.created',
      'adminUser.created',
      'adminUser.password_set',
      'site.updated',
      'group.created',
      'group.updated',
      'role.created',
      'segment.created',
      'attribute.created',
    ])
      expect(actions).toContain(action);
    const site = entries.find((e) => e.action === 'site.updated')!;
    expect(site).toMatchObject({
      customerId: null,
      subject: { type: 'site', id: t.tenant.siteId },
      actor: { type: 'admin', id: jane.id, name: 'Jane Admin' },
    });
    expect(site.changes).toContainEqual({ field: 'name', from: expect.any(String), to: 'Renamed store' });
    expect(entries.find((e) => e.action === 'group.updated')!.changes).toEqual([
      { field: 'name', from: 'Gold', to: 'Gold members' },
    ]);

    const everything = JSON.stringify(await audit('action pr'));
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('another long password');
    expect(everything).not.toContain('$argon2');
    expect(everything.toLowerCase()).not.toContain('hash');
  });

  it('filters by actor, action, customer and time', async () => {
    const customer = await make.customer(t.tenant, { firstName: 'Filter' });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    await pause();
    const before = new Date().toISOString();
    await pause();
    await call('PATCH', `/customers/${customer.id}`, jane.auth, { firstName: 'Filtered' });

    const byJane = await audit(`actorType eq "admin" and actorId eq "${jane.id}"`);
    expect(byJane.length).toBeGreaterThan(0);
    expect(byJane.every((e) => e.actor.id === jane.id)).toBe(true);
    const updates = await audit(`action eq "customer.updated" and customerId eq "${customer.id}"`);
    expect(updates).toHaveLength(1);
    const customerActions = await audit(`action sw "customer." and customerId eq "${customer.id}"`);
    expect(customerActions.map((e) => e.action)).toEqual(['customer.updated', 'customer.created']);
    const recent = await audit(`customerId eq "${customer.id}" and createdAt ge "${before}"`);
    expect(recent.map((e) => e.action)).toEqual(['customer.updated']);
    const older = await audit(`customerId eq "${customer.id}" and createdAt lt "${before}"`);
    expect(older.map((e) => e.action)).toEqual(['customer.created']);

    const bad = await call('GET', `/audit?filter=${encodeURIComponent('colour eq "red"')}`, t.tenant.auth);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('colour');
    const badValue = await call(
      'GET',
      `/audit?filter=${encodeURIComponent('createdAt ge "soon"')}`,
      t.tenant.auth,
    );
    expect(badValue.statusCode).toBe(400);
    expect(badValue.body).toContain('createdAt');
  });

  it('is for admins and owners only, and shows only the tenant’s own changes', async () => {
    for (const role of ['viewer', 'support'] as const) {
      const res = await call('GET', '/audit', await t.tenant.as(role));
      expect(res.statusCode).toBe(403);
    }
    const theirs = await make.customer(other);
    const mine = await audit(`customerId eq "${theirs.id}"`);
    expect(mine).toEqual([]);
    const res = await call('GET', `/customers/${theirs.id}/timeline`, t.tenant.auth);
    expect(res.statusCode).toBe(404);
    const otherLog = await audit('action pr', other.auth);
    expect(otherLog.every((e) => e.customerId === null || e.customerId === theirs.id)).toBe(true);
    expect(otherLog.map((e) => e.customerId)).toContain(theirs.id);
  });
});

describe('audit retention', () => {
  it('is a tenant setting only admins change, recorded like any change', async () => {
    const support = await t.tenant.as('support');
    expect((await call('PATCH', '/settings', support, { auditRetentionDays: 30 })).statusCode).toBe(403);
    expect((await call('GET', '/settings', t.tenant.auth)).json()).toEqual({ auditRetentionDays: 365 });
    const bad = await call('PATCH', '/settings', t.tenant.auth, { auditRetentionDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('auditRetentionDays');
  });

  it('drops webhook deliveries finished over 30 days ago, and keeps those still being retried', async () => {
    const tenant = await t.newTenant('delivery-log');
    const webhookId = v7();
    await t.handle.db
      .insertInto('webhooks')
      .values({
        tenantId: tenant.id,
        id: webhookId,
        url: 'https://example.com/hook',
        topics: ['customer.created'],
        secret: 'whsec_test',
      })
      .execute();
    const day = 86_400_000;
    const delivery = (ageDays: number, status: 'succeeded' | 'dead' | 'failed') => ({
      tenantId: tenant.id,
      id: v7({ msecs: Date.now() - ageDays * day }),
      webhookId,
      eventId: v7(),
      topic: 'customer.created',
      payload: '{}',
      status,
    });
    const rows = [
      delivery(31, 'succeeded'),
      delivery(45, 'dead'),
      delivery(31, 'failed'),
      delivery(29, 'succeeded'),
    ];
    await t.handle.db.insertInto('webhookDeliveries').values(rows).execute();
    while ((await purgeExpiredAuditEntries(t.handle.db, 100)) > 0);
    const left = await t.handle.db
      .selectFrom('webhookDeliveries')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .orderBy('id')
      .execute();
    expect(left.map((row) => row.id).sort()).toEqual([rows[2]!.id, rows[3]!.id].sort());
  });

  it('deletes entries older than each tenant’s retention, and nothing else', async () => {
    const tenant = await t.newTenant('retention');
    const kept = await t.newTenant('retention-kept');
    const res = await call('PATCH', '/settings', tenant.auth, { auditRetentionDays: 30 });
    expect(res.json()).toEqual({ auditRetentionDays: 30 });
    const customer = await make.customer(tenant);
    const elsewhere = await make.customer(kept);
    const day = 86_400_000;
    // Entries as the service writes them: the id (UUIDv7) and created_at name the same moment.
    const oldEntry = (tenantId: string, customerId: string, ageDays: number) => {
      const at = Date.now() - ageDays * day;
      return {
        tenantId,
        id: v7({ msecs: at }),
        customerId,
        action: 'customer.updated',
        actorType: 'system',
        actorId: 'system',
        data: '{}',
        createdAt: new Date(at),
      };
    };
    await t.handle.db
      .insertInto('events')
      .values([
        oldEntry(tenant.id, customer.id, 31),
        oldEntry(tenant.id, customer.id, 400),
        oldEntry(tenant.id, customer.id, 29),
        oldEntry(kept.id, elsewhere.id, 31),
      ])
      .execute();

    expect(await purgeExpiredAuditEntries(t.handle.db, 1)).toBe(1);
    expect(await purgeExpiredAuditEntries(t.handle.db, 100)).toBe(1);
    expect(await purgeExpiredAuditEntries(t.handle.db, 100)).toBe(0);

    const left = await t.handle.db
      .selectFrom('events')
      .select(['tenantId', 'createdAt'])
      .where('tenantId', 'in', [tenant.id, kept.id])
      .where('customerId', 'in', [customer.id, elsewhere.id])
      .execute();
    const ages = left
      .map((e) => [
        e.tenantId === tenant.id ? 'tenant' : 'kept',
        Math.round((Date.now() - +e.createdAt) / day),
      ])
      .sort();
    // Each customer's customer.created is a day old at most.
    expect(ages).toEqual([
      ['kept', 0],
      ['kept', 31],
      ['tenant', 0],
      ['tenant', 29],
    ]);
  });
});
