import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureListPlans, type ListPlanSettings, listPlan } from '../../src/lib/list/plan.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
type Row = {
  id: string;
  lastName: string | null;
  firstName: string | null;
  email: string | null;
  companyName: string | null;
  phone: string | null;
  countryCode: string | null;
  isRegistered: boolean;
  enabled: boolean;
  tags: string[];
};
let all: Row[] = [];

const lastNames = ['Smith', 'Brown', 'Vazquez', 'Earnshaw', 'Davis', 'smith', 'Ó Briain', null];
const firstNames = ['Ann', 'Bob', 'Cyd', null];
const countries = ['US', 'GB', 'DE', null];

beforeAll(async () => {
  t = await createTestApp();
  // Many equal sort keys and nulls on purpose: pages must still never skip or repeat a row.
  for (let i = 0; i < 90; i++) {
    const country = countries[i % 4];
    await make.customer(t.tenant, {
      lastName: lastNames[i % lastNames.length],
      firstName: firstNames[(i * 7) % 4],
      email: i % 5 === 0 ? null : `person${i}@${i % 3 === 0 ? 'gmail.com' : 'example.org'}`,
      companyName: i % 6 === 0 ? `Company ${i % 4}` : null,
      phone: i % 4 === 0 ? `+1 415 555 ${String(1000 + i).slice(-4)}` : null,
      isRegistered: i % 3 === 0 && i % 5 !== 0,
      enabled: i % 7 !== 0,
      tags: i % 4 === 0 ? ['vip'] : i % 9 === 0 ? ['wholesale', 'VIP-lite'] : [],
      originSiteId: i % 2 === 0 ? t.tenant.siteId : null,
      ...(country ? { addresses: [{ line1: `${i} Road`, city: 'Town', countryCode: country }] } : {}),
    });
  }
  const res = await t.app.inject({
    method: 'GET',
    url: '/admin/v1/customers?limit=200',
    headers: t.tenant.auth,
  });
  all = res.json().data;
}, 120_000);
afterAll(() => t.close());

async function pages(query: string, limit: number, from: string | null = null): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = from;
  for (let n = 0; n < 500; n++) {
    const url = `/admin/v1/customers?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await t.app.inject({ method: 'GET', url, headers: t.tenant.auth });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.data.length).toBeLessThanOrEqual(limit);
    rows.push(...body.data);
    cursor = body.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error('paging did not end');
}

/**
 * The plans a filtered list can take (lib/list/plan.ts), forced in turn: whatever the plan, the
 * rows and their order must be the same. `walk, small budget` makes nearly every page partial.
 */
const PLANS: [string, Partial<ListPlanSettings>][] = [
  ['as chosen', {}],
  ['collect', { collectRows: Number.POSITIVE_INFINITY, collectCost: Number.POSITIVE_INFINITY }],
  ['walk', { collectRows: -1 }],
  ['walk, small budget', { collectRows: -1, walkRows: 7 }],
];

async function underEachPlan(check: (plan: string) => Promise<void>) {
  const saved = { ...listPlan };
  for (const [name, settings] of PLANS) {
    configureListPlans(settings);
    try {
      await check(name);
    } finally {
      configureListPlans(saved);
    }
  }
}

const sortable = [
  'lastName',
  'firstName',
  'companyName',
  'email',
  'phone',
  'countryCode',
  'stateCode',
  'site',
  'tags',
  'createdAt',
  'updatedAt',
  'enabled',
  'isRegistered',
];

describe('customer list paging', () => {
  it('lists everyone, sorted by last name by default', () => {
    expect(all).toHaveLength(90);
    // Customers without a last name sort first (as an empty name), then by name.
    const nulls = all.filter((r) => r.lastName === null).length;
    expect(nulls).toBeGreaterThan(0);
    expect(all.slice(0, nulls).every((r) => r.lastName === null)).toBe(true);
    expect(all.at(-1)?.lastName).toMatch(/^(Vazquez|Ó Briain)$/);
    expect(new Set(all.map((r) => r.id)).size).toBe(90);
  });

  it('property: for any sort and page size, the pages concatenated equal the full sorted list', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...sortable), { minLength: 1, maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 40 }),
        async (fields, descending, limit) => {
          const sort = fields.map((f, i) => (descending[i] ? `-${f}` : f)).join(',');
          const full = (
            await t.app.inject({
              method: 'GET',
              url: `/admin/v1/customers?sort=${sort}&limit=200`,
              headers: t.tenant.auth,
            })
          ).json().data as Row[];
          const paged = await pages(`sort=${sort}`, limit);
          expect(paged.map((r) => r.id)).toEqual(full.map((r) => r.id));
          expect(full).toHaveLength(90);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('orders booleans and then the id tiebreak the same way in every page', async () => {
    const rows = await pages('sort=-enabled,lastName', 7);
    const enabled = rows.map((r) => r.enabled);
    expect(enabled.indexOf(false)).toBeGreaterThan(enabled.lastIndexOf(true));
  });

  it('neither skips nor repeats rows when customers are added between pages', async () => {
    const first = (
      await t.app.inject({
        method: 'GET',
        url: '/admin/v1/customers?sort=lastName&limit=20',
        headers: t.tenant.auth,
      })
    ).json();
    const added = [];
    for (const lastName of ['Aaa-added', 'Zzz-added', 'Smith']) {
      added.push(await make.customer(t.tenant, { lastName, email: null }));
    }
    const rest = await pages('sort=lastName', 20, first.nextCursor);
    const ids = [...first.data, ...rest].map((r: Row) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const row of all) expect(ids).toContain(row.id);
    for (const customer of added)
      await t.app.inject({
        method: 'DELETE',
        url: `/admin/v1/customers/${customer.id}`,
        headers: t.tenant.auth,
      });
  });

  it('refuses a cursor made for another sort', async () => {
    const first = (
      await t.app.inject({
        method: 'GET',
        url: '/admin/v1/customers?sort=lastName&limit=5',
        headers: t.tenant.auth,
      })
    ).json();
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/customers?sort=email&cursor=${encodeURIComponent(first.nextCursor)}`,
      headers: t.tenant.auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('/cursor');
  });
});

describe('customer search and filter', () => {
  // Search ignores accents (migration 0020): "Ó Briain" holds an "o". The names here need only
  // the combining marks dropped, which is what unaccent does for them.
  const haystack = (r: Row) =>
    [r.firstName, r.lastName, r.email, r.companyName, r.phone]
      .map((v) => v ?? '')
      .join(' ')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase();

  // Each case runs on every plan: collected through the trigram index (what rare fragments get),
  // and the ordered walk, with a budget big enough to fill pages and one that leaves them partial.
  it.each([
    ['a common fragment', 'mith', 3],
    ['a common fragment across columns', 'gmail', 4],
    ['a rare fragment', 'zque', 2],
    ['a fragment in a company name', 'company 2', 50],
    ['a short fragment', 'o', 10],
    ['a phone fragment', '555', 5],
    ['a fragment nobody has', 'qqqq', 5],
    ['like-wildcards taken literally', '%_', 5],
    ['mixed case', 'SMITH', 4],
  ])('q finds exactly the matching customers in list order: %s', async (_label, q, limit) => {
    const expected = all.filter((r) => haystack(r).includes(q.toLowerCase())).map((r) => r.id);
    await underEachPlan(async (plan) => {
      const found = await pages(`q=${encodeURIComponent(q)}`, limit);
      expect(
        found.map((r) => r.id),
        plan,
      ).toEqual(expected);
    });
  });

  it.each([
    ['tags eq "vip"', (r: Row) => r.tags.some((tag) => tag.toLowerCase() === 'vip')],
    ['tags co "vip"', (r: Row) => r.tags.some((tag) => tag.toLowerCase().includes('vip'))],
    ['country eq "US" and isRegistered eq true', (r: Row) => r.countryCode === 'US' && r.isRegistered],
    [
      'lastName sw "sm" or not (enabled eq true)',
      (r: Row) => (r.lastName ?? '').toLowerCase().startsWith('sm') || !r.enabled,
    ],
    ['companyName pr', (r: Row) => Boolean(r.companyName)],
    ['email eq null', (r: Row) => r.email === null],
  ])('filter %s', async (filter, predicate) => {
    await underEachPlan(async (plan) => {
      const found = await pages(`filter=${encodeURIComponent(filter)}`, 13);
      expect(
        found.map((r) => r.id),
        plan,
      ).toEqual(all.filter(predicate).map((r) => r.id));
    });
  });

  it('filters by site code', async () => {
    const found = await pages(`filter=${encodeURIComponent('site eq "main"')}`, 50);
    expect(found).toHaveLength(45);
  });

  it('counts the total of a search when asked', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/admin/v1/customers?q=gmail&includeTotal=true&limit=2',
      headers: t.tenant.auth,
    });
    expect(res.json().total).toBe(all.filter((r) => haystack(r).includes('gmail')).length);
    expect(res.json().totalIsLowerBound).toBeUndefined();
  });

  it('points at the position of an unknown attribute in a filter', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/customers?filter=${encodeURIComponent('lastName eq "x" and shoeSize gt 3')}`,
      headers: t.tenant.auth,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/position 20/);
  });
});
