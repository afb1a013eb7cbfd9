import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

/** The error-report cells that hold one of the person's values, whole (a cell is one field). */
const cellsOf = (ctx: RequestContext, values: readonly string[]) =>
  ctx.db
    .selectFrom('jobErrors')
    .where('tenantId', '=', ctx.tenantId)
    .where(
      sql`lower(value)`,
      'in',
      values.map((value) => value.toLowerCase()),
    );

export const jobsDataRepository = {
  list(ctx: RequestContext, values: readonly string[]) {
    if (values.length === 0) return Promise.resolve([]);
    return cellsOf(ctx, values)
      .select(['jobId', 'line', 'columnName as column', 'value', 'message'])
      .orderBy('jobId')
      .orderBy('line')
      .orderBy('seq')
      .execute();
  },

  async blank(ctx: RequestContext, values: readonly string[]): Promise<number> {
    if (values.length === 0) return 0;
    const result = await ctx.db
      .updateTable('jobErrors')
      .set({ value: null })
      .where('tenantId', '=', ctx.tenantId)
      .where(
        sql`lower(value)`,
        'in',
        values.map((value) => value.toLowerCase()),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0);
  },
};
