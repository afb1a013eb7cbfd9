import { sql } from 'kysely';
import { type RequestContext, storefrontContext } from '../src/lib/context.js';
import { encodeCursor, parseSort } from '../src/lib/list/list-builder.js';
import { mergedCustomerFilters } from '../src/lib/module.js';
import { type SessionPolicy, signIn } from '../src/modules/accounts/accounts.service.js';
import { customerSortFields } from '../src/modules/customers/customers.repository.js';
import { createGroup, listGroups } from '../src/modules/groups/groups.service.js';
import { putMembership } from '../src/modules/groups/memberships.service.js';
import { assignRole, createRole, listRoles } from '../src/modules/groups/roles.service.js';
import { allModules } from '../src/modules/index.js';
import { getMe } from '../src/modules/me/me.service.js';
import {
  createSegment,
  listSegmentMembers,
  listSegments,
  previewSegment,
} from '../src/modules/segments/segments.service.js';
import { findSiteByPublishableKey } from '../src/modules/tenants/tenants.service.js';
import type { Scenario, Variant } from './scenarios.js';
import { SHOPPER_PASSWORD, type ShopperSeed } from './signin.js';
import type { BenchTarget } from './target.js';

/*
 * Issue #13's speed targets (BELONGING_SCENARIOS): a segment's live preview over indexed
 * attributes, its member pages at row 1 and deep, and the storefront's `GET /store/v1/me` for a
 * shopper holding 20 groups and 20 roles beside one holding none.
 */
/** The preview's concurrency is the (8), whatever --concurrency says. */
const PREVIEW_CONCURRENCY = 8;
/** Members of the benchmark's group: 1% of a million customers. */
const VIP_MEMBERS = 10_000;
const BENCH_GROUP = 'bench-vip';
/**
 * The member pages' segment: registered customers (30%, spread evenly along the last names). The
 * first one, `country eq "US"`, was not: the seeded last names come from per-country pools, so US
 * customers crowd the start of the alphabet (51 matches in 96 rows) and are rare after Czech and
 * German names (51 in 1,454 after "köhre"); its "deep" pages measured that density, not the depth.
 */
const SEGMENT_NAME = 'bench: registered';
const SEGMENT_FILTER = 'isRegistered eq true';
const lastNameKeys = parseSort('lastName', customerSortFields, 'lastName');
const moreFilters = mergedCustomerFilters(allModules);

/** One filter per indexed attribute the issue names, each a segment an admin would build. */
export const PREVIEW_FILTERS = [
  'country eq "US"',
  'createdAt ge now-30d',
  'ordersCount ge 8',
  'totalSpent ge 200000',
  `group eq "${BENCH_GROUP}"`,
  'tags eq "vip"',
] as const;

async function groupByCode(ctx: RequestContext, code: string) {
  for (let cursor: string | undefined, n = 0; n < 100; n++) {
    const page = await listGroups(ctx, { limit: 200, ...(cursor ? { cursor } : {}) });
    const found = page.data.find((group) => group.code === code);
    if (found) return found;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return null;
}

async function roleByCode(ctx: RequestContext, code: string) {
  const page = await listRoles(ctx, { limit: 200 });
  return page.data.find((role) => role.code === code) ?? null;
}

/**
 * The data the scenarios need, made once and reused: the group with VIP_MEMBERS members (added
 * in one INSERT … SELECT: a fixture, not a measurement), the segment, and twenty groups and
 * twenty roles held by the first bench shopper.
 */
export async function belongingFixtures(target: BenchTarget, shoppers: ShopperSeed) {
  const ctx = target.ctx;
  const vip =
    (await groupByCode(ctx, BENCH_GROUP)) ?? (await createGroup(ctx, { code: BENCH_GROUP, name: 'VIP' }));
  await sql`
    insert into group_members (tenant_id, id, group_id, customer_id, valid_from, created_at, updated_at)
    select c.tenant_id, gen_random_uuid(), ${vip.id}, c.id, now(), now(), now()
    from customers c where c.tenant_id = ${ctx.tenantId}
    order by c.id limit ${VIP_MEMBERS}
    on conflict do nothing`.execute(target.handle.db);

  const segments = await listSegments(ctx, { limit: 200 });
  const segment =
    segments.data.find((s) => s.name === SEGMENT_NAME) ??
    (await createSegment(ctx, { name: SEGMENT_NAME, filter: SEGMENT_FILTER }, moreFilters));

  const [holder, plain] = shoppers.shoppers;
  if (!holder || !plain)
    throw new Error('the belonging scenarios need two bench shoppers (--accounts 2 or more)');
  for (let i = 1; i <= 20; i++) {
    const code = `bench-role-${i}`;
    const role = (await roleByCode(ctx, code)) ?? (await createRole(ctx, { code, name: `Bench role ${i}` }));
    const groupCode = `bench-group-${i}`;
    const group =
      (await groupByCode(ctx, groupCode)) ??
      (await createGroup(ctx, { code: groupCode, name: `Bench group ${i}`, roleIds: [role.id] }));
    await putMembership(ctx, holder.customerId, group.id, {});
    await assignRole(ctx, holder.customerId, role.id, { siteId: null });
  }
  await sql`analyze group_members`.execute(target.handle.db);
  return { segmentId: segment.id, holder, plain };
}

type Capture = BenchTarget['capture'];

/** The belonging scenarios, each request's statements captured for the floors. */
export async function belongingScenarios(
  names: readonly string[],
  target: BenchTarget,
  shoppers: ShopperSeed,
  middleKeys: { key: string; id: string }[],
  sessions: SessionPolicy,
): Promise<Scenario[]> {
  const capture: Capture = target.capture;
  const tenantId = target.ctx.tenantId;
  const { segmentId, holder, plain } = await belongingFixtures(target, shoppers);
  const scenarios: Scenario[] = [];
  const members = async (label: string, cursor?: string): Promise<Variant> => {
    const query = { sort: 'lastName', limit: 50, ...(cursor ? { cursor } : {}) };
    const { queries } = await capture.capture(tenantId, (ctx) =>
      listSegmentMembers(ctx, segmentId, query, moreFilters),
    );
    const params = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    );
    return { label, path: `/admin/v1/segments/${segmentId}/customers?${params}`, queries };
  };
  const site = await findSiteByPublishableKey(target.handle.db, shoppers.siteKey);
  if (!site) throw new Error('the bench site key was not found');
  const me = async (name: 'me-plain' | 'me-belonging', shopper: { username: string; customerId: string }) => {
    const store = storefrontContext(target.ctx, site);
    const session = await signIn(store, { username: shopper.username, password: SHOPPER_PASSWORD }, sessions);
    const { queries } = await capture.capture(tenantId, (ctx) =>
      getMe(storefrontContext(ctx, site), shopper.customerId),
    );
    return {
      name,
      method: 'GET' as const,
      variants: [{ label: shopper.username, path: '/store/v1/me', queries }],
      single: true,
      headers: { 'x-site-key': shoppers.siteKey, authorization: `Bearer ${session.token}` },
    } satisfies Scenario;
  };
  for (const name of names) {
    switch (name) {
      case 'segment-preview': {
        const variants: Variant[] = [];
        const bodies: string[] = [];
        for (const filter of PREVIEW_FILTERS) {
          const { queries } = await capture.capture(tenantId, (ctx) =>
            previewSegment(ctx, filter, moreFilters),
          );
          variants.push({ label: filter, path: '/admin/v1/segments/preview', queries });
          bodies.push(JSON.stringify({ filter }));
        }
        scenarios.push({
          name: 'segment-preview',
          method: 'POST',
          variants,
          bodies,
          single: true,
          concurrency: PREVIEW_CONCURRENCY,
        });
        break;
      }
      case 'segment-members':
        scenarios.push({ name, method: 'GET', variants: [await members('first page')], single: false });
        break;
      case 'segment-members-deep': {
        const variants: Variant[] = [];
        for (const { key, id } of middleKeys)
          variants.push(await members(`after ${key}`, encodeCursor(lastNameKeys, [key], id)));
        scenarios.push({ name, method: 'GET', variants, single: false });
        break;
      }
      case 'me-plain':
        scenarios.push(await me('me-plain', plain));
        break;
      case 'me-belonging':
        scenarios.push(await me('me-belonging', holder));
        break;
    }
  }
  return scenarios;
}
