import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { AttributeDefinitionsTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms, type SortFields } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';
import type { AttributeDefinition } from './attribute-values.js';
import { attributeSort } from './attributes.schemas.js';

const columns = [
  'attributeDefinitions.id',
  'attributeDefinitions.code',
  'attributeDefinitions.label',
  'attributeDefinitions.type',
  'attributeDefinitions.options',
  'attributeDefinitions.validation',
  'attributeDefinitions.required',
  'attributeDefinitions.shopperVisible',
  'attributeDefinitions.shopperEditable',
  'attributeDefinitions.indexed',
  'attributeDefinitions.createdAt',
  'attributeDefinitions.updatedAt',
] as const;

/** Served by the unique index (tenant_id, code) and by a walk of the tenant's few rows for createdAt. */
export const definitionSortFields: SortFields = {
  code: { expression: sql`${sql.ref('attributeDefinitions.code')}`, type: 'text' },
  createdAt: { expression: sql`${sql.ref('attributeDefinitions.createdAt')}`, type: 'timestamptz' },
};
export const attributeList: ListSpec = {
  sortFields: definitionSortFields,
  defaultSort: attributeSort.default,
};

type NewDefinition = Omit<Insertable<AttributeDefinitionsTable>, 'tenantId'>;
type DefinitionUpdate = Updateable<AttributeDefinitionsTable>;

const selectDefinitions = (ctx: RequestContext) =>
  ctx.db
    .selectFrom('attributeDefinitions')
    .select(columns)
    .where('attributeDefinitions.tenantId', '=', ctx.tenantId);

export const attributesRepository = {
  /** Every definition of the tenant (at most MAX_DEFINITIONS), by code. */
  all(ctx: RequestContext): Promise<AttributeDefinition[]> {
    return selectDefinitions(ctx).orderBy('attributeDefinitions.code').execute();
  },

  page(ctx: RequestContext, window: PageWindow) {
    const { keys, after, rows } = window;
    const id = sql.ref('attributeDefinitions.id');
    let query = selectDefinitions(ctx).select(keyColumns(keys));
    if (after) query = query.where(afterCursor(keys, after.values, after.id, sql`${id}`));
    return query
      .orderBy(orderTerms(keys, sql`${id}`))
      .limit(rows)
      .execute();
  },

  find(ctx: RequestContext, id: string): Promise<AttributeDefinition | undefined> {
    return selectDefinitions(ctx).where('attributeDefinitions.id', '=', id).executeTakeFirst();
  },

  /** The definition, locked until commit, so two changes of its index flag run one after the other. */
  findForUpdate(ctx: RequestContext, id: string): Promise<AttributeDefinition | undefined> {
    return selectDefinitions(ctx).where('attributeDefinitions.id', '=', id).forUpdate().executeTakeFirst();
  },

  count(ctx: RequestContext): Promise<number> {
    return ctx.db
      .selectFrom('attributeDefinitions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenantId', '=', ctx.tenantId)
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  },

  insert(ctx: RequestContext, row: NewDefinition): Promise<AttributeDefinition> {
    return ctx.db
      .insertInto('attributeDefinitions')
      .values({ ...row, tenantId: ctx.tenantId })
      .returning(columns.map((c) => c.replace('attributeDefinitions.', '')) as never)
      .executeTakeFirstOrThrow() as Promise<AttributeDefinition>;
  },

  update(
    ctx: RequestContext,
    id: string,
    changes: DefinitionUpdate,
  ): Promise<AttributeDefinition | undefined> {
    return ctx.db
      .updateTable('attributeDefinitions')
      .set({ ...changes, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .returning(columns.map((c) => c.replace('attributeDefinitions.', '')) as never)
      .executeTakeFirst() as Promise<AttributeDefinition | undefined>;
  },

  async delete(ctx: RequestContext, id: string): Promise<AttributeDefinition | undefined> {
    return ctx.db
      .deleteFrom('attributeDefinitions')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .returning(columns.map((c) => c.replace('attributeDefinitions.', '')) as never)
      .executeTakeFirst() as Promise<AttributeDefinition | undefined>;
  },
};
