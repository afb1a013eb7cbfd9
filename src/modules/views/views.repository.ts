import { type ExpressionBuilder, sql } from 'kysely';
import type { DB, SavedViewsTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms, type SortFields } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';

const col = (name: string) => sql.ref(`savedViews.${name}`);

/** The author a view belongs to: the actor's kind and id, as events name actors. */
export interface ViewOwner {
  type: string;
  id: string;
}

const viewSortFields: SortFields = {
  name: { expression: sql`lower(${col('name')}) collate "C"`, type: 'text' },
};

export const viewList: ListSpec = { sortFields: viewSortFields, defaultSort: 'name' };

export type ViewRecord = Omit<SavedViewsTable, 'columns' | 'createdAt' | 'updatedAt'> & {
  columns: { id: string; width?: number }[];
  isDefault: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type ViewFields = Pick<SavedViewsTable, 'name' | 'shared' | 'q' | 'filter' | 'sort' | 'segmentId'> & {
  columns: { id: string; width?: number }[];
};

/** The views the owner may see: the tenant's shared ones and their own. */
const visibleTo = (eb: ExpressionBuilder<DB, 'savedViews'>, owner: ViewOwner) =>
  eb.or([
    eb('savedViews.shared', '=', true),
    eb.and([eb('savedViews.ownerType', '=', owner.type), eb('savedViews.ownerId', '=', owner.id)]),
  ]);

function selectViews(ctx: RequestContext, owner: ViewOwner) {
  return ctx.db
    .selectFrom('savedViews')
    .leftJoin('defaultViews', (join) =>
      join
        .onRef('defaultViews.tenantId', '=', 'savedViews.tenantId')
        .onRef('defaultViews.viewId', '=', 'savedViews.id')
        .on('defaultViews.ownerType', '=', owner.type)
        .on('defaultViews.ownerId', '=', owner.id),
    )
    .selectAll('savedViews')
    .select(sql<boolean>`${sql.ref('defaultViews.viewId')} is not null`.as('isDefault'))
    .where('savedViews.tenantId', '=', ctx.tenantId)
    .where((eb) => visibleTo(eb, owner));
}

export const viewsRepository = {
  async insert(ctx: RequestContext, owner: ViewOwner, id: string, fields: ViewFields): Promise<void> {
    await ctx.db
      .insertInto('savedViews')
      .values({
        ...fields,
        columns: JSON.stringify(fields.columns),
        id,
        tenantId: ctx.tenantId,
        ownerType: owner.type,
        ownerId: owner.id,
      })
      .execute();
  },

  /** The view if the owner may see it (shared, or theirs). */
  find(ctx: RequestContext, owner: ViewOwner, id: string) {
    return selectViews(ctx, owner).where('savedViews.id', '=', id).executeTakeFirst() as Promise<
      ViewRecord | undefined
    >;
  },

  /** One page of the visible views in the window's order. */
  list(ctx: RequestContext, owner: ViewOwner, { keys, after, rows }: PageWindow) {
    let query = selectViews(ctx, owner).select(keyColumns(keys));
    if (after) query = query.where(afterCursor(keys, after.values, after.id, col('id')));
    return query
      .orderBy(orderTerms(keys, col('id')))
      .limit(rows)
      .execute() as Promise<ViewRecord[]>;
  },

  async update(ctx: RequestContext, id: string, changes: Partial<ViewFields>): Promise<void> {
    const { columns, ...rest } = changes;
    await ctx.db
      .updateTable('savedViews')
      .set({ ...rest, ...(columns ? { columns: JSON.stringify(columns) } : {}), updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  async delete(ctx: RequestContext, id: string): Promise<void> {
    await ctx.db.deleteFrom('savedViews').where('tenantId', '=', ctx.tenantId).where('id', '=', id).execute();
  },

  /** Sets (or with null clears) the owner's default view; one row per owner. */
  async setDefault(ctx: RequestContext, owner: ViewOwner, viewId: string | null): Promise<void> {
    if (viewId === null) {
      await ctx.db
        .deleteFrom('defaultViews')
        .where('tenantId', '=', ctx.tenantId)
        .where('ownerType', '=', owner.type)
        .where('ownerId', '=', owner.id)
        .execute();
      return;
    }
    await ctx.db
      .insertInto('defaultViews')
      .values({ tenantId: ctx.tenantId, ownerType: owner.type, ownerId: owner.id, viewId })
      .onConflict((oc) =>
        oc.columns(['tenantId', 'ownerType', 'ownerId']).doUpdateSet({ viewId, updatedAt: new Date() }),
      )
      .execute();
  },

  /** A shared view that stops being shared is no longer anyone's default but its author's. */
  async dropOthersDefaults(ctx: RequestContext, viewId: string, owner: ViewOwner): Promise<void> {
    await ctx.db
      .deleteFrom('defaultViews')
      .where('tenantId', '=', ctx.tenantId)
      .where('viewId', '=', viewId)
      .where((eb) => eb.or([eb('ownerType', '!=', owner.type), eb('ownerId', '!=', owner.id)]))
      .execute();
  },
};
