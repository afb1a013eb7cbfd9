import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/lib/context.js';
import { expireDueCredit, returnCreditForOrder } from '../../src/modules/credit/credit.service.js';
import { startCreditExpiryJob } from '../../src/worker/credit-expiry-job.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Headers = Record<string, string>;
const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const post = (
  url: string,
  payload: object,
  key: string | null = randomUUID(),
  headers: Headers = t.tenant.auth,
) =>
  t.app.inject({
    method: 'POST',
    url: `/admin/v1${url}`,
    headers: { ...headers, ...(key === null ? {} : { 'idempotency-key': key }) },
    payload,
  });

const addCredit = (customerId: string, payload: object, key?: string | null, headers?: Headers) =>
  post(`/customers/${customerId}/credit`, payload, key, headers);

const redeem = (customerId: string, payload: object, key?: string | null, headers?: Headers) =>
  post(`/customers/${customerId}/credit/redeem`, payload, key, headers);

const get = (url: string, headers: Headers = t.tenant.auth) =>
  t.app.inject({ method: 'GET', url: `/admin/v1${url}`, headers });

async function balanceOf(customerId: string, currency = 'USD') {
  const res = await get(`/customers/${customerId}/credit`);
  expect(res.statusCode, res.body).toBe(200);
  const row = (res.json().balances as { currency: string; balance: number }[]).find(
    (b) => b.currency === currency,
  );
  return row?.balance ?? null;
}

/** Every entry of a customer, newest first, following the cursor. */
async function allEntries(customerId: string) {
  const entries: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(
      `/customers/${customerId}/credit/entries?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    entries.push(...res.json().data);
    cursor = res.json().nextCursor;
  } while (cursor);
  return entries;
}

/** What the ledger says, read from the tables: the balance, the sum of entries, what grants hold. */
async function ledger(customerId: string, currency = 'USD') {
  const row = await sql<{ entries: number; remaining: number; balance: number | null }>`
    select
      coalesce((select sum(amount_minor) from credit_entries where customer_id = ${customerId} and currency = ${currency}), 0)::bigint as entries,
      coalesce((select sum(remaining_minor) from credit_entries where customer_id = ${customerId} and currency = ${currency}), 0)::bigint as remaining,
      (select balance_minor from credit_balances where customer_id = ${customerId} and currency = ${currency}) as balance
  `.execute(t.handle.db);
  return row.rows[0]!;
}

describe('issuing and deducting credit', () => {
  it('issues, deducts and keeps the balance per currency', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const issued = await addCredit(id, {
      amount: 1000,
      currency: 'USD',
      reason: 'Goodwill',
      reference: 'T-1',
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({
      entry: {
        kind: 'issue',
        amount: 1000,
        currency: 'USD',
        remaining: 1000,
        reason: 'Goodwill',
        reference: 'T-1',
      },
      balance: { currency: 'USD', balance: 1000 },
    });
    expect(issued.json().entry.actor.type).toBe('admin');

    const deducted = await addCredit(id, { amount: -300, currency: 'USD', reason: 'Issued by mistake' });
    expect(deducted.statusCode, deducted.body).toBe(201);
    expect(deducted.json()).toMatchObject({
      entry: { kind: 'deduct', amount: -300, remaining: null, expiresAt: null, orderId: null },
      balance: { balance: 700 },
    });
    expect((await addCredit(id, { amount: 250, currency: 'EUR', reason: 'Other shop' })).statusCode).toBe(
      201,
    );

    const balances = await get(`/customers/${id}/credit`);
    expect(balances.json()).toEqual({
      balances: [
        { currency: 'EUR', balance: 250 },
        { currency: 'USD', balance: 700 },
      ],
    });
    const entries = await allEntries(id);
    expect(entries.map((e) => [e.kind, e.amount, e.currency])).toEqual([
      ['issue', 250, 'EUR'],
      ['deduct', -300, 'USD'],
      ['issue', 1000, 'USD'],
    ]);
    expect(entries[2]).toMatchObject({ remaining: 700 });
    const usd = await get(`/customers/${id}/credit/entries?currency=USD`);
    expect(usd.json().data).toHaveLength(2);
  });

  it('keeps a balance that fell to zero in the list', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    await addCredit(id, { amount: 40, currency: 'GBP', reason: 'Gift' });
    await addCredit(id, { amount: -40, currency: 'GBP', reason: 'Taken back' });
    expect((await get(`/customers/${id}/credit`)).json()).toEqual({
      balances: [{ currency: 'GBP', balance: 0 }],
    });
  });

  it('refuses bad entries with 400 naming the field', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const cases: [object, string][] = [
      [{ amount: 0, currency: 'USD', reason: 'x' }, '/amount'],
      [{ amount: 10, currency: 'ZZZ', reason: 'x' }, '/currency'],
      [{ amount: 10, currency: 'USD', reason: '   ' }, '/reason'],
      [{ amount: 10, currency: 'USD', reason: '' }, '/reason'],
      [{ amount: 10, currency: 'USD', reason: 'x'.repeat(501) }, '/reason'],
      [{ amount: 1.5, currency: 'USD', reason: 'x' }, '/amount'],
      [{ amount: 1_000_000_000_001, currency: 'USD', reason: 'x' }, '/amount'],
      [{ amount: 10, currency: 'USD', reason: 'x', expiresAt: inDays(-1) }, '/expiresAt'],
      [{ amount: -10, currency: 'USD', reason: 'x', expiresAt: inDays(5) }, '/expiresAt'],
    ];
    for (const [payload, path] of cases) {
      const res = await addCredit(id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const several = await addCredit(id, { amount: 0, currency: 'ZZZ', reason: ' ' });
    expect(several.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/amount',
      '/currency',
      '/reason',
    ]);
    expect(await balanceOf(id)).toBeNull();
  });

  it('refuses a deduction larger than the balance with 422, writing nothing', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    await addCredit(id, { amount: 700, currency: 'USD', reason: 'Start' });
    const before = await allEntries(id);
    const res = await addCredit(id, { amount: -701, currency: 'USD', reason: 'Too much' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'credit.insufficient', status: 422 });
    expect(res.json().detail).toContain('balance is 700');
    expect(await allEntries(id)).toEqual(before);
    expect(await balanceOf(id)).toBe(700);

    // A currency never used has no balance at all, and a refused deduction does not start one.
    const euros = await addCredit(id, { amount: -1, currency: 'EUR', reason: 'None there' });
    expect(euros.statusCode).toBe(422);
    expect(euros.json().detail).toContain('balance is 0');
    expect((await get(`/customers/${id}/credit`)).json().balances).toEqual([
      { currency: 'USD', balance: 700 },
    ]);

    expect((await addCredit(id, { amount: -700, currency: 'USD', reason: 'All of it' })).statusCode).toBe(
      201,
    );
    expect(await balanceOf(id)).toBe(0);
  });
});

describe('idempotency', () => {
  it('replays the first answer for the same key and body, and moves money once', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const key = randomUUID();
    const body = { amount: 500, currency: 'USD', reason: 'Once only' };
    const first = await addCredit(id, body, key);
    const again = await addCredit(id, body, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.json()).toEqual(first.json());
    expect(await allEntries(id)).toHaveLength(1);
    expect(await balanceOf(id)).toBe(500);
    const stored = await t.handle.db
      .selectFrom('creditEntries')
      .select('idempotencyKey')
      .where('id', '=', first.json().entry.id)
      .executeTakeFirstOrThrow();
    expect(stored.idempotencyKey).toBe(key);
  });

  it('answers 422 for the same key with another body, and 400 without a key', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const key = randomUUID();
    await addCredit(id, { amount: 500, currency: 'USD', reason: 'First' }, key);
    const other = await addCredit(id, { amount: 600, currency: 'USD', reason: 'First' }, key);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency.key_reused');
    const otherCustomer = await addCredit(
      (await make.customer(t.tenant, { lastName: 'Credit' })).id,
      { amount: 500, currency: 'USD', reason: 'First' },
      key,
    );
    expect(otherCustomer.statusCode).toBe(422);

    const missing = await addCredit(id, { amount: 1, currency: 'USD', reason: 'x' }, null);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ path: '/idempotency-key', in: 'header' });
    const missingRedeem = await redeem(
      id,
      {
        orderId: (await make.order(t.tenant, { customerId: id, total: 10_000 })).id,
        amount: 1,
        currency: 'USD',
      },
      null,
    );
    expect(missingRedeem.statusCode).toBe(400);
    expect(await balanceOf(id)).toBe(500);
  });

  it('frees the key of a refused request, so a corrected retry can use it', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const key = randomUUID();
    const refused = await addCredit(id, { amount: -50, currency: 'USD', reason: 'Too early' }, key);
    expect(refused.statusCode).toBe(422);
    await addCredit(id, { amount: 80, currency: 'USD', reason: 'Top-up' });
    const retried = await addCredit(id, { amount: -50, currency: 'USD', reason: 'Too early' }, key);
    expect(retried.statusCode, retried.body).toBe(201);
    expect(await balanceOf(id)).toBe(30);
  });
});

describe('roles', () => {
  it('lets viewers read and support agents move credit', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const viewer = await t.tenant.as('viewer');
    const support = await t.tenant.as('support');
    expect(
      (await addCredit(id, { amount: 5, currency: 'USD', reason: 'x' }, undefined, viewer)).statusCode,
    ).toBe(403);
    expect(
      (
        await redeem(
          id,
          {
            orderId: (await make.order(t.tenant, { customerId: id, total: 10_000 })).id,
            amount: 1,
            currency: 'USD',
          },
          undefined,
          viewer,
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (await addCredit(id, { amount: 5, currency: 'USD', reason: 'x' }, undefined, support)).statusCode,
    ).toBe(201);
    expect((await get(`/customers/${id}/credit`, viewer)).statusCode).toBe(200);
    expect((await get(`/customers/${id}/credit/entries`, viewer)).statusCode).toBe(200);
  });
});

describe('redeeming credit on an order', () => {
  it('spends credit on an order of this customer, once per key', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const orderId = (await make.order(t.tenant, { customerId: id, total: 5000 })).id;
    await addCredit(id, { amount: 3000, currency: 'USD', reason: 'Refund as credit' });
    const key = randomUUID();
    const res = await redeem(id, { orderId, amount: 1200, currency: 'USD' }, key);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      entry: { kind: 'redeem', amount: -1200, orderId, currency: 'USD' },
      balance: { balance: 1800 },
    });
    const replay = await redeem(id, { orderId, amount: 1200, currency: 'USD' }, key);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await balanceOf(id)).toBe(1800);
  });

  it("refuses another customer's order, another currency, more than the order or the balance, and closed orders", async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const someoneElse = (await make.customer(t.tenant, { lastName: 'Else' })).id;
    await addCredit(id, { amount: 3000, currency: 'USD', reason: 'Credit' });
    const theirs = (await make.order(t.tenant, { customerId: someoneElse, total: 10_000 })).id;
    const mine = (await make.order(t.tenant, { customerId: id, total: 1000 })).id;
    const cancelled = (await make.order(t.tenant, { customerId: id, total: 10_000, status: 'cancelled' })).id;
    const cases: [object, string][] = [
      [{ orderId: theirs, amount: 10, currency: 'USD' }, 'credit.unknown_order'],
      [{ orderId: randomUUID(), amount: 10, currency: 'USD' }, 'credit.unknown_order'],
      [{ orderId: mine, amount: 10, currency: 'EUR' }, 'credit.currency_mismatch'],
      [{ orderId: mine, amount: 1001, currency: 'USD' }, 'credit.exceeds_order'],
      [{ orderId: cancelled, amount: 10, currency: 'USD' }, 'credit.order_closed'],
      [
        {
          orderId: (await make.order(t.tenant, { customerId: id, total: 1_000_000 })).id,
          amount: 3001,
          currency: 'USD',
        },
        'credit.insufficient',
      ],
    ];
    for (const [payload, code] of cases) {
      const res = await redeem(id, payload);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().code).toBe(code);
    }
    // What credit already pays of an order counts toward its total.
    expect((await redeem(id, { orderId: mine, amount: 600, currency: 'USD' })).statusCode).toBe(201);
    const over = await redeem(id, { orderId: mine, amount: 401, currency: 'USD' });
    expect(over.json()).toMatchObject({ code: 'credit.exceeds_order' });
    expect(over.json().detail).toContain('at most 400');
    expect(await balanceOf(id)).toBe(2400);
    expect((await allEntries(id)).map((e) => e.kind)).toEqual(['redeem', 'issue']);
  });

  it('gives credit spent on an order back once when the order is cancelled, as credit that does not expire', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const orderId = (await make.order(t.tenant, { customerId: id, total: 9000 })).id;
    await addCredit(id, { amount: 2000, currency: 'USD', reason: 'Expiring', expiresAt: inDays(3) });
    await redeem(id, { orderId, amount: 1500, currency: 'USD' });
    await redeem(id, { orderId, amount: 300, currency: 'USD' });
    expect(await balanceOf(id)).toBe(200);

    const returned = await inTransaction(t.tenant.ctx, (trx) => returnCreditForOrder(trx, orderId));
    expect(returned).toHaveLength(1);
    expect(returned[0]).toMatchObject({
      kind: 'return',
      amount: 1800,
      remaining: 1800,
      expiresAt: null,
      orderId,
      actor: { type: 'system' },
    });
    expect(await balanceOf(id)).toBe(2000);
    expect(await inTransaction(t.tenant.ctx, (trx) => returnCreditForOrder(trx, orderId))).toEqual([]);
    expect(await balanceOf(id)).toBe(2000);
    // The returned credit outlives the expiring grant it came from.
    expect(await expireDueCredit(t.handle.db, new Date(Date.now() + 10 * DAY))).toBe(1);
    expect(await balanceOf(id)).toBe(1800);
    // A rolled-back cancellation gives nothing back.
    const second = (await make.order(t.tenant, { customerId: id, total: 9000 })).id;
    await redeem(id, { orderId: second, amount: 800, currency: 'USD' });
    await expect(
      inTransaction(t.tenant.ctx, async (trx) => {
        await returnCreditForOrder(trx, second);
        throw new Error('cancellation failed');
      }),
    ).rejects.toThrow('cancellation failed');
    expect(await balanceOf(id)).toBe(1000);
    expect(await returnCreditForOrder(t.tenant.ctx, randomUUID())).toEqual([]);
  });
});

describe('spending order and expiry', () => {
  it('spends the soonest-expiring credit first, then the oldest that never expires', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const issue = async (amount: number, expiresAt?: string) =>
      (
        await addCredit(id, { amount, currency: 'USD', reason: 'Grant', ...(expiresAt ? { expiresAt } : {}) })
      ).json().entry.id as string;
    const never1 = await issue(100);
    const late = await issue(100, inDays(30));
    const soon = await issue(100, inDays(2));
    const never2 = await issue(100);
    const soonToo = await issue(100, inDays(2));
    await addCredit(id, { amount: -250, currency: 'USD', reason: 'Spend' });
    const remaining = async () =>
      Object.fromEntries(
        (await allEntries(id)).filter((e) => e.kind === 'issue').map((e) => [e.id, e.remaining]),
      );
    // soon (oldest of the two due in 2 days), soonToo, then half of late.
    expect(await remaining()).toEqual({ [soon]: 0, [soonToo]: 0, [late]: 50, [never1]: 100, [never2]: 100 });
    await redeem(id, {
      orderId: (await make.order(t.tenant, { customerId: id, total: 10_000 })).id,
      amount: 100,
      currency: 'USD',
    });
    expect(await remaining()).toEqual({ [soon]: 0, [soonToo]: 0, [late]: 0, [never1]: 50, [never2]: 100 });
  });

  it('expires exactly what is left when the clock passes the expiry, once', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const grant = (
      await addCredit(id, { amount: 1000, currency: 'USD', reason: 'Promo', expiresAt: inDays(7) })
    ).json().entry.id;
    await addCredit(id, { amount: 400, currency: 'USD', reason: 'Keeps' });
    await addCredit(id, { amount: -300, currency: 'USD', reason: 'Spent some' });
    expect(await balanceOf(id)).toBe(1100);

    expect(await expireDueCredit(t.handle.db, new Date(Date.now() + 6 * DAY))).toBe(0);
    expect(await balanceOf(id)).toBe(1100);

    const later = new Date(Date.now() + 8 * DAY);
    expect(await expireDueCredit(t.handle.db, later)).toBe(1);
    const [expiry] = await allEntries(id);
    expect(expiry).toMatchObject({
      kind: 'expire',
      amount: -700,
      currency: 'USD',
      reference: grant,
      actor: { type: 'system', id: 'system' },
    });
    expect(await balanceOf(id)).toBe(400);
    expect(await expireDueCredit(t.handle.db, later)).toBe(0);
    expect(await balanceOf(id)).toBe(400);
    expect(await ledger(id)).toEqual({ entries: 400, remaining: 400, balance: 400 });
    const timeline = await get(`/customers/${id}/timeline`);
    expect(timeline.json().data[0]).toMatchObject({
      action: 'credit.expired',
      data: { amount: -700, balance: 400 },
    });
  });

  it('expires nothing of credit spent in full', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    await addCredit(id, { amount: 100, currency: 'USD', reason: 'Promo', expiresAt: inDays(1) });
    await addCredit(id, { amount: -100, currency: 'USD', reason: 'Spent' });
    expect(await expireDueCredit(t.handle.db, new Date(Date.now() + 2 * DAY))).toBe(0);
    expect((await allEntries(id)).map((e) => e.kind)).toEqual(['deduct', 'issue']);
  });

  it('runs in the worker job with its clock, in batches', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    for (let i = 0; i < 5; i++)
      await addCredit(id, { amount: 10 + i, currency: 'USD', reason: 'Small', expiresAt: inDays(1) });
    const logged: object[] = [];
    const logger = { info: (o: object) => logged.push(o), warn: () => {}, error: () => {} };
    const job = startCreditExpiryJob({
      db: t.handle.db,
      logger,
      everyMs: 0,
      now: () => new Date(Date.now() + 2 * DAY),
    });
    expect(await job.runOnce()).toBe(5);
    expect(await job.runOnce()).toBe(0);
    await job.stop();
    expect(logged).toEqual([{ expired: 5 }]);
    expect(await balanceOf(id)).toBe(0);
    // Small batches still get through everything due.
    const other = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    for (let i = 0; i < 5; i++)
      await addCredit(other, { amount: 10, currency: 'USD', reason: 'Small', expiresAt: inDays(1) });
    let total = 0;
    for (let n = 2; n > 0; ) {
      n = await expireDueCredit(t.handle.db, new Date(Date.now() + 2 * DAY), 2);
      total += n;
    }
    expect(total).toBe(5);
    expect(await balanceOf(other)).toBe(0);
  });

  it("names each worker run in its log line and in the events it records, as a request's id does", async () => {
    const first = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    const second = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    await addCredit(first, { amount: 10, currency: 'USD', reason: 'Promo', expiresAt: inDays(1) });
    const lines: Record<string, unknown>[] = [];
    const logger = {
      info: () => {},
      warn: () => {},
      error: () => {},
      child: (bindings: Record<string, unknown>) => ({
        info: (o: object) => lines.push({ ...bindings, ...o }),
        warn: () => {},
        error: () => {},
      }),
    };
    const job = startCreditExpiryJob({
      db: t.handle.db,
      logger,
      everyMs: 0,
      now: () => new Date(Date.now() + 2 * DAY),
    });
    expect(await job.runOnce()).toBe(1);
    await addCredit(second, { amount: 10, currency: 'USD', reason: 'Promo', expiresAt: inDays(1) });
    expect(await job.runOnce()).toBe(1);
    await job.stop();
    const runIds = lines.map((line) => line.reqId);
    expect(lines).toEqual([
      { reqId: runIds[0], expired: 1 },
      { reqId: runIds[1], expired: 1 },
    ]);
    for (const id of runIds) expect(id).toMatch(/^job-credit-expiry-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(runIds[0]).not.toBe(runIds[1]);

    const events = await t.handle.db
      .selectFrom('events')
      .select(['customerId', 'action', 'actorType', 'requestId'])
      .where('customerId', 'in', [first, second])
      .where('action', 'like', 'credit.%')
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      {
        customerId: first,
        action: 'credit.issued',
        actorType: 'admin',
        requestId: expect.stringMatching(/^req-/),
      },
      { customerId: first, action: 'credit.expired', actorType: 'system', requestId: runIds[0] },
      {
        customerId: second,
        action: 'credit.issued',
        actorType: 'admin',
        requestId: expect.stringMatching(/^req-/),
      },
      { customerId: second, action: 'credit.expired', actorType: 'system', requestId: runIds[1] },
    ]);
    // The HTTP requests that issued the credit are named by their own ids.
    expect(events[0]!.requestId).not.toBe(events[2]!.requestId);
  });
});

describe('the bank test: 200 concurrent movements on one balance', () => {
  it('never goes below zero, and the entries add up to the balance with every accepted request once', async () => {
    const id = (await make.customer(t.tenant, { lastName: 'Bank' })).id;
    const support = await t.tenant.as('support');
    const orders = await Promise.all(
      Array.from(
        { length: 4 },
        async () => (await make.order(t.tenant, { customerId: id, total: 10_000_000 })).id,
      ),
    );
    expect(
      (await addCredit(id, { amount: 5000, currency: 'USD', reason: 'Opening balance' })).statusCode,
    ).toBe(201);

    // A small fixed-seed generator: the same mix every run.
    let seed = 20261125;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 1 + (seed % n);
    };
    const requests = Array.from({ length: 200 }, (_, i) => {
      const key = `bank-${i}-${randomUUID()}`;
      const kind = i % 3 === 0 ? 'issue' : i % 3 === 1 ? 'deduct' : 'redeem';
      const amount = kind === 'issue' ? random(400) : random(600);
      const send = () =>
        kind === 'redeem'
          ? redeem(id, { orderId: orders[i % orders.length]!, amount, currency: 'USD' }, key, support)
          : addCredit(
              id,
              {
                amount: kind === 'issue' ? amount : -amount,
                currency: 'USD',
                reason: `bank ${i}`,
                ...(kind === 'issue' && i % 2 === 0 ? { expiresAt: inDays(1 + (i % 5)) } : {}),
              },
              key,
              support,
            );
      return { key, kind, send };
    });
    // Expiry runs in the middle of it all, with a clock past every expiry.
    const expiries: Promise<number>[] = [];
    const answers = await Promise.all(
      requests.map(async (request, i) => {
        const res = await request.send();
        if (i % 50 === 25) expiries.push(expireDueCredit(t.handle.db, new Date(Date.now() + 10 * DAY)));
        return { ...request, res };
      }),
    );
    await Promise.all(expiries);

    const accepted = answers.filter((a) => a.res.statusCode === 201);
    const refused = answers.filter((a) => a.res.statusCode !== 201);
    for (const a of refused) {
      expect(a.res.statusCode, a.res.body).toBe(422);
      expect(a.res.json().code).toBe('credit.insufficient');
    }
    for (const a of accepted) expect(a.res.json().balance.balance).toBeGreaterThanOrEqual(0);
    // Both outcomes happened, so the limit was really contested.
    expect(accepted.filter((a) => a.kind !== 'issue').length).toBeGreaterThan(10);
    expect(refused.length).toBeGreaterThan(10);

    const entries = await allEntries(id);
    const byKey = new Map<string, number>();
    const keys = await t.handle.db
      .selectFrom('creditEntries')
      .select('idempotencyKey')
      .where('customerId', '=', id)
      .where('idempotencyKey', 'is not', null)
      .execute();
    for (const { idempotencyKey } of keys) byKey.set(idempotencyKey!, (byKey.get(idempotencyKey!) ?? 0) + 1);
    for (const a of accepted) expect(byKey.get(a.key), a.key).toBe(1);
    for (const a of refused) expect(byKey.has(a.key), a.key).toBe(false);
    expect(keys).toHaveLength(accepted.length + 1);

    const balance = await balanceOf(id);
    const sum = entries.reduce((total, e) => total + (e.amount as number), 0);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(sum).toBe(balance);
    // What the grants still hold is the balance too, so later expiry takes only what is there.
    expect(await ledger(id)).toEqual({ entries: balance, remaining: balance, balance });
    expect(entries.filter((e) => e.kind === 'redeem').length).toBe(
      accepted.filter((a) => a.kind === 'redeem').length,
    );
  }, 120_000);
});

describe('storefront', () => {
  const mine = (url: string, headers: Headers) =>
    t.app.inject({ method: 'GET', url: `/store/v1${url}`, headers });

  it("shows a shopper their balance and activity without admins' notes, and nobody else's", async () => {
    const a = await make.shopper(t.tenant, { firstName: 'Ann', lastName: 'Shopper' });
    const b = await make.shopper(t.tenant, { firstName: 'Bob', lastName: 'Shopper' });
    await addCredit(a.id, {
      amount: 900,
      currency: 'USD',
      reason: 'Internal: angry customer',
      reference: 'ZD-77',
      expiresAt: inDays(30),
    });
    await redeem(a.id, {
      orderId: (await make.order(t.tenant, { customerId: a.id, total: 10_000 })).id,
      amount: 200,
      currency: 'USD',
    });

    const res = await mine('/me/credit', a.headers);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.balances).toEqual([{ currency: 'USD', balance: 700 }]);
    expect(body.entries.data.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
      ['redeem', -200],
      ['issue', 900],
    ]);
    expect(body.entries.data[1]).toMatchObject({ remaining: 700 });
    expect(res.body).not.toContain('angry');
    expect(res.body).not.toContain('ZD-77');
    for (const entry of body.entries.data) expect(entry).not.toHaveProperty('actor');

    const bobs = await mine('/me/credit', b.headers);
    expect(bobs.json()).toEqual({ balances: [], entries: { data: [], nextCursor: null } });
    expect((await mine('/me/credit/entries', b.headers)).json()).toEqual({ data: [], nextCursor: null });
    expect((await mine('/me/credit', { 'x-site-key': t.tenant.siteKey })).statusCode).toBe(401);
  });

  it('pages my activity by cursor', async () => {
    const a = await make.shopper(t.tenant, { firstName: 'Pager', lastName: 'Shopper' });
    for (let i = 1; i <= 5; i++) await addCredit(a.id, { amount: i, currency: 'USD', reason: 'x' });
    const first = await mine('/me/credit/entries?limit=2', a.headers);
    expect(first.json().data.map((e: { amount: number }) => e.amount)).toEqual([5, 4]);
    const second = await mine(`/me/credit/entries?limit=2&cursor=${first.json().nextCursor}`, a.headers);
    expect(second.json().data.map((e: { amount: number }) => e.amount)).toEqual([3, 2]);
    const third = await mine(`/me/credit/entries?limit=2&cursor=${second.json().nextCursor}`, a.headers);
    expect(third.json()).toMatchObject({ data: [{ amount: 1 }], nextCursor: null });
    expect((await mine('/me/credit/entries?cursor=bogus', a.headers)).statusCode).toBe(400);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another tenant's customer and moves nothing", async () => {
    const other = await t.newTenant('credit-other');
    const theirs = (await make.customer(other, { lastName: 'Theirs' })).id;
    await addCredit(theirs, { amount: 100, currency: 'USD', reason: 'Theirs' }, undefined, other.auth);
    const theirOrder = (await make.order(other, { customerId: theirs, total: 10_000 })).id;
    const answers = [
      await get(`/customers/${theirs}/credit`),
      await get(`/customers/${theirs}/credit/entries`),
      await addCredit(theirs, { amount: -100, currency: 'USD', reason: 'Steal' }),
      await addCredit(theirs, { amount: 100, currency: 'USD', reason: 'Gift' }),
      await redeem(theirs, { orderId: theirOrder, amount: 10, currency: 'USD' }),
    ];
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().code).toBe('customer.not_found');
    }
    // Nor can one of ours spend on their order.
    const ours = (await make.customer(t.tenant, { lastName: 'Credit' })).id;
    await addCredit(ours, { amount: 100, currency: 'USD', reason: 'Ours' });
    expect((await redeem(ours, { orderId: theirOrder, amount: 10, currency: 'USD' })).json().code).toBe(
      'credit.unknown_order',
    );
    const balances = await get(`/customers/${theirs}/credit`, other.auth);
    expect(balances.json()).toEqual({ balances: [{ currency: 'USD', balance: 100 }] });
  });
});
