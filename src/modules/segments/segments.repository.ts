import { sql } from 'kysely';
import type { SegmentsTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms, type SortFields } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';

const col = (name: string) => sql.ref(`segments.${name}`);

/** Sort keys as the indexes of migration 0011 hold them (segments_sort_*). */
const segmentSortFields: SortFields = {
  name: { expression: sql`lower(${col('name')}) collate "C"`, type: 'text' },
  createdAt: { expression: sql`${col('createdAt')}`, type: 'timestamptz' },
};

export const segmentList: ListSpec = { sortFields: segmentSortFields, defaultSort: 'name' };

const segmentColumns = [
  'segments.id',
  'segments.name',
  'segments.description',
  'segments.filter',
  'segments.createdByType',
  'segments.createdById',
  'segments.createdAt',
  'segments.updatedAt',
] as const;

export type SegmentRecord = Pick<
  SegmentsTable,
  'id' | 'name' | 'description' | 'filter' | 'createdByType' | 'createdById'
> & { createdAt: Date; updatedAt: Date };

export const segmentsRepository = {
  insert(ctx: RequestContext, row: { id: string; name: string; description: string | null; filter: string }) {
    return ctx.db
      .insertInto('segments')
      .values({
        ...row,
        tenantId: ctx.tenantId,
        createdByType: ctx.actor.type,
        createdById: ctx.actor.id,
      })
      .returning(segmentColumns)
      .executeTakeFirstOrThrow() as Promise<SegmentRecord>;
  },

  find(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('segments')
      .select(segmentColumns)
      .where('segments.tenantId', '=', ctx.tenantId)
      .where('segments.id', '=', id)
      .executeTakeFirst() as Promise<SegmentRecord | undefined>;
  },

  /** One page (window.rows rows) in the order of the window's keys, served by segments_sort_*. */
  list(ctx: RequestContext, { keys, after, rows }: PageWindow) {
    let query = ctx.db
      .selectFrom('segments')
      .select(segmentColumns)
      .select(keyColumns(keys))
      .where('segments.tenantId', '=', ctx.tenantId);
    if (after) query = query.where(afterCursor(keys, after.values, after.id, col('id')));
    return query
      .orderBy(orderTerms(keys, col('id')))
      .limit(rows)
      .execute() as Promise<SegmentRecord[]>;
  },

  update(
    ctx: RequestContext,
    id: string,
    changes: Partial<Pick<SegmentsTable, 'name' | 'description' | 'filter'>>,
  ) {
    return ctx.db
      .updateTable('segments')
      .set({ ...changes, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .returning(segmentColumns.map((c) => c.replace('segments.', '')) as never)
      .executeTakeFirst() as Promise<SegmentRecord | undefined>;
  },

  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const result = await ctx.db
      .deleteFrom('segments')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};
