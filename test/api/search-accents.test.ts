import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsFolded } from '../../src/lib/filter/folded-search.js';
import type { ListPlanSettings } from '../../src/lib/list/plan.js';
import { make } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { everyPage, LIST_PLANS, underListPlan } from '../helpers/list.js';

let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const people: [string, string, string, string | null][] = [
    ['leandra', 'Leandra', 'Bäcker', null],
    ['backer', 'Tom', 'Backer', null],
    ['muller', 'Jan', 'Müller', null],
    ['MULLER', 'Eva', 'MULLER', null],
    ['soren', 'Søren', 'Kierkegaard', null],
    ['strasse', 'Anna', 'Straße', 'Café Zoë'],
    ['other', 'Leandra', 'Smith', null],
  ];
  for (const [key, firstName, lastName, companyName] of people) {
    ids[key] = (await make.customer(t.tenant, { firstName, lastName, companyName })).id;
  }
}, 60_000);
afterAll(() => t.close());

/** Every customer the grid finds for `q`, all pages, sorted by last name. */
const search = (q: string) =>
  everyPage(
    t,
    `/admin/v1/customers?q=${encodeURIComponent(q)}&sort=lastName&limit=2`,
    (c: { id: string }) => c.id,
  );

const PLANS: [string, Partial<ListPlanSettings>][] = [
  ['collect', LIST_PLANS.collect],
  ['walk', LIST_PLANS.walk],
];

describe.each(PLANS)('customer search ignores accents and case (%s)', (_plan, settings) => {
  underListPlan(settings);

  it.each([
    ['backer', ['backer', 'leandra']],
    ['BÄCKER', ['backer', 'leandra']],
    ['Bäcker', ['backer', 'leandra']],
    ['leandra backer', ['leandra']],
    ['Leandra Bäcker', ['leandra']],
    ['muller', ['MULLER', 'muller']],
    ['Muller', ['MULLER', 'muller']],
    ['MÜLLER', ['MULLER', 'muller']],
    ['soren', ['soren']],
    ['strasse', ['strasse']],
    ['cafe zoe', ['strasse']],
  ])('"%s" finds %j', async (q, keys) => {
    expect(await search(q)).toEqual(keys.map((key) => ids[key]));
  });

  it('takes full-width wildcards literally, as their ASCII forms are', async () => {
    expect(await search('％')).toEqual([]);
    expect(await search('＿')).toEqual([]);
    expect(await search('b%cker')).toEqual([]);
  });

  it('keeps an accented filter on a name working beside the folded search text', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/admin/v1/customers?filter=${encodeURIComponent('lastName co "bäck"')}`,
      headers: t.tenant.auth,
    });
    expect(res.json().data.map((c: { id: string }) => c.id)).toEqual([ids.leandra]);
  });
});

describe('the folded search keeps its index', () => {
  it('finds a rare fragment through customers_search_trgm, the pattern folded while planning', async () => {
    const query = t.handle.db
      .selectFrom('customers')
      .select('id')
      .where(containsFolded(sql.ref('customers.searchText'), 'Bäcker'))
      .compile();
    const plan = await t.handle.db.transaction().execute(async (trx) => {
      // On a few rows a scan is cheapest; switch scans off to see whether the trigram index fits.
      await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
      await trx.executeQuery(CompiledQuery.raw('set local enable_indexscan = off'));
      const result = await trx.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
      );
      return result.rows.map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan).toMatch(/Bitmap Index Scan on customers_search_trgm/);
    expect(plan).toMatch(/search_text ~~ '%backer%'::text/);
  });
});
