import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListPlanSettings } from '../../src/lib/list/plan.js';
import { orderSearch } from '../../src/modules/orders/orders.repository.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { everyPage, LIST_PLANS, underListPlan } from '../helpers/list.js';

let t: TestApp;

const address = (firstName: string, lastName: string) => ({
  firstName,
  lastName,
  line1: '1 High Street',
  city: 'Leeds',
  countryCode: 'GB',
});

beforeAll(async () => {
  t = await createTestApp();
  const day = (n: number) => new Date(Date.UTC(2026, 0, n)).toISOString();
  const orders = [
    {
      number: '10000005',
      email: 'ann.brown@example.org',
      billingAddress: address('Ann', 'Brown'),
      placedAt: day(1),
    },
    {
      number: '10000015',
      email: 'zoe@example.com',
      billingAddress: address('Zoë', 'Bäcker'),
      placedAt: day(2),
    },
    {
      number: '20000005',
      email: 'gift@example.com',
      billingAddress: address('Tom', 'Smith'),
      shippingAddress: address('Rosa', 'Brownlow'),
      placedAt: day(3),
    },
    { number: 'WEB-7', email: 'plain@example.com', billingAddress: null, placedAt: day(4) },
  ];
  for (const { email, ...order } of orders) await make.order(t.tenant, { ...order, customer: { email } });
}, 60_000);
afterAll(() => t.close());

const search = (q: string) =>
  everyPage(t, `/admin/v1/orders?q=${encodeURIComponent(q)}&limit=1`, (o: { number: string }) => o.number);

const PLANS: [string, Partial<ListPlanSettings>][] = [
  ['collect', LIST_PLANS.collect],
  ['walk', LIST_PLANS.walk],
  ['walk, small budget', LIST_PLANS.walkWithBudget(2)],
];

describe.each(PLANS)('orders search (%s)', (_plan, settings) => {
  underListPlan(settings);

  // Newest first, as the Orders page lists them.
  it.each([
    ['10000005', ['10000005']],
    ['0005', ['20000005', '10000005']],
    ['000001', ['10000015']],
    ['Brown', ['20000005', '10000005']],
    ['brown@', ['10000005']],
    ['EXAMPLE.COM', ['WEB-7', '20000005', '10000015']],
    ['backer', ['10000015']],
    ['Zoë Bäcker', ['10000015']],
    ['rosa', ['20000005']],
    ['web-7', ['WEB-7']],
    ['0_05', []],
    ['nobody', []],
  ])('"%s" finds %j', async (q, numbers) => {
    expect(await search(q)).toEqual(numbers);
  });
});

it('counts what it finds', async () => {
  const res = await t.app.inject({
    method: 'GET',
    url: '/admin/v1/orders?q=brown&includeTotal=true',
    headers: t.tenant.auth,
  });
  expect(res.json()).toMatchObject({ total: 2 });
});

it('collects a rare fragment through orders_search_trgm', async () => {
  const query = t.handle.db.selectFrom('orders').select('id').where(orderSearch('Bäcker')!).compile();
  const plan = await t.handle.db.transaction().execute(async (trx) => {
    // On a few rows a scan is cheapest; switch scans off to see whether the trigram index fits.
    await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
    await trx.executeQuery(CompiledQuery.raw('set local enable_indexscan = off'));
    const result = await trx.executeQuery<Record<string, string>>(
      CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
    );
    return result.rows.map((row) => Object.values(row)[0]).join('\n');
  });
  expect(plan).toMatch(/Bitmap Index Scan on orders_search_trgm/);
  expect(plan).toMatch(/'%backer%'::text/);
});
