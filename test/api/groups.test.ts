import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/lib/filter/filter-parser.js';
import { compileFilter } from '../../src/lib/filter/filter-sql.js';
import { belongingFilters } from '../../src/modules/groups/groups.service.js';
import { startMembershipJob } from '../../src/worker/membership-job.js';
import { make, read, unique } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('groups-other');
});
afterAll(() => t.close());

type Headers = Record<string, string>;
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const admin = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  headers: Headers = t.tenant.auth,
) => t.app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });

const timeline = async (customerId: string) =>
  (await admin('GET', `/customers/${customerId}/timeline?limit=200`)).json().data as {
    action: string;
    data: Record<string, unknown>;
  }[];

const codes = (res: { json(): { data: { code: string }[] } }) => res.json().data.map((r) => r.code);

describe('groups', () => {
  it('are created, read, listed, changed and deleted', async () => {
    const role = await make.role(t.tenant, { code: unique('crud-role') });
    const created = await admin('POST', '/groups', {
      code: 'Gold',
      name: ' Gold club ',
      description: 'Free shipping',
      roleIds: [role.id],
      reminderDays: 14,
    });
    expect(created.statusCode, created.body).toBe(201);
    const group = created.json();
    expect(group).toMatchObject({ code: 'Gold', name: 'Gold club', roleIds: [role.id], reminderDays: 14 });
    expect(created.headers.location).toBe(`/admin/v1/groups/${group.id}`);
    expect((await admin('GET', `/groups/${group.id}`)).json()).toEqual(group);
    expect(codes(await admin('GET', '/groups?limit=200'))).toContain('Gold');

    const changed = await admin('PATCH', `/groups/${group.id}`, { roleIds: [], reminderDays: null });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ code: 'Gold', roleIds: [], reminderDays: null });

    expect((await admin('DELETE', `/groups/${group.id}`)).statusCode).toBe(204);
    expect((await admin('GET', `/groups/${group.id}`)).statusCode).toBe(404);
    expect((await admin('DELETE', `/groups/${group.id}`)).statusCode).toBe(404);
  });

  it('pages by cursor in code order', async () => {
    const prefix = unique('page').toLowerCase();
    for (const n of [3, 1, 2]) await make.group(t.tenant, { code: `${prefix}-${n}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin('GET', `/groups?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...codes(res));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen.filter((c) => c.startsWith(prefix))).toEqual([`${prefix}-1`, `${prefix}-2`, `${prefix}-3`]);
  });

  it('refuse a code another group has, whatever its case (409)', async () => {
    await make.group(t.tenant, { code: 'dup-group' });
    const res = await admin('POST', '/groups', { code: 'DUP-group', name: 'Again' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'group.code_taken', errors: [{ path: '/code' }] });
    const mine = await make.group(t.tenant);
    expect((await admin('PATCH', `/groups/${mine.id}`, { code: 'dup-GROUP' })).statusCode).toBe(409);
    // Another tenant may use the same code.
    expect(
      (await admin('POST', '/groups', { code: 'dup-group', name: 'Theirs' }, other.auth)).statusCode,
    ).toBe(201);
  });

  it('name every bad field, including roles that are not the tenant’s (400)', async () => {
    const theirs = await make.role(other);
    const res = await admin('POST', '/groups', {
      code: 'ok-code',
      name: '   ',
      roleIds: [theirs.id],
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/name', '/roleIds/0']);
    const shape = await admin('POST', '/groups', { code: 'no spaces', name: 'x', reminderDays: 0 });
    expect(shape.statusCode).toBe(400);
    expect(
      shape
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/code', '/reminderDays']);
  });

  it("answer 404 for another tenant's group", async () => {
    const theirs = await make.group(other);
    expect((await admin('GET', `/groups/${theirs.id}`)).statusCode).toBe(404);
    expect((await admin('PATCH', `/groups/${theirs.id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await admin('DELETE', `/groups/${theirs.id}`)).statusCode).toBe(404);
    expect((await admin('GET', `/groups/${theirs.id}`, undefined, other.auth)).json().name).toBe(theirs.name);
  });

  it('need the admin role to define, viewer to read', async () => {
    const viewer = await t.tenant.as('viewer');
    const support = await t.tenant.as('support');
    expect((await admin('GET', '/groups', undefined, viewer)).statusCode).toBe(200);
    expect((await admin('POST', '/groups', { code: 'nope', name: 'x' }, support)).statusCode).toBe(403);
  });
});

describe('roles', () => {
  it('are created, read, listed, changed and deleted; codes are unique whatever their case', async () => {
    const created = await admin('POST', '/roles', { code: 'Wholesale-1', name: 'Wholesale' });
    expect(created.statusCode, created.body).toBe(201);
    const role = created.json();
    expect(role).toMatchObject({ code: 'Wholesale-1', name: 'Wholesale', description: null });
    expect((await admin('GET', `/roles/${role.id}`)).json()).toEqual(role);
    expect(codes(await admin('GET', '/roles?limit=200&sort=-createdAt'))[0]).toBe('Wholesale-1');
    expect((await admin('POST', '/roles', { code: 'wholesale-1', name: 'x' })).json().code).toBe(
      'role.code_taken',
    );
    const patched = await admin('PATCH', `/roles/${role.id}`, { description: 'Trade prices' });
    expect(patched.json().description).toBe('Trade prices');
    expect((await admin('DELETE', `/roles/${role.id}`)).statusCode).toBe(204);
    expect((await admin('GET', `/roles/${role.id}`)).statusCode).toBe(404);
    const theirs = await make.role(other);
    expect((await admin('GET', `/roles/${theirs.id}`)).statusCode).toBe(404);
    expect((await admin('PATCH', `/roles/${theirs.id}`, { name: 'x' })).statusCode).toBe(404);
  });

  it('deleted while in use leave the groups that bundled them and the customers who held them', async () => {
    const role = await make.role(t.tenant);
    const group = await make.group(t.tenant, { roleIds: [role.id] });
    const customer = await make.customer(t.tenant);
    await make.customerRole(t.tenant, customer.id, role.id);
    await make.membership(t.tenant, customer.id, group.id);
    expect((await admin('GET', `/customers/${customer.id}/roles`)).json().data).toHaveLength(2);
    expect((await admin('DELETE', `/roles/${role.id}`)).statusCode).toBe(204);
    expect((await admin('GET', `/groups/${group.id}`)).json().roleIds).toEqual([]);
    expect((await admin('GET', `/customers/${customer.id}/roles`)).json().data).toEqual([]);
  });
});

describe('memberships', () => {
  it('are added, changed, listed and ended, each on the timeline', async () => {
    const customer = await make.customer(t.tenant);
    const group = await make.group(t.tenant);
    // No body at all: from now, with no end.
    const added = await admin('PUT', `/customers/${customer.id}/groups/${group.id}`);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ groupId: group.id, code: group.code, validTo: null, active: true });
    const start = added.json().validFrom;
    expect(Math.abs(Date.parse(start) - Date.now())).toBeLessThan(60_000);

    const end = inDays(30);
    const changed = await admin('PUT', `/customers/${customer.id}/groups/${group.id}`, { validTo: end });
    expect(changed.statusCode).toBe(200);
    // A running membership keeps its start when none is sent.
    expect(changed.json()).toMatchObject({ validFrom: start, validTo: end, active: true });

    const future = await make.group(t.tenant);
    await make.membership(t.tenant, customer.id, future.id, { validFrom: inDays(10) });
    const list = (await admin('GET', `/customers/${customer.id}/groups`)).json().data;
    expect(list).toHaveLength(2);
    expect(list.find((m: { groupId: string }) => m.groupId === future.id).active).toBe(false);

    expect((await admin('DELETE', `/customers/${customer.id}/groups/${group.id}`)).statusCode).toBe(204);
    expect((await admin('DELETE', `/customers/${customer.id}/groups/${group.id}`)).statusCode).toBe(404);
    expect((await admin('GET', `/customers/${customer.id}/groups`)).json().data).toHaveLength(1);

    const events = (await timeline(customer.id)).filter((e) => e.action.startsWith('membership.'));
    expect(events.map((e) => e.action)).toEqual([
      'membership.removed',
      'membership.added',
      'membership.changed',
      'membership.added',
    ]);
    expect(events[0]!.data).toMatchObject({ groupId: group.id, code: group.code, validTo: end });
    expect(events[2]!.data).toMatchObject({ validTo: end, from: { validFrom: start, validTo: null } });
  });

  it('refuse an end before (or at) the start with a 400 naming validTo', async () => {
    const customer = await make.customer(t.tenant);
    const group = await make.group(t.tenant);
    const url = `/customers/${customer.id}/groups/${group.id}`;
    const before = await admin('PUT', url, { validFrom: inDays(5), validTo: inDays(1) });
    expect(before.statusCode).toBe(400);
    expect(before.json().errors).toEqual([expect.objectContaining({ path: '/validTo' })]);
    // No start sent: it is now, and an end in the past is before it.
    expect((await admin('PUT', url, { validTo: inDays(-1) })).statusCode).toBe(400);
    expect((await admin('PUT', url, { validFrom: 'yesterday' })).statusCode).toBe(400);
    expect((await admin('GET', `/customers/${customer.id}/groups`)).json().data).toEqual([]);
  });

  it("answer 404 for another tenant's customer or group", async () => {
    const mine = await make.customer(t.tenant);
    const myGroup = await make.group(t.tenant);
    const theirCustomer = await make.customer(other);
    const theirGroup = await make.group(other);
    expect((await admin('PUT', `/customers/${mine.id}/groups/${theirGroup.id}`, {})).statusCode).toBe(404);
    expect((await admin('PUT', `/customers/${theirCustomer.id}/groups/${myGroup.id}`, {})).statusCode).toBe(
      404,
    );
    expect((await admin('GET', `/customers/${theirCustomer.id}/groups`)).statusCode).toBe(404);
    expect((await admin('DELETE', `/customers/${theirCustomer.id}/groups/${theirGroup.id}`)).statusCode).toBe(
      404,
    );
  });

  it('stop at 500 per customer with a 422, expired ones included', async () => {
    const customer = await make.customer(t.tenant);
    // 500 groups and memberships in two statements; the API adds the 501st.
    await sql`
      with made as (
        insert into groups (tenant_id, id, code, name)
        select ${t.tenant.id}::uuid, gen_random_uuid(), 'bulk-' || n, 'Bulk ' || n from generate_series(1, 500) n
        returning id)
      insert into group_members (tenant_id, id, group_id, customer_id, valid_from)
      select ${t.tenant.id}::uuid, gen_random_uuid(), id, ${customer.id}::uuid, now() from made`.execute(
      t.handle.db,
    );
    const one = await make.group(t.tenant);
    const res = await admin('PUT', `/customers/${customer.id}/groups/${one.id}`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('group.too_many_memberships');
    expect((await admin('GET', `/customers/${customer.id}/groups`)).json().data).toHaveLength(500);
    // Changing one of the 500 is still allowed.
    const held = (await admin('GET', `/customers/${customer.id}/groups`)).json().data[0].groupId;
    expect(
      (await admin('PUT', `/customers/${customer.id}/groups/${held}`, { validTo: inDays(1) })).statusCode,
    ).toBe(200);
  });
});

describe('effective roles', () => {
  it('are the direct ones and those of groups active now, not of expired or future ones', async () => {
    const customer = await make.customer(t.tenant);
    const [direct, viaGroup, viaExpired, viaFuture] = await Promise.all(
      ['direct', 'via-group', 'via-expired', 'via-future'].map((c) =>
        make.role(t.tenant, { code: unique(c) }),
      ),
    );
    const active = await make.group(t.tenant, { roleIds: [viaGroup!.id, direct!.id] });
    const expired = await make.group(t.tenant, { roleIds: [viaExpired!.id] });
    const future = await make.group(t.tenant, { roleIds: [viaFuture!.id] });
    const put = await admin('PUT', `/customers/${customer.id}/roles/${direct!.id}`);
    expect(put.statusCode, put.body).toBe(201);
    expect(put.json()).toEqual({
      roleId: direct!.id,
      code: direct!.code,
      name: direct!.name,
      siteId: null,
      source: 'direct',
    });
    expect((await admin('PUT', `/customers/${customer.id}/roles/${direct!.id}`, {})).statusCode).toBe(200);
    await make.membership(t.tenant, customer.id, active.id);
    await make.membership(t.tenant, customer.id, expired.id, { validFrom: inDays(-10), validTo: inDays(-1) });
    await make.membership(t.tenant, customer.id, future.id, { validFrom: inDays(1) });

    const roles = (await admin('GET', `/customers/${customer.id}/roles`)).json().data;
    expect(roles).toEqual(
      expect.arrayContaining([
        { roleId: direct!.id, code: direct!.code, name: direct!.name, siteId: null, source: 'direct' },
        {
          roleId: direct!.id,
          code: direct!.code,
          name: direct!.name,
          siteId: null,
          source: 'group',
          groupId: active.id,
        },
        {
          roleId: viaGroup!.id,
          code: viaGroup!.code,
          name: viaGroup!.name,
          siteId: null,
          source: 'group',
          groupId: active.id,
        },
      ]),
    );
    expect(roles).toHaveLength(3);

    expect((await admin('DELETE', `/customers/${customer.id}/roles/${direct!.id}`)).statusCode).toBe(204);
    expect((await admin('DELETE', `/customers/${customer.id}/roles/${direct!.id}`)).statusCode).toBe(404);
    const after = (await admin('GET', `/customers/${customer.id}/roles`)).json().data;
    expect(after.map((r: { source: string }) => r.source)).toEqual(['group', 'group']);
    expect((await timeline(customer.id)).slice(0, 1)[0]).toMatchObject({
      action: 'role.unassigned',
      data: { roleId: direct!.id, siteId: null },
    });
  });

  it('may be given for one site; a site not of the tenant is a 400, another tenant’s ids 404', async () => {
    const customer = await make.customer(t.tenant);
    const role = await make.role(t.tenant);
    const site = await make.site(t.tenant);
    const res = await admin('PUT', `/customers/${customer.id}/roles/${role.id}`, { siteId: site.id });
    expect(res.statusCode).toBe(201);
    expect(res.json().siteId).toBe(site.id);
    const theirSite = await make.site(other);
    const bad = await admin('PUT', `/customers/${customer.id}/roles/${role.id}`, { siteId: theirSite.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: '/siteId' })]);
    const theirRole = await make.role(other);
    const theirCustomer = await make.customer(other);
    expect((await admin('PUT', `/customers/${customer.id}/roles/${theirRole.id}`, {})).statusCode).toBe(404);
    expect((await admin('PUT', `/customers/${theirCustomer.id}/roles/${role.id}`, {})).statusCode).toBe(404);
    expect((await admin('GET', `/customers/${theirCustomer.id}/roles`)).statusCode).toBe(404);
    expect(
      (await admin('DELETE', `/customers/${customer.id}/roles/${role.id}?siteId=${site.id}`)).statusCode,
    ).toBe(204);
  });
});

describe('GET /store/v1/me', () => {
  it('lists the codes of the groups and roles held now, a site-scoped role only on its site', async () => {
    const other = await make.site(t.tenant, { code: unique('second') });
    const me = await make.shopper(t.tenant);
    const everywhere = await make.role(t.tenant, { code: unique('wholesale') });
    const hereOnly = await make.role(t.tenant, { code: unique('trade-here') });
    const thereOnly = await make.role(t.tenant, { code: unique('trade-there') });
    const viaGroup = await make.role(t.tenant, { code: unique('vip-perk') });
    const vip = await make.group(t.tenant, { code: unique('vip'), roleIds: [viaGroup.id] });
    const lapsed = await make.group(t.tenant, { code: unique('lapsed'), roleIds: [thereOnly.id] });
    await make.customerRole(t.tenant, me.id, everywhere.id);
    await make.customerRole(t.tenant, me.id, hereOnly.id, t.tenant.siteId);
    await make.customerRole(t.tenant, me.id, thereOnly.id, other.id);
    await make.membership(t.tenant, me.id, vip.id);
    await make.membership(t.tenant, me.id, lapsed.id, { validFrom: inDays(-3), validTo: inDays(-1) });

    const here = (await t.app.inject({ method: 'GET', url: '/store/v1/me', headers: me.headers })).json();
    expect(here.groups).toEqual([vip.code]);
    expect(here.roles.sort()).toEqual([everywhere.code, hereOnly.code, viaGroup.code].sort());

    const login = await t.app.inject({
      method: 'POST',
      url: '/store/v1/auth/login',
      headers: { 'x-site-key': other.publishableKey },
      payload: { username: me.email, password: me.password },
    });
    expect(login.statusCode, login.body).toBe(200);
    const there = (
      await t.app.inject({
        method: 'GET',
        url: '/store/v1/me',
        headers: { 'x-site-key': other.publishableKey, authorization: `Bearer ${login.json().token}` },
      })
    ).json();
    expect(there.groups).toEqual([vip.code]);
    expect(there.roles.sort()).toEqual([everywhere.code, thereOnly.code, viaGroup.code].sort());
  });
});

describe('the membership job', () => {
  it('sends one reminder within the group’s days, then ends the membership once with an event', async () => {
    const customer = await make.customer(t.tenant, { firstName: 'Rita' });
    const perk = await make.role(t.tenant);
    const group = await make.group(t.tenant, { name: 'Reminded club', reminderDays: 7, roleIds: [perk.id] });
    const quiet = await make.group(t.tenant, { reminderDays: null });
    const far = await make.group(t.tenant, { reminderDays: 7 });
    await make.membership(t.tenant, customer.id, group.id, { validTo: inDays(3) });
    await make.membership(t.tenant, customer.id, quiet.id, { validTo: inDays(3) });
    await make.membership(t.tenant, customer.id, far.id, { validTo: inDays(30) });
    const logger = { info() {}, warn() {}, error() {} };

    const today = startMembershipJob({ db: t.handle.db, logger, everyMs: 0 });
    expect(await today.runOnce()).toBeGreaterThanOrEqual(1);
    await today.runOnce();
    await today.stop();
    const reminders = (await read.outbox(t.tenant, customer.email!)).filter(
      (e) => e.template === 'membershipEnding',
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.subject).toContain('Reminded club');
    expect(reminders[0]!.textBody).toContain('Hello Rita,');
    expect(reminders[0]!.textBody).toContain(inDays(3).slice(0, 10));

    const later = startMembershipJob({
      db: t.handle.db,
      logger,
      everyMs: 0,
      now: () => new Date(Date.now() + 4 * DAY),
    });
    expect(await later.runOnce()).toBeGreaterThanOrEqual(2);
    await later.runOnce();
    await later.stop();
    const expired = (await timeline(customer.id)).filter((e) => e.action === 'membership.expired');
    expect(expired.map((e) => e.data.groupId).sort()).toEqual([group.id, quiet.id].sort());
    // No second reminder, and the memberships still listed as expired.
    expect(
      (await read.outbox(t.tenant, customer.email!)).filter((e) => e.template === 'membershipEnding'),
    ).toHaveLength(1);

    // Renewing an expired membership makes it active again and lets a new end be processed.
    const renewed = await admin('PUT', `/customers/${customer.id}/groups/${group.id}`, {
      validTo: inDays(60),
    });
    expect(renewed.json()).toMatchObject({ active: true });
  });
});

describe('the customer filter', () => {
  it('finds active members with group eq, the rest with ne, anyone with a membership with pr', async () => {
    const lastName = unique('Filterson');
    const vip = await make.group(t.tenant, { code: unique('vip-filter') });
    const other = await make.group(t.tenant);
    const [member, lapsed, outsider, elsewhere] = await Promise.all(
      ['member', 'lapsed', 'outsider', 'elsewhere'].map((firstName) =>
        make.customer(t.tenant, { firstName, lastName }),
      ),
    );
    await make.membership(t.tenant, member!.id, vip.id);
    await make.membership(t.tenant, lapsed!.id, vip.id, { validFrom: inDays(-5), validTo: inDays(-1) });
    await make.membership(t.tenant, elsewhere!.id, other.id);
    const names = async (filter: string) => {
      const res = await admin(
        'GET',
        `/customers?limit=200&filter=${encodeURIComponent(`${filter} and lastName eq "${lastName}"`)}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as { firstName: string }[]).map((c) => c.firstName).sort();
    };
    expect(await names(`group eq "${vip.code.toUpperCase()}"`)).toEqual(['member']);
    expect(await names(`group ne "${vip.code}"`)).toEqual(['elsewhere', 'lapsed', 'outsider']);
    expect(await names('group pr')).toEqual(['elsewhere', 'member']);
    expect(await names('not (group pr)')).toEqual(['lapsed', 'outsider']);
    expect(await names('group eq "no-such-group"')).toEqual([]);
    const counted = await admin(
      'GET',
      `/customers?includeTotal=true&filter=${encodeURIComponent(`group eq "${vip.code}" and lastName eq "${lastName}"`)}`,
    );
    expect(counted.json()).toMatchObject({ total: 1 });
    expect(outsider).toBeTruthy();
  });

  it('finds holders of a role with role eq, directly or through an active group', async () => {
    const lastName = unique('Rolefilter');
    const wholesale = await make.role(t.tenant, { code: unique('wholesale-filter') });
    const viaGroup = await make.group(t.tenant, { roleIds: [wholesale.id] });
    const [direct, grouped, lapsed, none] = await Promise.all(
      ['direct', 'grouped', 'lapsed', 'none'].map((firstName) =>
        make.customer(t.tenant, { firstName, lastName }),
      ),
    );
    await make.customerRole(t.tenant, direct!.id, wholesale.id);
    await make.membership(t.tenant, grouped!.id, viaGroup.id);
    await make.membership(t.tenant, lapsed!.id, viaGroup.id, { validFrom: inDays(-5), validTo: inDays(-1) });
    const names = async (filter: string) =>
      (
        (
          await admin(
            'GET',
            `/customers?limit=200&filter=${encodeURIComponent(`${filter} and lastName eq "${lastName}"`)}`,
          )
        ).json().data as { firstName: string }[]
      )
        .map((c) => c.firstName)
        .sort();
    expect(await names(`role eq "${wholesale.code}"`)).toEqual(['direct', 'grouped']);
    expect(await names(`role ne "${wholesale.code}"`)).toEqual(['lapsed', 'none']);
    expect(await names('role pr')).toEqual(['direct', 'grouped']);
    expect(none).toBeTruthy();
  });

  it('answers a 400 at the position of an operator or value it does not take', async () => {
    const res = await admin(
      'GET',
      `/customers?filter=${encodeURIComponent('lastName pr and group co "vip"')}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('position 16');
    expect((await admin('GET', `/customers?filter=${encodeURIComponent('role eq 3')}`)).statusCode).toBe(400);
  });

  it.each([
    ['group eq "vip"', /group_members_(customer|group)/, /groups_code/],
    ['role eq "wholesale"', /customer_roles_(assignment|role)/, /group_members_(customer|group)/],
  ])('reads %s through the tenant-leading indexes', async (filter, first, second) => {
    const condition = compileFilter(parseFilter(filter), await belongingFilters(t.tenant.ctx));
    const query = t.handle.db
      .selectFrom('customers')
      .select('customers.id')
      .where('customers.tenantId', '=', t.tenant.id)
      .where(condition)
      .compile();
    const plan = await t.handle.db.transaction().execute(async (trx) => {
      // On a few rows a sequential scan is cheapest; switch it off to see which index fits.
      await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
      const result = await trx.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
      );
      return result.rows.map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan).toMatch(first);
    expect(plan).toMatch(second);
    expect(plan).not.toMatch(/Seq Scan on (group_members|customer_roles|groups|roles)/);
  });
});
