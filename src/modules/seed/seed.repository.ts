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

  /** Which of these emails (lower-cased) some customer of the tenant has, guest or registered. */
  async emailsInUse(ctx: RequestContext, emails: string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows = await ctx.db
      .selectFrom('customers')
      .select(sql<string>`lower(email)`.as('email'))
      .where('tenantId', '=', ctx.tenantId)
      .where(
        sql`lower(email)`,
        'in',
        emails.map((e) => e.toLowerCase()),
      )
      .execute();
    return new Set(rows.map((row) => row.email));
  },
};
