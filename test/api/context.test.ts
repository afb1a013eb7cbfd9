import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { inTransaction, type RequestContext } from '../../src/lib/context.js';
import { createTestDatabase } from '../helpers/db.js';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe('inTransaction', () => {
  it('hands the work the whole context (site, request id) with the transaction', async () => {
    const ctx = {
      db: handle.db,
      tenantId: '00000000-0000-0000-0000-000000000001',
      actor: { type: 'storefront', id: 'site-1', role: null },
      site: { id: 'site-1', name: 'Shop', customerSetId: 'set-1', countryCode: 'FR', settings: {} },
      requestId: 'req-7',
    } satisfies RequestContext;
    const seen = await inTransaction(ctx, async (trx) => {
      // Typed as the caller's context: the site needs no spreading back in.
      const nested = await inTransaction(trx, async (inner) => inner);
      expect(nested).toBe(trx);
      return { site: trx.site.customerSetId, requestId: trx.requestId, inTransaction: trx.db.isTransaction };
    });
    expect(seen).toEqual({ site: 'set-1', requestId: 'req-7', inTransaction: true });
  });

  it('rolls the work back when it throws', async () => {
    const ctx: RequestContext = {
      db: handle.db,
      tenantId: '00000000-0000-0000-0000-000000000001',
      actor: { type: 'system', id: 'system', role: 'owner' },
    };
    const slug = `rolled-back-${Date.now()}`;
    await expect(
      inTransaction(ctx, async (trx) => {
        await trx.db
          .insertInto('tenants')
          .values({ id: '00000000-0000-0000-0000-0000000000aa', slug, name: 'Gone' })
          .execute();
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await handle.db.selectFrom('tenants').select('id').where('slug', '=', slug).execute()).toEqual([]);
  });
});
