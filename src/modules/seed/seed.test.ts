import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.js';
import type { DatabaseHandle } from '../../db/database.js';
import { type RequestContext, systemContext } from '../../lib/context.js';
import { isStateOf } from '../../lib/geo.js';
import { toE164 } from '../../lib/phone.js';
import { listCustomers } from '../customers/customers.service.js';
import { ensureDefaultTenant } from '../tenants/tenants.service.js';
import { seedCustomers } from './seed.service.js';

const COUNT = 2000;

let handle: DatabaseHandle;
let ctx: RequestContext;
let progress: number[];

beforeAll(async () => {
  handle = await createTestDatabase();
  const tenant = await ensureDefaultTenant(handle.db);
  ctx = systemContext(handle.db, tenant.id);
  progress = [];
  const created = await seedCustomers(ctx, COUNT, {
    batchSize: 700,
    onProgress: (done) => progress.push(done),
  });
  expect(created).toBe(COUNT);
});
afterAll(() => handle.close());

const customers = () =>
  ctx.db
    .selectFrom('customers')
    .select(['id', 'isRegistered', 'email', 'phone', 'countryCode', 'stateCode', 'lastName', 'createdAt'])
    .where('tenantId', '=', ctx.tenantId)
    .execute();

describe('seedCustomers', () => {
  it('writes every customer in batches and reports progress after each', async () => {
    expect(await customers()).toHaveLength(COUNT);
    expect(progress).toEqual([700, 1400, 2000]);
  });

  it('gives each customer exactly one default billing address, copied into its country and state', async () => {
    const rows = await ctx.db
      .selectFrom('customers as c')
      .leftJoin('addresses as a', (join) =>
        join
          .onRef('a.tenantId', '=', 'c.tenantId')
          .onRef('a.customerId', '=', 'c.id')
          .on('a.isDefaultBilling', '=', true),
      )
      .select([
        'c.id',
        'c.countryCode as customerCountry',
        'c.stateCode as customerState',
        'a.countryCode as addressCountry',
        'a.stateCode as addressState',
      ])
      .where('c.tenantId', '=', ctx.tenantId)
      .execute();
    expect(rows).toHaveLength(COUNT);
    for (const row of rows) {
      expect(row.addressCountry).not.toBeNull();
      expect(row.customerCountry).toBe(row.addressCountry);
      expect(row.customerState).toBe(row.addressState);
    }
    const countries = new Set(rows.map((r) => r.customerCountry));
    expect([...countries].sort()).toEqual(['AU', 'CA', 'CZ', 'DE', 'FR', 'GB', 'US']);
  });

  it('makes valid E.164 phones and ISO 3166-2 states for the address country', async () => {
    for (const c of await customers()) {
      expect(toE164(c.phone!, c.countryCode)).toBe(c.phone);
      if (c.stateCode) expect(isStateOf(c.stateCode, c.countryCode!)).toBe(true);
    }
  });

  it('registers about 30% with distinct lower-case emails, and spreads creation over three years', async () => {
    const all = await customers();
    const registered = all.filter((c) => c.isRegistered);
    expect(registered.length / COUNT).toBeGreaterThan(0.25);
    expect(registered.length / COUNT).toBeLessThan(0.35);
    expect(new Set(registered.map((c) => c.email)).size).toBe(registered.length);
    for (const c of all) expect(c.email).toBe(c.email!.toLowerCase());
    const times = all.map((c) => new Date(c.createdAt).getTime());
    const span = Math.max(...times) - Math.min(...times);
    expect(span / (365 * 24 * 3600 * 1000)).toBeGreaterThan(2.9);
  });

  it('makes `mail` a common search (~25%) for the benchmark', async () => {
    const { n } = await ctx.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .where(sql<boolean>`search_text like '%mail%'`)
      .executeTakeFirstOrThrow();
    expect(Number(n) / COUNT).toBeGreaterThan(0.2);
    expect(Number(n) / COUNT).toBeLessThan(0.3);
  });

  it('keeps registered emails distinct when seeding the same tenant again', async () => {
    await seedCustomers(ctx, 300);
    const duplicates = await ctx.db
      .selectFrom('customers')
      .select((eb) => [sql<string>`lower(email)`.as('email'), eb.fn.countAll<number>().as('n')])
      .where('tenantId', '=', ctx.tenantId)
      .where('isRegistered', '=', true)
      .groupBy(sql`lower(email)`)
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(duplicates).toEqual([]);
  });

  it('pages through every customer in last-name order with the list service', async () => {
    const expected = await ctx.db
      .selectFrom('customers')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .orderBy(sql`coalesce(last_name, '')`)
      .orderBy('id')
      .execute();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await listCustomers(ctx, {
        sort: 'lastName',
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...result.data.map((c) => c.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(expected.map((r) => r.id));
  });
});
