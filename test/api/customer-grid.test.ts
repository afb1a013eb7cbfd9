import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make, unique } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('grid-other');
});
afterAll(() => t.close());

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

type Row = { id: string; lastName: string | null; groups: string[]; tags: string[] };
const grid = async (query: string, auth = t.tenant.auth) => {
  const res = await t.app.inject({ method: 'GET', url: `/admin/v1/customers?${query}`, headers: auth });
  expect(res.statusCode).toBe(200);
  return res.json().data as Row[];
};

describe('the customer grid page', () => {
  it("carries each row's active groups, A to Z, and not expired or future ones", async () => {
    const lastName = unique('Grid');
    const [zeta, alpha, lapsed, later] = await Promise.all(
      ['zeta', 'alpha', 'lapsed', 'later'].map((c) => make.group(t.tenant, { code: unique(c) })),
    );
    const member = await make.customer(t.tenant, { lastName, firstName: 'Member' });
    const outsider = await make.customer(t.tenant, { lastName, firstName: 'Outsider' });
    await make.membership(t.tenant, member.id, zeta!.id);
    await make.membership(t.tenant, member.id, alpha!.id, { validTo: inDays(30) });
    await make.membership(t.tenant, member.id, lapsed!.id, { validFrom: inDays(-10), validTo: inDays(-1) });
    await make.membership(t.tenant, outsider.id, lapsed!.id, { validFrom: inDays(-10), validTo: inDays(-1) });
    await make.membership(t.tenant, outsider.id, later!.id, { validFrom: inDays(2) });

    const rows = await grid(`q=${lastName}&sort=firstName`);
    expect(rows.map((r) => [r.id, r.groups])).toEqual([
      [member.id, [alpha!.code, zeta!.code]],
      [outsider.id, []],
    ]);

    // The group filter and the column agree: only the active member matches.
    const filtered = await grid(`q=${lastName}&filter=${encodeURIComponent(`group eq "${zeta!.code}"`)}`);
    expect(filtered.map((r) => r.id)).toEqual([member.id]);
    expect(await grid(`q=${lastName}&filter=${encodeURIComponent(`group eq "${lapsed!.code}"`)}`)).toEqual(
      [],
    );
  });

  it('carries groups on a segment view and on every page of a long list, each from its own tenant', async () => {
    const lastName = unique('Paged');
    const group = await make.group(t.tenant, { code: unique('paged') });
    const customers = [];
    for (let n = 0; n < 5; n++)
      customers.push(await make.customer(t.tenant, { lastName, firstName: `N${n}` }));
    for (const c of customers.slice(0, 3)) await make.membership(t.tenant, c.id, group.id);
    // Another tenant's group of the same code never shows on this tenant's rows.
    const theirs = await make.group(other, { code: group.code });
    const theirCustomer = await make.customer(other, { lastName });
    await make.membership(other, theirCustomer.id, theirs.id);

    const first = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/customers?q=${lastName}&sort=firstName&limit=2`,
      headers: t.tenant.auth,
    });
    const page = first.json();
    expect(page.data.map((r: Row) => r.groups)).toEqual([[group.code], [group.code]]);
    const rest = await grid(
      `q=${lastName}&sort=firstName&limit=10&cursor=${encodeURIComponent(page.nextCursor)}`,
    );
    expect(rest.map((r) => r.groups)).toEqual([[group.code], [], []]);

    const segment = await t.app.inject({
      method: 'POST',
      url: '/admin/v1/segments',
      headers: t.tenant.auth,
      payload: { name: unique('Members'), filter: `group eq "${group.code}"` },
    });
    expect(segment.statusCode).toBe(201);
    const members = await grid(`segment=${segment.json().id}&q=${lastName}&sort=firstName`);
    expect(members.map((r) => [r.id, r.groups])).toEqual(
      customers.slice(0, 3).map((c) => [c.id, [group.code]]),
    );

    expect((await grid(`q=${lastName}`, other.auth)).map((r) => [r.id, r.groups])).toEqual([
      [theirCustomer.id, [group.code]],
    ]);
  });

  it("carries each registered customer's account, as its own page shows it, on plain, filtered and searched pages", async () => {
    // A tenant of its own, so the plain page (no filter, no search) holds just these customers.
    const own = await t.newTenant('grid-accounts');
    const lastName = unique('Acct');
    const group = await make.group(own, { code: unique('acct') });
    const registered = await make.registeredCustomer(own, {
      lastName,
      firstName: 'A',
      password: 'a long password 1',
    });
    const guest = await make.customer(own, { lastName, firstName: 'B' });
    await make.membership(own, guest.id, group.id);
    const single = await t.app.inject({ url: `/admin/v1/customers/${registered.id}`, headers: own.auth });
    const account = single.json().account;
    expect(account).toMatchObject({ hasPassword: true, locked: false, failedSignIns: 0 });
    expect(account.passwordChangedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    type WithAccount = Row & { account: unknown };
    for (const query of [
      'sort=firstName',
      `sort=firstName&filter=${encodeURIComponent(`lastName eq "${lastName}"`)}`,
      `sort=firstName&q=${lastName}`,
    ]) {
      const rows = (await grid(query, own.auth)) as WithAccount[];
      expect(
        rows.map((r) => [r.id, r.account, r.groups]),
        query,
      ).toEqual([
        [registered.id, account, []],
        [guest.id, null, [group.code]],
      ]);
    }
  });
});
