import { buildApp } from '../../src/app.js';
import { ensureFirstOwner } from '../../src/bootstrap.js';
import { systemContext } from '../../src/lib/context.js';
import { seedDemo } from '../../src/modules/seed/seed.service.js';
import { ensureDefaultTenant } from '../../src/modules/tenants/tenants.service.js';
import { testConfig } from './app.js';
import { createTestDatabase } from './db.js';

/** A real HTTP server on a free port, on a fresh database seeded with the demo customers. */
export async function startTestServer(
  options: { extraCustomers?: number; config?: Parameters<typeof testConfig>[0] } = {},
) {
  const handle = await createTestDatabase();
  const tenant = await ensureDefaultTenant(handle.db);
  const adminEmail = 'owner@example.com';
  const adminPassword = 'browser-test-password';
  await ensureFirstOwner(handle, { adminEmail, adminPassword });
  await seedDemo(systemContext(handle.db, tenant.id), options.extraCustomers ?? 0);
  const app = await buildApp({
    db: handle.db,
    config: testConfig(options.config),
    logger: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    adminEmail,
    adminPassword,
    db: handle.db,
    /** The default tenant's context, for test/factories.ts. */
    ctx: systemContext(handle.db, tenant.id),
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
