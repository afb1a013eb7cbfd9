import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/lib/filter/filter-parser.js';
import { compileFilter } from '../../src/lib/filter/filter-sql.js';
import { customerFilterAttributes } from '../../src/modules/customers/customers.repository.js';
import { seedCustomers } from '../../src/modules/seed/seed.service.js';
import { make, unique } from '../factories.js';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app.js';

let t: TestApp;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  other = await t.newTenant('tags-other');
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, payload?: object, headers = t.tenant.auth) =>
  t.app.inject({ method, url: `/admin/v1${url}`, headers, ...(payload ? { payload } : {}) });

const addTags = (id: string, tags: string[], headers = t.tenant.auth) =>
  call('POST', `/customers/${id}/tags`, { tags }, headers);
const tagUrl = (id: string, tag: string) => `/customers/${id}/tags/${encodeURIComponent(tag)}`;
const errorPaths = (res: { json(): { errors?: { path: string }[] } }) =>
  res.json().errors?.map((e) => e.path);
/** The customer's timeline after its creation (every customer's first entry is customer.created). */
const timeline = async (id: string) =>
  ((await call('GET', `/customers/${id}/timeline`)).json().data as { action: string; data: object }[]).filter(
    (e) => e.action !== 'customer.created',
  );
/** GET /tags as {tag: count}, in the order given. */
const tagCounts = async (query = '', headers = t.tenant.auth) => {
  const res = await call('GET', `/tags${query}`, undefined, headers);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().data as { tag: string; count: number }[]).map((row) => [row.tag, row.count]);
};
const countOf = async (tag: string, headers = t.tenant.auth) =>
  (await tagCounts(`?q=${encodeURIComponent(tag)}&limit=100`, headers)).find(
    ([name]) => String(name).toLowerCase() === tag.toLowerCase(),
  )?.[1] ?? 0;

describe('adding tags to a customer', () => {
  it('adds without overwriting, trims, keeps one per tag whatever its case, as first spelled', async () => {
    const customer = await make.customer(t.tenant, { tags: ['VIP', 'b2b'] });
    const res = await addTags(customer.id, ['  vip ', 'Wholesale', 'wholesale', 'Big Spender']);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().tags).toEqual(['VIP', 'b2b', 'Wholesale', 'Big Spender']);
    expect(res.headers.etag).toBe(res.json().etag);

    const read = (await call('GET', `/customers/${customer.id}`)).json();
    expect(read.tags).toEqual(['VIP', 'b2b', 'Wholesale', 'Big Spender']);
    expect(read.etag).toBe(res.json().etag);
    expect(read.etag).not.toBe(customer.etag);
    expect(Date.parse(read.updatedAt)).toBeGreaterThanOrEqual(Date.parse(customer.updatedAt));
    expect((await timeline(customer.id))[0]).toMatchObject({
      action: 'customer.tags_added',
      data: { tags: ['Wholesale', 'Big Spender'] },
      actor: { type: 'admin' },
    });
  });

  it('changes nothing when every tag is already there (same version, no event)', async () => {
    const customer = await make.customer(t.tenant, { tags: ['vip'] });
    const res = await addTags(customer.id, ['VIP', ' vip']);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ tags: ['vip'], etag: customer.etag });
    expect(await timeline(customer.id)).toEqual([]);
  });

  it('keeps both sides of two additions made at the same time', async () => {
    const customer = await make.customer(t.tenant, { tags: ['start'] });
    const [support, admin] = await Promise.all([t.tenant.as('support'), t.tenant.as('admin')]);
    const results = await Promise.all([
      addTags(customer.id, ['from-a1', 'from-a2'], support),
      addTags(customer.id, ['from-b'], admin),
      addTags(customer.id, ['from-c'], t.tenant.auth),
    ]);
    for (const res of results) expect(res.statusCode, res.body).toBe(200);
    const read = (await call('GET', `/customers/${customer.id}`)).json();
    expect([...read.tags].sort()).toEqual(['from-a1', 'from-a2', 'from-b', 'from-c', 'start']);
    expect(read.etag).toBe(`"${Number(JSON.parse(customer.etag)) + 3}"`);
  });

  it('refuses the 101st tag and a 65-character tag with a 400 naming the field', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `tag-${i}`);
    const full = await make.customer(t.tenant, { tags: hundred.slice(0, 60) });
    const over = await addTags(full.id, hundred.slice(59).concat('one-too-many'));
    expect(over.statusCode).toBe(400);
    expect(errorPaths(over)).toEqual(['/tags']);
    expect(over.json().errors[0].message).toMatch(/at most 100 tags.*has 60 and this adds 41/);
    expect((await addTags(full.id, hundred.slice(60))).json().tags).toHaveLength(100);
    const more = await addTags(full.id, ['Tag-0', 'another']);
    expect(more.statusCode).toBe(400);
    expect(errorPaths(more)).toEqual(['/tags']);
    // The same tag in another case is no new tag, even at the limit.
    expect((await addTags(full.id, ['TAG-99'])).statusCode).toBe(200);

    const long = await addTags(full.id, ['x'.repeat(65)]);
    expect(long.statusCode).toBe(400);
    expect(errorPaths(long)).toEqual(['/tags/0']);
    expect(
      (
        await addTags(
          full.id,
          Array.from({ length: 101 }, (_, i) => `n${i}`),
        )
      ).json().errors,
    ).toEqual([expect.objectContaining({ path: '/tags' })]);
    const blank = await addTags(full.id, ['  ']);
    expect(blank.statusCode).toBe(400);
    expect(errorPaths(blank)).toEqual(['/tags']);
    expect((await addTags(full.id, [])).statusCode).toBe(400);
  });

  it('applies the same rules to the customer’s own POST and PATCH', async () => {
    const created = await call('POST', '/customers', {
      lastName: 'Tagged',
      tags: [' Gold ', 'gold', 'GOLD', 'silver', '   '],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().tags).toEqual(['Gold', 'silver']);
    const id = created.json().id;

    const tooMany = await call('POST', '/customers', {
      lastName: 'Tagged',
      tags: Array.from({ length: 101 }, (_, i) => `t${i}`),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(errorPaths(tooMany)).toEqual(['/tags']);
    const tooLong = await call('PATCH', `/customers/${id}`, { tags: ['ok', 'y'.repeat(65)] });
    expect(tooLong.statusCode).toBe(400);
    expect(errorPaths(tooLong)).toEqual(['/tags/1']);
    expect(
      (
        await call('PATCH', `/customers/${id}`, { tags: Array.from({ length: 64 }, () => 'z'.repeat(64)) })
      ).json().tags,
    ).toEqual(['z'.repeat(64)]);

    const patched = await call('PATCH', `/customers/${id}`, { tags: ['Silver', 'Bronze'] });
    expect(patched.json().tags).toEqual(['Silver', 'Bronze']);
    const actions = (await timeline(id)).slice(0, 2).map((e) => [e.action, e.data]);
    expect(actions).toEqual([
      ['customer.tags_removed', { tags: ['z'.repeat(64)] }],
      ['customer.tags_added', { tags: ['Silver', 'Bronze'] }],
    ]);
  });

  it("answers 404 for another tenant's customer and 403 to a viewer, changing nothing", async () => {
    const theirs = await make.customer(other, { tags: ['theirs'] });
    const res = await addTags(theirs.id, ['mine']);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('customer.not_found');
    expect((await call('DELETE', tagUrl(theirs.id, 'theirs'))).statusCode).toBe(404);

    const mine = await make.customer(t.tenant);
    const viewer = await t.tenant.as('viewer');
    expect((await addTags(mine.id, ['x'], viewer)).statusCode).toBe(403);
    expect((await call('DELETE', tagUrl(mine.id, 'x'), undefined, viewer)).statusCode).toBe(403);
    expect((await call('GET', `/customers/${theirs.id}`, undefined, other.auth)).json().tags).toEqual([
      'theirs',
    ]);
  });
  it("leaves the staff's tags out of the shopper's own data export, as the profile does", async () => {
    const me = await make.shopper(t.tenant);
    await make.tags(t.tenant, me.id, ['Refund abuser']);
    const res = await t.app.inject({ method: 'GET', url: '/store/v1/me/export', headers: me.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().timeline).toContainEqual(
      expect.objectContaining({ action: 'customer.tags_added', data: {} }),
    );
    expect(res.body).not.toContain('Refund abuser');
  });
});

describe('removing a tag', () => {
  it('removes one tag named in the URL (encoded, any case), and records it', async () => {
    const customer = await make.customer(t.tenant, { tags: ['Big Spender', 'a/b', 'vip', '50% off'] });
    const res = await call('DELETE', tagUrl(customer.id, 'big spender'));
    expect(res.statusCode, res.body).toBe(204);
    expect((await call('DELETE', tagUrl(customer.id, 'A/B'))).statusCode).toBe(204);
    expect((await call('DELETE', tagUrl(customer.id, '50% off'))).statusCode).toBe(204);
    const read = (await call('GET', `/customers/${customer.id}`)).json();
    expect(read.tags).toEqual(['vip']);
    expect(read.etag).toBe(`"${Number(JSON.parse(customer.etag)) + 3}"`);
    expect((await timeline(customer.id)).at(-1)).toMatchObject({
      action: 'customer.tags_removed',
      data: { tags: ['Big Spender'] },
    });
  });

  it("answers 404 customer.tag_not_found for a tag the customer doesn't have", async () => {
    const customer = await make.customer(t.tenant, { tags: ['vip'] });
    const res = await call('DELETE', tagUrl(customer.id, 'gold'));
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('customer.tag_not_found');
    expect((await call('GET', `/customers/${customer.id}`)).json().etag).toBe(customer.etag);
    expect((await call('DELETE', tagUrl(customer.id, 'x'.repeat(65)))).statusCode).toBe(400);
  });
});

describe("the tenant's tags for completion", () => {
  it('counts customers per tag as tags are added and removed and customers come and go', async () => {
    const tag = unique('Counted');
    expect(await countOf(tag)).toBe(0);
    const first = await make.customer(t.tenant, { tags: [tag, 'other'] });
    expect(await countOf(tag)).toBe(1);
    const second = await make.customer(t.tenant);
    await make.tags(t.tenant, second.id, [tag.toUpperCase()]);
    expect(await countOf(tag)).toBe(2);
    // Shown as first spelled in the tenant.
    expect((await tagCounts(`?q=${tag}`))[0]).toEqual([tag, 2]);

    expect((await call('DELETE', tagUrl(second.id, tag))).statusCode).toBe(204);
    expect(await countOf(tag)).toBe(1);
    await call('PATCH', `/customers/${second.id}`, { tags: [tag, tag.toLowerCase()] });
    expect(await countOf(tag)).toBe(2);
    expect((await call('DELETE', `/customers/${second.id}`)).statusCode).toBe(204);
    expect(await countOf(tag)).toBe(1);
    expect((await call('PATCH', `/customers/${first.id}`, { tags: ['other'] })).statusCode).toBe(200);
    // Nobody holds it: gone, not listed with 0.
    expect(await countOf(tag)).toBe(0);
    expect(await tagCounts(`?q=${tag}`)).toEqual([]);
  });

  it('completes a case-insensitive prefix, most used first then A to Z, up to limit', async () => {
    const tenant = await t.newTenant('tags-completion');
    for (const tags of [['Vintage', 'vip'], ['VIP'], ['vip', 'gold'], ['vi_x'], ['v%'], ['Vintage']])
      await make.customer(tenant, { tags });
    expect(await tagCounts('', tenant.auth)).toEqual([
      ['vip', 3],
      ['Vintage', 2],
      ['gold', 1],
      ['v%', 1],
      ['vi_x', 1],
    ]);
    expect(await tagCounts('?q=VI', tenant.auth)).toEqual([
      ['vip', 3],
      ['Vintage', 2],
      ['vi_x', 1],
    ]);
    // LIKE's wildcards are plain characters in q.
    expect(await tagCounts('?q=vi_', tenant.auth)).toEqual([['vi_x', 1]]);
    expect(await tagCounts('?q=v%25', tenant.auth)).toEqual([['v%', 1]]);
    expect(await tagCounts('?q=%20&limit=2', tenant.auth)).toEqual([
      ['vip', 3],
      ['Vintage', 2],
    ]);
    expect(await tagCounts('?q=zzz', tenant.auth)).toEqual([]);
    // Another tenant's tags are not listed.
    expect(await tagCounts('?q=vintage')).toEqual([]);
    const viewer = await tenant.as('viewer');
    expect(await tagCounts('?limit=1', viewer)).toEqual([['vip', 3]]);
    for (const bad of ['?limit=101', '?limit=0', '?unknown=1']) {
      const res = await call('GET', `/tags${bad}`, undefined, tenant.auth);
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it('stays true for customers written without the service (the seeder) and removed in bulk', async () => {
    const tenant = await t.newTenant('tags-seeded');
    await seedCustomers(tenant.ctx, 300);
    await make.customer(tenant, { tags: ['b2b', 'B2B', 'extra'] });
    const truth = async () =>
      (
        await sql<{ tag: string; n: number }>`
          select lower(t) as tag, count(distinct c.id)::int as n
            from customers c cross join unnest(c.tags) as t
           where c.tenant_id = ${tenant.id} group by 1 order by 2 desc, 1`.execute(t.handle.db)
      ).rows.map((row) => [row.tag, row.n]);
    const counted = async () =>
      (await tagCounts('?limit=100', tenant.auth)).map(([tag, n]) => [String(tag).toLowerCase(), n]);
    expect((await truth()).length).toBeGreaterThan(1);
    expect(await counted()).toEqual(await truth());

    await t.handle.db
      .deleteFrom('customers')
      .where('tenantId', '=', tenant.id)
      .where(sql<boolean>`cardinality(tags) > 0`)
      .where(
        sql<boolean>`id in (select id from customers where tenant_id = ${tenant.id} order by id limit 100)`,
      )
      .execute();
    await t.handle.db
      .updateTable('customers')
      .set({ tags: sql`array_append(tags, 'bulk')` })
      .where('tenantId', '=', tenant.id)
      .execute();
    expect(await counted()).toEqual(await truth());
  });
});

describe('filtering by tag', () => {
  it('finds customers holding a tag in any case through the tag index, and ne is its complement', async () => {
    const tag = unique('Gold');
    await make.customer(other, { tags: [tag.toUpperCase()] });
    const mixed = await make.customer(t.tenant, { tags: ['b2b', tag.toLowerCase()] });
    const exact = await make.customer(t.tenant, { tags: [tag] });
    const none = await make.customer(t.tenant, { tags: [] });
    const longer = await make.customer(t.tenant, { tags: [`${tag}x`] });
    const ids = async (filter: string) => {
      const res = await call('GET', `/customers?limit=200&filter=${encodeURIComponent(filter)}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as { id: string }[]).map((row) => row.id);
    };
    // The other tenant's holder is in the index too; the tenant recheck drops it.
    expect((await ids(`tags eq "${tag.toUpperCase()}"`)).sort()).toEqual([mixed.id, exact.id].sort());
    const without = await ids(`tags ne "${tag}" and (id eq "${none.id}" or id eq "${longer.id}")`);
    expect(without.sort()).toEqual([none.id, longer.id].sort());
    expect(await ids(`tags ne "${tag}" and id eq "${exact.id}"`)).toEqual([]);
  });

  it('plans tags eq as a read of the GIN index on the lower-cased tags', async () => {
    const condition = compileFilter(parseFilter('tags eq "VIP"'), customerFilterAttributes(t.tenant.ctx));
    const query = t.handle.db
      .selectFrom('customers')
      .select('customers.id')
      .where('customers.tenantId', '=', t.tenant.id)
      .where(condition)
      .compile();
    const plan = await t.handle.db.transaction().execute(async (trx) => {
      // On a few rows a sequential scan is cheapest; switch it off to see whether the index fits.
      await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
      const result = await trx.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
      );
      return result.rows.map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan).toContain('customers_tag_keys');
  });
});
