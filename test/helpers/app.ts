import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { AdminRole } from '../../src/db/types.js';
import { type RequestContext, systemContext } from '../../src/lib/context.js';
import { createAdmin, signIn } from '../../src/modules/admins/admins.service.js';
import { createTenant, ensureDefaultTenant } from '../../src/modules/tenants/tenants.service.js';
import { createTestDatabase } from './db.js';

export interface TestTenant {
  id: string;
  slug: string;
  siteId: string;
  /** The publishable key of that site, for X-Site-Key. */
  siteKey: string;
  customerSetId: string;
  ctx: RequestContext;
  /** Bearer header of an owner of this tenant. */
  auth: { authorization: string };
  /** Signs in a new admin of the given role and answers its Bearer header. */
  as(role: AdminRole): Promise<{ authorization: string }>;
}

export interface TestApp {
  app: FastifyInstance;
  handle: DatabaseHandle;
  tenant: TestTenant;
  /** Creates another tenant, for isolation tests. */
  newTenant(slug: string): Promise<TestTenant>;
  close(): Promise<void>;
}

let counter = 0;

async function tenantFixture(handle: DatabaseHandle, slug: string): Promise<TestTenant> {
  const created =
    slug === 'default'
      ? await (async () => {
          const t = await ensureDefaultTenant(handle.db);
          const sites = await handle.db
            .selectFrom('sites')
            .selectAll()
            .where('tenantId', '=', t.id)
            .execute();
          return { tenant: t, siteId: sites[0]!.id, customerSetId: sites[0]!.customerSetId };
        })()
      : await createTenant(handle.db, { slug, name: slug });
  const ctx = systemContext(handle.db, created.tenant.id);
  const as = async (role: AdminRole) => {
    counter++;
    const email = `${role}-${counter}-${slug}@example.com`;
    await createAdmin(ctx, { email, password: 'correct horse battery', role });
    const session = await signIn(handle.db, email, 'correct horse battery', 1);
    return { authorization: `Bearer ${session.token}` };
  };
  return {
    id: created.tenant.id,
    slug,
    siteId: created.siteId,
    siteKey: (
      await handle.db
        .selectFrom('sites')
        .select('publishableKey')
        .where('id', '=', created.siteId)
        .executeTakeFirstOrThrow()
    ).publishableKey,
    customerSetId: created.customerSetId,
    ctx,
    auth: await as('owner'),
    as,
  };
}

type AppConfig = Parameters<typeof buildApp>[0]['config'];

/** Test settings: quiet, no rate limits, short sessions; `overrides` change single values. */
export const testConfig = (overrides: Partial<AppConfig> = {}): AppConfig => ({
  logLevel: 'silent',
  sessionTtlHours: 1,
  rateLimitPerMinute: 0,
  corsOrigins: [],
  signInRateLimitPerMinute: 0,
  shopperIdleMinutes: 60,
  shopperSessionHours: 24,
  smtpUrl: null,
  modules: null,
  // The `oms` test project runs the order-management subset of this suite in that mode.
  mode: process.env.CLIENTELE_TEST_MODE === 'oms' ? 'oms' : 'full',
  ...overrides,
});

/** The HTTP app on a fresh database of its own, with a default tenant and a signed-in owner. */
export async function createTestApp(
  options: {
    config?: Partial<AppConfig>;
    redis?: Redis;
    /** A database handle of its own instead of a fresh copy of the template. */
    handle?: DatabaseHandle;
  } = {},
): Promise<TestApp> {
  const handle = options.handle ?? (await createTestDatabase());
  const app = await buildApp({
    db: handle.db,
    reader: handle.reader ?? null,
    config: testConfig(options.config),
    logger: false,
    redis: options.redis ?? null,
  });
  await app.ready();
  const tenant = await tenantFixture(handle, 'default');
  return {
    app,
    handle,
    tenant,
    newTenant: (slug) => tenantFixture(handle, slug),
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/**
 * A problem+json body without what names its own request (`instance`, `requestId`): for tests
 * that check two answers are the same, as no-enumeration rules need them to be.
 */
export function withoutRequestId(body: unknown): Record<string, unknown> {
  const { instance: _instance, requestId: _requestId, ...rest } = body as Record<string, unknown>;
  return rest;
}
