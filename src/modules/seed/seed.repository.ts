import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

/** One generated customer with its single (default billing and shipping) address. */
export interface SeedCustomer {
  id: string;
  isRegistered: boolean;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  companyName: string | null;
  organizationId: string | null;
  taxId: string | null;
  locale: string;
  tags: string[];
  countryCode: string;
  stateCode: string | null;
  createdAt: Date;
  addressId: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
}

export interface SeedTarget {
  customerSetId: string;
  originSiteId: string;
}

export const seedRepository = {
  /** Customers of the tenant; the seeder numbers its registered emails on from here. */
  async countCustomers(ctx: RequestContext): Promise<number> {
    const row = await ctx.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /**
   * Merges the trigram entries a bulk load left in the GIN pending list (up to 4 MB by
   * default) into the index proper, since every search reads the whole pending list.
   */
  async flushPendingIndexEntries(ctx: RequestContext): Promise<void> {
    await sql`
      select gin_clean_pending_list(i.indexrelid)
      from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_am am on am.oid = c.relam
      where i.indrelid in ('customers'::regclass, 'addresses'::regclass) and am.amname = 'gin'`.execute(
      ctx.db,
    );
  },

  /**
   * Refreshes the planner's statistics after a bulk load: the search and list plans choose by
   * estimated row counts, and PGlite has no autovacuum to do it later.
   */
  async analyze(ctx: RequestContext): Promise<void> {
    await sql`analyze customers`.execute(ctx.db);
    await sql`analyze addresses`.execute(ctx.db);
  },
};
