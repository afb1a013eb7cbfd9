import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';
import { type CustomerRecord, customerColumns } from './customers.repository.js';

// The customers module's part of duplicates and merges (flows/find-duplicates.ts,
// flows/merge-customers.ts): candidate lookups on the customer's own indexes, and the record of
// which id went into which.

/** How many candidates one reason may bring, so a common email or phone costs a bounded read. */
export const CANDIDATES_PER_REASON = 50;

export const customerMergesRepository = {
  /** Others with the same email, whatever its case (customers_email: tenant_id, lower(email)). */
  async sameEmail(ctx: RequestContext, customerId: string, email: string): Promise<string[]> {
    const rows = await ctx.db
      .selectFrom('customers')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .where('id', '!=', customerId)
      .limit(CANDIDATES_PER_REASON)
      .execute();
    return rows.map((row) => row.id);
  },

  /**
   * Others with the same phone. Phones are stored in E.164, so equal numbers are equal text; the
   * comparison is written as customers_sort_phone's key so that index finds them.
   */
  async samePhone(ctx: RequestContext, customerId: string, phone: string): Promise<string[]> {
    const rows = await ctx.db
      .selectFrom('customers')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where(sql`(lower(coalesce(phone, '')) collate "C")`, '=', sql`(${phone.toLowerCase()} collate "C")`)
      .where('id', '!=', customerId)
      .limit(CANDIDATES_PER_REASON)
      .execute();
    return rows.map((row) => row.id);
  },

  /** Of these customers (by primary key), those with this first and last name, whatever the case. */
  async sameName(
    ctx: RequestContext,
    ids: readonly string[],
    customerId: string,
    firstName: string,
    lastName: string,
  ): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await ctx.db
      .selectFrom('customers')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', ids)
      .where('id', '!=', customerId)
      .where(sql`lower(first_name)`, '=', firstName.toLowerCase())
      .where(sql`lower(last_name)`, '=', lastName.toLowerCase())
      .limit(CANDIDATES_PER_REASON)
      .execute();
    return rows.map((row) => row.id);
  },

  /** Customer rows by primary key. */
  rows(ctx: RequestContext, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([] as CustomerRecord[]);
    return ctx.db
      .selectFrom('customers')
      .select(customerColumns)
      .where('customers.tenantId', '=', ctx.tenantId)
      .where('customers.id', 'in', ids)
      .execute() as Promise<CustomerRecord[]>;
  },

  /** Where a merged customer went, if it was merged. */
  async survivorOf(ctx: RequestContext, sourceId: string): Promise<string | undefined> {
    const row = await ctx.db
      .selectFrom('customerMerges')
      .select('survivorId')
      .where('tenantId', '=', ctx.tenantId)
      .where('sourceId', '=', sourceId)
      .executeTakeFirst();
    return row?.survivorId;
  },

  /**
   * Records the merge; earlier merges into the source now lead to the survivor too, so a merged
   * id answers where its data is now in one step.
   */
  async record(ctx: RequestContext, sourceId: string, survivorId: string): Promise<void> {
    await ctx.db
      .updateTable('customerMerges')
      .set({ survivorId })
      .where('tenantId', '=', ctx.tenantId)
      .where('survivorId', '=', sourceId)
      .execute();
    await ctx.db
      .insertInto('customerMerges')
      .values({
        tenantId: ctx.tenantId,
        sourceId,
        survivorId,
        actorType: ctx.actor.type,
        actorId: ctx.actor.id,
      })
      .execute();
  },

  /** Guests the source had taken over now belong to the survivor's history. */
  async relinkGuests(ctx: RequestContext, fromId: string, toId: string): Promise<void> {
    await ctx.db
      .updateTable('customers')
      .set({ registeredCustomerId: toId, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('registeredCustomerId', '=', fromId)
      .execute();
  },
};
