import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

/** `vi` → `vi%`, with LIKE's own characters taken literally. */
const prefixPattern = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const customerTagsRepository = {
  /**
   * Replaces the customer's tags and bumps its version, as any change to the record does. The
   * caller holds the row's lock (customersRepository.findForUpdate), so nobody's tags are lost.
   */
  setTags(ctx: RequestContext, id: string, tags: readonly string[]) {
    return ctx.db
      .updateTable('customers')
      .set({ tags: [...tags], updatedAt: new Date() })
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .returning(['tags', 'version'])
      .executeTakeFirstOrThrow();
  },

  /**
   * The tenant's most used tags, optionally those starting with `prefix` (compared lower-cased,
   * as the counts' key is), from the counts the triggers of migration 0010 keep. Without a prefix
   * the index customer_tag_counts_popular answers in order; with one, the primary key's range.
   */
  list(ctx: RequestContext, prefix: string | null, limit: number) {
    let query = ctx.db
      .selectFrom('customerTagCounts')
      .select(['tag', 'customerCount'])
      .where('tenantId', '=', ctx.tenantId);
    if (prefix) query = query.where(sql<boolean>`tag_key like lower(${prefixPattern(prefix)})`);
    return query.orderBy('customerCount', 'desc').orderBy('tagKey').limit(limit).execute();
  },
};
