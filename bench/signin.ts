import { availableParallelism } from 'node:os';
import { verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { storefrontContext } from '../src/lib/context.js';
import { hashToken, newId, newToken } from '../src/lib/ids.js';
import { ARGON2_OPTIONS, hashPassword } from '../src/lib/passwords.js';
import { type SessionPolicy, type StoreContext, signIn } from '../src/modules/accounts/accounts.service.js';
import { createCustomer } from '../src/modules/customers/customers.service.js';
import {
  defaultCustomerSet,
  findSiteByPublishableKey,
  listSites,
} from '../src/modules/tenants/tenants.service.js';
import { type LoadResult, runLoops } from './load.js';
import type { Scenario } from './scenarios.js';
import { type SqlRunner, substitute } from './sql.js';
import type { BenchTarget } from './target.js';

export const SIGN_IN_PATH = '/store/v1/auth/login';
/** Every seeded shopper has this password, under one shared hash: each verify costs the same. */
export const SHOPPER_PASSWORD = 'bench-shopper-password';
const USERNAME_PATTERN = 'bench-shopper-%@example.net';
const shopperUsername = (n: number) => `bench-shopper-${String(n).padStart(6, '0')}@example.net`;

export interface Shopper {
  username: string;
  customerId: string;
}

export interface ShopperSeedReport {
  /** Shopper accounts the sign-in load rotates over. */
  accounts: number;
  added: number;
  seconds: number;
  /** Sessions of the bench shoppers left by earlier runs, deleted so every run starts alike. */
  sessionsCleared: number;
}

export interface ShopperSeed {
  /** The publishable key of the default set's site, for X-Site-Key. */
  siteKey: string;
  /** The hash all bench shoppers share, made now with the service's ARGON2_OPTIONS. */
  passwordHash: string;
  shoppers: Shopper[];
  report: ShopperSeedReport;
}

async function benchShoppers(target: BenchTarget, customerSetId: string, limit: number): Promise<Shopper[]> {
  return target.handle.db
    .selectFrom('accounts')
    .select(['username', 'customerId'])
    .where('tenantId', '=', target.ctx.tenantId)
    .where('customerSetId', '=', customerSetId)
    .where('username', 'like', USERNAME_PATTERN)
    .orderBy('username')
    .limit(limit)
    .execute();
}

/**
 * Makes sure `count` shoppers (registered customers with accounts) exist in the tenant's default
 * customer set, created through the customer service like any registered customer; reruns only
 * add the missing ones. Then gives them all one fresh hash of the bench password (so none needs
 * a re-hash at sign-in), clears lockouts and deletes their old sessions.
 */
export async function seedShoppers(target: BenchTarget, count: number): Promise<ShopperSeed> {
  const ctx = target.ctx;
  const started = performance.now();
  const set = await defaultCustomerSet(ctx);
  const site = (await listSites(ctx)).find((s) => s.customerSetId === set.id);
  if (!site) throw new Error('the bench tenant has no site in its default customer set');
  const existing = new Set((await benchShoppers(target, set.id, count)).map((s) => s.username));
  const missing: number[] = [];
  for (let n = 1; n <= count; n++) if (!existing.has(shopperUsername(n))) missing.push(n);
  // A few creates in flight: the service pool has 20 connections (PGlite runs them one by one).
  for (let i = 0; i < missing.length; i += 8) {
    await Promise.all(
      missing.slice(i, i + 8).map((n) =>
        createCustomer(ctx, {
          isRegistered: true,
          email: shopperUsername(n),
          firstName: 'Bench',
          lastName: `Shopper ${n}`,
          customerSetId: set.id,
          originSiteId: site.id,
        }),
      ),
    );
  }
  const passwordHash = await hashPassword(SHOPPER_PASSWORD);
  const db = target.handle.db;
  await db
    .updateTable('accounts')
    .set({ passwordHash, failedSignIns: 0, lockedUntil: null, lockouts: 0, disabledReason: null })
    .where('tenantId', '=', ctx.tenantId)
    .where('customerSetId', '=', set.id)
    .where('username', 'like', USERNAME_PATTERN)
    .execute();
  const cleared = await db
    .deleteFrom('shopperSessions')
    .where('tenantId', '=', ctx.tenantId)
    .where('customerId', 'in', (eb) =>
      eb
        .selectFrom('accounts')
        .select('customerId')
        .where('tenantId', '=', ctx.tenantId)
        .where('username', 'like', USERNAME_PATTERN),
    )
    .executeTakeFirst();
  await sql`analyze accounts, shopper_sessions`.execute(db);
  const shoppers = await benchShoppers(target, set.id, count);
  return {
    siteKey: site.publishableKey,
    passwordHash,
    shoppers,
    report: {
      accounts: shoppers.length,
      added: missing.length,
      seconds: (performance.now() - started) / 1000,
      sessionsCleared: Number(cleared.numDeletedRows),
    },
  };
}

/** One body per seeded shopper, in turn: each request of a round signs in a different shopper. */
export const signInBodies = (seed: ShopperSeed) =>
  seed.shoppers.map((s) => JSON.stringify({ username: s.username, password: SHOPPER_PASSWORD }));

/** As many bodies with usernames no account has: the failed path (lookup, then the dummy verify). */
export const unknownUserBodies = (seed: ShopperSeed, runId: string) =>
  seed.shoppers.map((_, n) =>
    JSON.stringify({ username: `bench-nobody-${runId}-${n}@example.net`, password: SHOPPER_PASSWORD }),
  );

/**
 * The floor: argon2id verifications of the shoppers' hash through @node-rs/argon2 `verify` in
 * this process, from `concurrency` async loops. Each sign-in verifies exactly once, so this is
 * the most sign-ins a second the service could answer here.
 */
export const argon2Floor = (seed: ShopperSeed, concurrency: number, seconds: number): Promise<LoadResult> =>
  runLoops(concurrency, seconds, async () => {
    if (!(await verify(seed.passwordHash, SHOPPER_PASSWORD)))
      throw new Error('the bench hash did not verify');
  });

/** What bounds the floor: the hash's parameters, the cores, and the thread pool verify runs on. */
export function argon2Environment(seed: ShopperSeed) {
  const set = process.env.UV_THREADPOOL_SIZE;
  return {
    /** Read from the stored hash itself (the same parameters as ARGON2_OPTIONS). */
    hashParameters: /^\$argon2id\$v=\d+\$m=\d+,t=\d+,p=\d+/.exec(seed.passwordHash)?.[0] ?? 'unknown',
    memoryCost: ARGON2_OPTIONS.memoryCost,
    timeCost: ARGON2_OPTIONS.timeCost,
    parallelism: ARGON2_OPTIONS.parallelism,
    availableParallelism: availableParallelism(),
    // @node-rs/argon2 runs each verify as N-API async work, on libuv's pool (4 threads unless set).
    uvThreadpoolSize: set ? Number(set) : 4,
    uvThreadpoolSizeFromEnv: set !== undefined,
  };
}

/**
 * The SQL floor of a sign-in: the statements the service ran for one successful sign-in (the
 * account lookup, then recording the success, dropping expired sessions and opening a session),
 * replayed in one transaction for the next shopper with a fresh session id and token digest.
 */
export async function signInSqlScenario(
  target: BenchTarget,
  seed: ShopperSeed,
  sessions: SessionPolicy,
): Promise<Scenario> {
  const site = await findSiteByPublishableKey(target.handle.db, seed.siteKey);
  if (!site) throw new Error('the bench site key was not found');
  const first = seed.shoppers[0]!;
  const { result, queries } = await target.capture.capture(target.ctx.tenantId, (ctx) => {
    const store: StoreContext = storefrontContext(ctx, site);
    return signIn(store, { username: first.username, password: SHOPPER_PASSWORD }, sessions);
  });
  const tokenHash = hashToken(result.token);
  const { id: sessionId } = await target.handle.db
    .selectFrom('shopperSessions')
    .select('id')
    .where('tenantId', '=', target.ctx.tenantId)
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirstOrThrow();
  let n = 1;
  return {
    name: 'signin',
    method: 'POST',
    variants: [{ label: 'sign-in', path: SIGN_IN_PATH, queries }],
    single: true,
    write: () => {
      const shopper = seed.shoppers[n++ % seed.shoppers.length]!;
      return substitute(
        queries,
        new Map<unknown, unknown>([
          [first.username.toLowerCase(), shopper.username.toLowerCase()],
          [first.customerId, shopper.customerId],
          [sessionId, newId()],
          [tokenHash, hashToken(newToken())],
        ]),
      );
    },
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of the sign-in's account lookup, the only read before the hash. */
export async function explainAccountLookup(runner: SqlRunner, scenario: Scenario): Promise<string> {
  const lookup = scenario.variants[0]!.queries[0]!;
  const rows = (await runner.query({
    sql: `explain (analyze, buffers) ${lookup.sql}`,
    parameters: lookup.parameters,
  })) as Record<string, string>[];
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}
