import { type Insertable, type Selectable, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type {
  ConsentRecordsTable,
  ContactsTable,
  MarketingTokensTable,
  OptInLevel,
  SubscriptionStatus,
} from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { afterCursor, orderTerms, sortSignature } from '../../lib/list/list-builder.js';
import { keyColumns, type ListSpec, type PageWindow, type ReadRows } from '../../lib/list/paginate.js';
import { readPlanned } from '../../lib/list/plan.js';

/** Contacts by email A to Z (contacts_sort_email). */
export const contactList: ListSpec = {
  sortFields: { email: { expression: sql`(lower(contacts.email) collate "C")`, type: 'text' } },
  defaultSort: 'email',
};

/** A contact's consent records newest first (consent_records_contact walked backwards). */
export const consentList: ListSpec = {
  sortFields: { createdAt: { expression: sql`consent_records.created_at`, type: 'timestamptz' } },
  defaultSort: '-createdAt',
};

export type ContactRecord = Selectable<ContactsTable>;
export type ConsentRow = Selectable<ConsentRecordsTable>;

/** `%`, `_` and `\` in a search fragment match themselves. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const contactsRepository = {
  /**
   * One page of contacts by email. A search is a substring of the address, which no index holds, so
   * it is a walk of the email index with lib/list/plan.ts's budget: a rare fragment answers a
   * partial page with a cursor that goes on, instead of reading a million addresses in one request.
   */
  list(ctx: RequestContext, q: string | null, window: PageWindow): Promise<ReadRows<ContactRecord>> {
    const { keys, after, rows } = window;
    const select = (db: RequestContext['db']) => {
      let query = db
        .selectFrom('contacts')
        .selectAll('contacts')
        .select(keyColumns(keys))
        .where('contacts.tenantId', '=', ctx.tenantId);
      if (after) query = query.where(afterCursor(keys, after.values, after.id, sql`contacts.id`));
      return query;
    };
    if (!q) return select(ctx.db).orderBy(orderTerms(keys, sql`contacts.id`)).limit(rows).execute();
    return readPlanned<ContactRecord>(ctx, {
      window,
      idColumn: sql`contacts.id`,
      select,
      condition: sql<SqlBool>`lower(contacts.email) like ${`%${likeEscaped(q.toLowerCase())}%`}`,
      planKey: ['contacts', ctx.tenantId, sortSignature(keys), q].join('\n'),
    });
  },

  find(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('contacts')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** The contact of an address, whatever its case (contacts_email). */
  findByEmail(ctx: RequestContext, email: string) {
    return ctx.db
      .selectFrom('contacts')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  },

  /** The address's contact, made when there is none (a sign-up without a customer). */
  async ensure(ctx: RequestContext, row: { id: string; email: string }): Promise<ContactRecord> {
    await sql`
      insert into contacts (tenant_id, id, email) values (${ctx.tenantId}, ${row.id}, ${row.email})
      on conflict (tenant_id, lower(email)) do nothing`.execute(ctx.db);
    return (await contactsRepository.findByEmail(ctx, row.email))!;
  },

  async markInvalid(ctx: RequestContext, id: string, reason: string | null) {
    await ctx.db
      .updateTable('contacts')
      .set({ invalidAt: sql`coalesce(invalid_at, now())`, invalidReason: reason, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  /** Every newsletter of the tenant with the contact's state of it (a row even when never asked). */
  subscriptionsOf(ctx: RequestContext, contactId: string) {
    return ctx.db
      .selectFrom('newsletters as n')
      .leftJoin('subscriptions as s', (join) =>
        join
          .onRef('s.tenantId', '=', 'n.tenantId')
          .onRef('s.newsletterId', '=', 'n.id')
          .on('s.contactId', '=', contactId),
      )
      .select([
        'n.id as newsletterId',
        'n.code',
        'n.name',
        'n.description',
        'n.siteId',
        's.status',
        's.optInLevel',
        's.updatedAt',
      ])
      .where('n.tenantId', '=', ctx.tenantId)
      .orderBy(sql`lower(n.code)`)
      .orderBy('n.id')
      .limit(1000)
      .execute();
  },

  /** The contact's subscription to the newsletter, locked for the caller's change. */
  lockSubscription(ctx: RequestContext, contactId: string, newsletterId: string) {
    return ctx.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('contactId', '=', contactId)
      .where('newsletterId', '=', newsletterId)
      .forUpdate()
      .executeTakeFirst();
  },

  /**
   * Before a subscription changes: the contact's customer (null for a contact alone) and the
   * subscription's status, null when there is none yet. Locks the subscription row, if any.
   */
  async subscriptionBefore(ctx: RequestContext, contactId: string, newsletterId: string) {
    const row = await ctx.db
      .selectFrom('contacts')
      .leftJoin('subscriptions', (join) =>
        join
          .onRef('subscriptions.tenantId', '=', 'contacts.tenantId')
          .onRef('subscriptions.contactId', '=', 'contacts.id')
          .on('subscriptions.newsletterId', '=', newsletterId),
      )
      .select(['contacts.customerId', 'subscriptions.status'])
      .where('contacts.tenantId', '=', ctx.tenantId)
      .where('contacts.id', '=', contactId)
      .executeTakeFirst();
    return { customerId: row?.customerId ?? null, status: row?.status ?? null };
  },

  async putSubscription(
    ctx: RequestContext,
    row: {
      contactId: string;
      newsletterId: string;
      status: SubscriptionStatus;
      optInLevel: OptInLevel | null;
    },
  ) {
    const subscribed = row.status === 'SUBSCRIBED';
    await ctx.db
      .insertInto('subscriptions')
      .values({ ...row, tenantId: ctx.tenantId, subscribedAt: subscribed ? sql`now()` : null })
      .onConflict((oc) =>
        oc.columns(['tenantId', 'contactId', 'newsletterId']).doUpdateSet({
          status: row.status,
          optInLevel: row.optInLevel,
          // subscribedAt: when the current subscription began; kept across a repeated SUBSCRIBED.
          subscribedAt: subscribed
            ? sql`case when subscriptions.status = 'SUBSCRIBED' then subscriptions.subscribed_at else now() end`
            : null,
          updatedAt: sql`now()`,
        }),
      )
      .execute();
  },

  /** The contact's subscriptions not yet INVALID or REDACTED, with their newsletter's code, locked. */
  lockLiveSubscriptions(ctx: RequestContext, contactId: string) {
    return ctx.db
      .selectFrom('subscriptions as s')
      .innerJoin('newsletters as n', (join) =>
        join.onRef('n.tenantId', '=', 's.tenantId').onRef('n.id', '=', 's.newsletterId'),
      )
      .select(['s.newsletterId', 'n.code', 's.status'])
      .where('s.tenantId', '=', ctx.tenantId)
      .where('s.contactId', '=', contactId)
      .forUpdate(['s'])
      .execute();
  },

  /**
   * An import's marketing column for a batch, set-based: each address whose contact is not
   * subscribed and said yes becomes SUBSCRIBED (single opt-in), each subscribed one that said no
   * UNSUBSCRIBED, and each change appends its consent record (source `import`) in the same
   * statement. PENDING, INVALID and REDACTED contacts are left as they are; a row that repeats
   * the contact's state changes nothing and leaves no record.
   */
  async importConsents(
    ctx: RequestContext,
    newsletter: { id: string; code: string },
    rows: readonly { recordId: string; email: string; accepts: boolean }[],
    consentText: string,
    actor: { actorType: string; actorId: string | null },
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await sql`
      with v as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v("recordId" uuid, email text, accepts boolean)
      ),
      c as (
        select distinct on (ct.id) v."recordId" as record_id, ct.id as contact_id, v.accepts
        from v
        join contacts ct on ct.tenant_id = ${ctx.tenantId} and lower(ct.email) = lower(v.email)
        left join subscriptions s on s.tenant_id = ct.tenant_id and s.contact_id = ct.id
          and s.newsletter_id = ${newsletter.id}
        where case when v.accepts then coalesce(s.status, 'NOT_SUBSCRIBED') in ('NOT_SUBSCRIBED', 'UNSUBSCRIBED')
                   else s.status = 'SUBSCRIBED' end
        order by ct.id
      ),
      put as (
        insert into subscriptions (tenant_id, contact_id, newsletter_id, status, opt_in_level, subscribed_at)
        select ${ctx.tenantId}, contact_id, ${newsletter.id},
          case when accepts then 'SUBSCRIBED' else 'UNSUBSCRIBED' end,
          case when accepts then 'SINGLE_OPT_IN' end, case when accepts then now() end
        from c
        on conflict (tenant_id, contact_id, newsletter_id) do update set status = excluded.status,
          opt_in_level = excluded.opt_in_level, subscribed_at = excluded.subscribed_at, updated_at = now()
      )
      insert into consent_records (tenant_id, id, contact_id, newsletter_id, newsletter_code, status,
        opt_in_level, source, consent_text, actor_type, actor_id)
      select ${ctx.tenantId}, record_id, contact_id, ${newsletter.id}, ${newsletter.code},
        case when accepts then 'SUBSCRIBED' else 'UNSUBSCRIBED' end,
        case when accepts then 'SINGLE_OPT_IN' end, 'import', ${consentText}, ${actor.actorType}, ${actor.actorId}
      from c`.execute(ctx.db);
    return Number(result.numAffectedRows ?? 0);
  },

  async insertConsent(ctx: RequestContext, row: Omit<Insertable<ConsentRecordsTable>, 'tenantId'>) {
    await ctx.db
      .insertInto('consentRecords')
      .values({ ...row, tenantId: ctx.tenantId })
      .execute();
  },

  listConsents(
    ctx: RequestContext,
    contactId: string,
    { keys, after, rows }: PageWindow,
  ): Promise<ConsentRow[]> {
    let query = ctx.db
      .selectFrom('consentRecords')
      .selectAll('consentRecords')
      .select(keyColumns(keys))
      .where('consentRecords.tenantId', '=', ctx.tenantId)
      .where('consentRecords.contactId', '=', contactId);
    if (after) query = query.where(afterCursor(keys, after.values, after.id, sql`consent_records.id`));
    return query.orderBy(orderTerms(keys, sql`consent_records.id`)).limit(rows).execute();
  },

  /** The newest PENDING record of a sign-up: its wording is what the confirmation agrees to. */
  latestPending(ctx: RequestContext, contactId: string, newsletterId: string) {
    return ctx.db
      .selectFrom('consentRecords')
      .select(['consentText'])
      .where('tenantId', '=', ctx.tenantId)
      .where('contactId', '=', contactId)
      .where('newsletterId', '=', newsletterId)
      .where('status', '=', 'PENDING')
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  async insertToken(ctx: RequestContext, row: Omit<Insertable<MarketingTokensTable>, 'tenantId'>) {
    await ctx.db
      .insertInto('marketingTokens')
      .values({ ...row, tenantId: ctx.tenantId })
      .execute();
  },

  /**
   * The link's token by its digest, across tenants (marketing_tokens_hash): an unsubscribe link
   * names no tenant. Locked, so two clicks on one confirmation link use it once.
   */
  findToken(db: Database, tokenHash: string) {
    return db
      .selectFrom('marketingTokens')
      .selectAll()
      .where('tokenHash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst();
  },

  async useToken(ctx: RequestContext, id: string) {
    await ctx.db
      .updateTable('marketingTokens')
      .set({ usedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .execute();
  },

  /** Unused confirmation links of a contact for a newsletter stop working (a new one was sent). */
  async retireConfirmLinks(ctx: RequestContext, contactId: string, newsletterId: string) {
    await ctx.db
      .updateTable('marketingTokens')
      .set({ usedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('contactId', '=', contactId)
      .where('newsletterId', '=', newsletterId)
      .where('purpose', '=', 'confirm')
      .where('usedAt', 'is', null)
      .execute();
  },

  /**
   * One batch of a newsletter's subscribed contacts after `afterContactId`, in contact id order
   * (subscriptions_newsletter: tenant, newsletter, status, contact_id), so an export of any size
   * reads a bounded batch at a time. Invalid addresses are left out.
   */
  /**
   * One keyset batch of a newsletter's subscribed contacts, `limit` subscriptions at a time in
   * contact order, each joined to its contact by primary key. The subscriptions are limited first
   * (on `subscriptions_newsletter`), so the join is `limit` index look-ups: a join before the limit
   * let PostgreSQL hash every contact of the tenant for every batch. Invalid contacts come back
   * flagged, so the caller skips them but still knows where the batch ended.
   */
  recipients(ctx: RequestContext, newsletterId: string, afterContactId: string | null, limit: number) {
    let batch = ctx.db
      .selectFrom('subscriptions')
      .select(['contactId', 'subscribedAt', 'optInLevel'])
      .where('tenantId', '=', ctx.tenantId)
      .where('newsletterId', '=', newsletterId)
      .where('status', '=', 'SUBSCRIBED');
    if (afterContactId) batch = batch.where('contactId', '>', afterContactId);
    return ctx.db
      .selectFrom(batch.orderBy('contactId').limit(limit).as('s'))
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('contacts')
            .select(['email', 'firstName', 'lastName', 'locale', 'invalidAt'])
            .where('contacts.tenantId', '=', ctx.tenantId)
            .whereRef('contacts.id', '=', 's.contactId')
            .as('c'),
        (join) => join.onTrue(),
      )
      .select([
        's.contactId',
        'c.email',
        'c.firstName',
        'c.lastName',
        'c.locale',
        'c.invalidAt',
        's.subscribedAt',
        's.optInLevel',
      ])
      .orderBy('s.contactId')
      .execute();
  },

  /**
   * Whether the address may get email about the newsletter: not when it is invalid, or when its
   * subscription is UNSUBSCRIBED, INVALID or REDACTED. For the email worker, across tenants.
   */
  async suppressed(db: Database, tenantId: string, address: string, newsletterId: string): Promise<boolean> {
    const row = await db
      .selectFrom('contacts as c')
      .leftJoin('subscriptions as s', (join) =>
        join
          .onRef('s.tenantId', '=', 'c.tenantId')
          .onRef('s.contactId', '=', 'c.id')
          .on('s.newsletterId', '=', newsletterId),
      )
      .select(['c.invalidAt', 's.status'])
      .where('c.tenantId', '=', tenantId)
      .where(sql`lower(c.email)`, '=', address.toLowerCase())
      .executeTakeFirst();
    if (!row) return false;
    return row.invalidAt !== null || ['UNSUBSCRIBED', 'INVALID', 'REDACTED'].includes(row.status ?? '');
  },

  /** The contact of an address in a tenant, for the email worker's bounce handling. */
  findByEmailIn(db: Database, tenantId: string, address: string) {
    return db
      .selectFrom('contacts')
      .select(['id'])
      .where('tenantId', '=', tenantId)
      .where(sql`lower(email)`, '=', address.toLowerCase())
      .executeTakeFirst();
  },
};
