import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { WebhookDisabledReason, WebhooksTable } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import type { PageWindow } from '../../lib/list/paginate.js';

/** Every column but the secret: what the API shows. */
const shownColumns = [
  'id',
  'url',
  'topics',
  'enabled',
  'description',
  'disabledReason',
  'failingSince',
  'createdAt',
  'updatedAt',
] as const;

export type WebhookRecord = Omit<Selectable<WebhooksTable>, 'tenantId' | 'secret'>;

export interface WebhookChange {
  url?: string;
  topics?: string[];
  enabled?: boolean;
  description?: string | null;
  disabledReason?: WebhookDisabledReason | null;
  failingSince?: null;
}

export const webhooksRepository = {
  insert(
    ctx: RequestContext,
    row: {
      id: string;
      url: string;
      topics: string[];
      enabled: boolean;
      description: string | null;
      secret: string;
    },
  ): Promise<WebhookRecord> {
    return ctx.db
      .insertInto('webhooks')
      .values({
        ...row,
        tenantId: ctx.tenantId,
        disabledReason: row.enabled ? null : 'manual',
      })
      .returning(shownColumns)
      .executeTakeFirstOrThrow();
  },

  find(ctx: RequestContext, id: string): Promise<WebhookRecord | undefined> {
    return ctx.db
      .selectFrom('webhooks')
      .select(shownColumns)
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** The endpoint, locked until the caller's transaction ends (a change and its deliveries' fate agree). */
  findForUpdate(ctx: RequestContext, id: string): Promise<WebhookRecord | undefined> {
    return ctx.db
      .selectFrom('webhooks')
      .select(shownColumns)
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Newest first by id (UUIDv7), limit + 1 rows. */
  list(ctx: RequestContext, { after, rows }: PageWindow): Promise<WebhookRecord[]> {
    let query = ctx.db.selectFrom('webhooks').select(shownColumns).where('tenantId', '=', ctx.tenantId);
    if (after) query = query.where('id', '<', after.id);
    return query.orderBy('id', 'desc').limit(rows).execute();
  },

  update(ctx: RequestContext, id: string, change: WebhookChange & { secret?: string }) {
    return ctx.db
      .updateTable('webhooks')
      .set({ ...change, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .returning(shownColumns)
      .executeTakeFirst();
  },

  async delete(ctx: RequestContext, id: string): Promise<boolean> {
    const result = await ctx.db
      .deleteFrom('webhooks')
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** The enabled endpoints subscribed to `topic`, served by the partial index webhooks_enabled. */
  subscribedTo(ctx: RequestContext, topic: string) {
    return ctx.db
      .selectFrom('webhooks')
      .select('id')
      .where('tenantId', '=', ctx.tenantId)
      .where('enabled', '=', true)
      .where(sql<boolean>`${topic} = any(topics)`)
      .execute();
  },
};
