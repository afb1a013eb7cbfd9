import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow } from '../../lib/list/paginate.js';

const noteColumns = [
  'customerNotes.id',
  'customerNotes.authorType',
  'customerNotes.authorId',
  'customerNotes.body',
  'customerNotes.createdAt',
  'customerNotes.updatedAt',
] as const;
const returned = noteColumns.map((c) => c.replace('customerNotes.', '')) as never;

export interface NoteRecord {
  id: string;
  authorType: string;
  authorId: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Newest first, ties by id: the index customer_notes_customer (tenant, customer, created_at, id) walked backwards. */
export const noteList: ListSpec = {
  sortFields: { createdAt: { expression: sql`${sql.ref('customerNotes.createdAt')}`, type: 'timestamptz' } },
  defaultSort: '-createdAt',
};

// Every statement names the customer as well as the tenant: a note id of another customer is no note.
export const notesRepository = {
  insert(
    ctx: RequestContext,
    row: { id: string; customerId: string; authorType: string; authorId: string; body: string },
  ) {
    return ctx.db
      .insertInto('customerNotes')
      .values({ ...row, tenantId: ctx.tenantId })
      .returning(returned)
      .executeTakeFirstOrThrow() as Promise<NoteRecord>;
  },

  /** The note, locked until the caller's transaction ends, so its author is checked against what is changed. */
  findForUpdate(ctx: RequestContext, customerId: string, id: string) {
    return ctx.db
      .selectFrom('customerNotes')
      .select(noteColumns)
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  /** A new body; updated_at from the database's clock, as created_at is, so `edited` compares like with like. */
  update(ctx: RequestContext, customerId: string, id: string, body: string) {
    return ctx.db
      .updateTable('customerNotes')
      .set({ body, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .returning(returned)
      .executeTakeFirstOrThrow() as Promise<NoteRecord>;
  },

  delete(ctx: RequestContext, customerId: string, id: string) {
    return ctx.db
      .deleteFrom('customerNotes')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .execute();
  },

  /** One page of a customer's notes (limit + 1 rows), after the cursor's note. */
  list(ctx: RequestContext, customerId: string, { keys, after, rows }: PageWindow): Promise<NoteRecord[]> {
    const id = sql.ref('customerNotes.id');
    let query = ctx.db
      .selectFrom('customerNotes')
      .select(noteColumns)
      .select(keyColumns(keys))
      .where('customerNotes.tenantId', '=', ctx.tenantId)
      .where('customerNotes.customerId', '=', customerId);
    if (after) query = query.where(afterCursor(keys, after.values, after.id, id));
    return query.orderBy(orderTerms(keys, id)).limit(rows).execute();
  },

  /** A merge: every note of one customer becomes the other's, author and dates kept. */
  async moveToCustomer(ctx: RequestContext, fromId: string, toId: string): Promise<number> {
    const result = await ctx.db
      .updateTable('customerNotes')
      .set({ customerId: toId })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', fromId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};
