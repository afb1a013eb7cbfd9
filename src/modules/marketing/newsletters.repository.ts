import type { Selectable } from 'kysely';
import { type ExpressionBuilder, sql } from 'kysely';
import type { DB, NewslettersTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';

/** Newsletters by code (newsletters_sort_code); a tenant has few. */
export const newsletterList: ListSpec = {
  sortFields: { code: { expression: sql`(lower(newsletters.code) collate "C")`, type: 'text' } },
  defaultSort: 'code',
};

/** Contacts subscribed now, counted off subscriptions_newsletter (tenant, newsletter, status). */
const subscriberCount = (eb: ExpressionBuilder<DB, 'newsletters'>) =>
  eb
    .selectFrom('subscriptions')
    .select((s) => s.fn.countAll<number>().as('n'))
    .whereRef('subscriptions.tenantId', '=', 'newsletters.tenantId')
    .whereRef('subscriptions.newsletterId', '=', 'newsletters.id')
    .where('subscriptions.status', '=', 'SUBSCRIBED')
    .as('subscriberCount');

export type NewsletterRecord = Selectable<NewslettersTable> & { subscriberCount: number | string };
type NewsletterFields = Pick<
  Selectable<NewslettersTable>,
  'code' | 'name' | 'description' | 'doubleOptIn' | 'isDefault'
>;

const newslettersOf = (ctx: RequestContext) =>
  ctx.db
    .selectFrom('newsletters')
    .selectAll('newsletters')
    .select(subscriberCount)
    .where('newsletters.tenantId', '=', ctx.tenantId);

export const newslettersRepository = {
  list(ctx: RequestContext, siteId: string | null, { keys, after, rows }: PageWindow) {
    let query = newslettersOf(ctx).select(keyColumns(keys));
    if (siteId) query = query.where('newsletters.siteId', '=', siteId);
    if (after) query = query.where(afterCursor(keys, after.values, after.id, sql`newsletters.id`));
    return query.orderBy(orderTerms(keys, sql`newsletters.id`)).limit(rows).execute() as Promise<
      NewsletterRecord[]
    >;
  },

  find(ctx: RequestContext, id: string) {
    return newslettersOf(ctx).where('newsletters.id', '=', id).executeTakeFirst() as Promise<
      NewsletterRecord | undefined
    >;
  },

  /** The site's newsletter with this code, whatever its case (newsletters_code). */
  findByCode(ctx: RequestContext, siteId: string, code: string) {
    return ctx.db
      .selectFrom('newsletters')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('siteId', '=', siteId)
      .where(sql`lower(code)`, '=', code.toLowerCase())
      .executeTakeFirst();
  },

  /** The tenant's oldest default newsletter (an import's newsletter when it names none). */
  firstDefault(ctx: RequestContext) {
    return ctx.db
      .selectFrom('newsletters')
      .select(['id', 'code'])
      .where('tenantId', '=', ctx.tenantId)
      .where('isDefault', '=', true)
      .orderBy('createdAt')
      .orderBy('id')
      .executeTakeFirst();
  },

  findDefault(ctx: RequestContext, siteId: string) {
    return ctx.db
      .selectFrom('newsletters')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('siteId', '=', siteId)
      .where('isDefault', '=', true)
      .executeTakeFirst();
  },

  /** Every newsletter of the tenant (or of one site), by code: a contact's subscriptions list them all. */
  all(ctx: RequestContext, siteId: string | null = null) {
    let query = ctx.db.selectFrom('newsletters').selectAll().where('tenantId', '=', ctx.tenantId);
    if (siteId) query = query.where('siteId', '=', siteId);
    return query.orderBy(sql`lower(code)`).orderBy('id').limit(1000).execute();
  },

  async insert(ctx: RequestContext, row: NewsletterFields & { id: string; siteId: string }) {
    await ctx.db
      .insertInto('newsletters')
      .values({ ...row, tenantId: ctx.tenantId })
      .execute();
  },

  async update(ctx: RequestContext, id: string, changes: Partial<NewsletterFields>): Promise<boolean> {
    const result = await ctx.db
      .updateTable('newsletters')
      .set({ ...changes, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** The site's other newsletters stop being its default (newsletters_default allows one). */
  async clearDefault(ctx: RequestContext, siteId: string, exceptId: string) {
    await ctx.db
      .updateTable('newsletters')
      .set({ isDefault: false, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('siteId', '=', siteId)
      .where('isDefault', '=', true)
      .where('id', '<>', exceptId)
      .execute();
  },

  /** Removes the newsletter and its subscriptions and links (cascade); consent records stay. */
  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const result = await ctx.db
      .deleteFrom('newsletters')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};
