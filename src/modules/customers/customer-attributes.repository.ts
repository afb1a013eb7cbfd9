import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

const attributes = sql.ref('customers.attributes');

/** The customers table's side of custom attributes: removing a code's values, and the indexes. */
export const customerAttributesRepository = {
  /**
   * Removes a deleted attribute's values from every customer of the tenant in one statement. It
   * reads the tenant's rows (its primary key range) and rewrites only those holding the code:
   * with a million customers all holding it, a million new row versions and their WAL, under row
   * locks until commit. The version and updatedAt stay: no one changed the customer's own data.
   */
  async removeAttributeValues(ctx: RequestContext, code: string): Promise<number> {
    const result = await ctx.db
      .updateTable('customers')
      .set({ attributes: sql<string>`${attributes} - ${code}::text` })
      .where('tenantId', '=', ctx.tenantId)
      .where(sql<SqlBool>`(${attributes} -> ${code}::text) is not null`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /**
   * Creates an indexed attribute's index: partial to the tenant, so other tenants' rows are not
   * in it, and led by tenant_id like every index. Outside a transaction it is built
   * CONCURRENTLY, so customer writes go on meanwhile; a build that fails leaves an invalid index
   * behind, which is dropped before the error goes on. DDL takes no parameters: the name and the
   * expression's literals are the caller's checked ones.
   */
  async createAttributeIndex(ctx: RequestContext, name: string, expression: RawBuilder<unknown>) {
    const how = sql.raw(ctx.db.isTransaction ? '' : 'concurrently');
    const index = sql.raw(`"${name}"`);
    try {
      await sql`create index ${how} if not exists ${index} on customers (tenant_id, ${expression}, id) where tenant_id = ${sql.lit(ctx.tenantId)}`.execute(
        ctx.db,
      );
    } catch (error) {
      await customerAttributesRepository.dropAttributeIndex(ctx, name);
      throw error;
    }
    // The planner keeps statistics per index expression, gathered by ANALYZE only (see 0007).
    await sql`analyze customers`.execute(ctx.db);
  },

  async dropAttributeIndex(ctx: RequestContext, name: string) {
    const how = sql.raw(ctx.db.isTransaction ? '' : 'concurrently');
    await sql`drop index ${how} if exists ${sql.raw(`"${name}"`)}`.execute(ctx.db);
  },
};
