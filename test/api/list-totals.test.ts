import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTotals } from '../../src/lib/list/paginate.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

// Totals past the counted cap (10,000 in production) are the planner's estimate, said "about":
// the cap is lowered here so that a few dozen rows reach it.
const CAP = 20;
let t: TestApp;
beforeAll(async () => {
  listTotals.cap = CAP;
  t = await createTestApp();
  for (let i = 0; i < 40; i++) {
    const customer = await make.customer(t.tenant, { lastName: i < 3 ? 'Rare' : 'Common' });
    await make.order(t.tenant, { customerId: customer.id, status: i < 3 ? 'paid' : 'placed' });
  }
  await sql`analyze customers`.execute(t.handle.db);
  await sql`analyze orders`.execute(t.handle.db);
});
afterAll(() => t.close());

const get = async (url: string) => {
  const res = await t.app.inject({ url: `/admin/v1${url}`, headers: t.tenant.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    data: unknown[];
    total?: number;
    totalIsEstimate?: boolean;
    totalIsLowerBound?: boolean;
  };
};

describe('list totals', () => {
  it("are the planner's estimate past the cap, never below it, and exact under it", async () => {
    const all = await get('/customers?includeTotal=true&limit=5');
    expect(all.totalIsEstimate).toBe(true);
    expect(all.total).toBeGreaterThan(CAP);
    expect(all.total).toBeLessThan(400);
    expect(all.totalIsLowerBound).toBeUndefined();

    const rare = await get(`/customers?includeTotal=true&filter=${encodeURIComponent('lastName eq "Rare"')}`);
    expect(rare).toMatchObject({ total: 3 });
    expect(rare.totalIsEstimate).toBeUndefined();

    expect((await get('/customers?limit=5')).total).toBeUndefined();
  });

  it('count the orders list the same way, filtered by what its pages show', async () => {
    const all = await get('/orders?includeTotal=true&limit=5');
    expect(all.totalIsEstimate).toBe(true);
    expect(all.total).toBeGreaterThan(CAP);
    const paid = await get('/orders?includeTotal=true&status=paid');
    expect(paid).toMatchObject({ total: 3 });
    expect(paid.data).toHaveLength(3);
    expect((await get('/orders?limit=5')).total).toBeUndefined();
  });
});
