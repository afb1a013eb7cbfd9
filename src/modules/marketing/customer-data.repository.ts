import { sql } from 'kysely';
import type { ConsentSource } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';

/**
 * The customer's contacts: the one linked to it, and those of its earlier addresses (a contact
 * whose customer moved to another email keeps its history but loses the link). Served by
 * contacts_customer and contacts_email (tenant_id, lower(email)).
 */
const contactIds = (ctx: RequestContext, customerId: string, emails: readonly string[]) => {
  const lower = emails.map((e) => e.toLowerCase());
  return ctx.db
    .selectFrom('contacts')
    .select('id')
    .where('tenantId', '=', ctx.tenantId)
    .where((eb) =>
      lower.length === 0
        ? eb('customerId', '=', customerId)
        : eb.or([eb('customerId', '=', customerId), eb(sql`lower(email)`, 'in', lower)]),
    );
};

export const marketingDataRepository = {
  contacts(ctx: RequestContext, customerId: string, emails: readonly string[]) {
    return ctx.db
      .selectFrom('contacts')
      .select([
        'id',
        'email',
        'firstName',
        'lastName',
        'locale',
        'invalidAt',
        'invalidReason',
        'createdAt',
        'updatedAt',
      ])
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', contactIds(ctx, customerId, emails))
      .orderBy('id')
      .execute();
  },

  subscriptions(ctx: RequestContext, customerId: string, emails: readonly string[]) {
    return ctx.db
      .selectFrom('subscriptions as s')
      .innerJoin('newsletters as n', (join) =>
        join.onRef('n.tenantId', '=', 's.tenantId').onRef('n.id', '=', 's.newsletterId'),
      )
      .select([
        's.contactId',
        's.newsletterId',
        'n.code as newsletterCode',
        's.status',
        's.optInLevel',
        's.subscribedAt',
        's.createdAt',
        's.updatedAt',
      ])
      .where('s.tenantId', '=', ctx.tenantId)
      .where('s.contactId', 'in', contactIds(ctx, customerId, emails))
      .orderBy('s.contactId')
      .orderBy('s.newsletterId')
      .execute();
  },

  consents(ctx: RequestContext, customerId: string, emails: readonly string[]) {
    return ctx.db
      .selectFrom('consentRecords')
      .select([
        'id',
        'contactId',
        'newsletterId',
        'newsletterCode',
        'status',
        'optInLevel',
        'source',
        'consentText',
        'ip',
        'userAgent',
        'actorType',
        'actorId',
        'actorLabel',
        'createdAt',
      ])
      .where('tenantId', '=', ctx.tenantId)
      .where('contactId', 'in', contactIds(ctx, customerId, emails))
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  },

  /**
   * Appends a REDACTED record for each subscription not yet redacted (the proof of what happened
   * to the consent), then marks the subscriptions REDACTED. `uuidv7_compat()` is migration 0014's.
   */
  async redactSubscriptions(
    ctx: RequestContext,
    customerId: string,
    emails: readonly string[],
    actor: { source: ConsentSource; actorType: string; actorId: string | null },
  ) {
    await ctx.db
      .insertInto('consentRecords')
      .columns([
        'tenantId',
        'id',
        'contactId',
        'newsletterId',
        'newsletterCode',
        'status',
        'source',
        'actorType',
        'actorId',
      ])
      .expression((eb) =>
        eb
          .selectFrom('subscriptions as s')
          .innerJoin('newsletters as n', (join) =>
            join.onRef('n.tenantId', '=', 's.tenantId').onRef('n.id', '=', 's.newsletterId'),
          )
          .select([
            's.tenantId',
            sql<string>`uuidv7_compat()`.as('id'),
            's.contactId',
            's.newsletterId',
            'n.code',
            sql<string>`'REDACTED'`.as('status'),
            sql<string>`${actor.source}`.as('source'),
            sql<string>`${actor.actorType}`.as('actorType'),
            sql<string | null>`${actor.actorId}`.as('actorId'),
          ])
          .where('s.tenantId', '=', ctx.tenantId)
          .where('s.contactId', 'in', contactIds(ctx, customerId, emails))
          .where('s.status', '<>', 'REDACTED'),
      )
      .execute();
    const result = await ctx.db
      .updateTable('subscriptions')
      .set({ status: 'REDACTED', optInLevel: null, subscribedAt: null, updatedAt: sql`now()` })
      .where('tenantId', '=', ctx.tenantId)
      .where('contactId', 'in', contactIds(ctx, customerId, emails))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /** The only change migration 0019 lets through the append-only trigger: the request's evidence blanked. */
  async blankConsentEvidence(ctx: RequestContext, customerId: string, emails: readonly string[]) {
    const result = await ctx.db
      .updateTable('consentRecords')
      .set({ ip: null, userAgent: null, actorLabel: null })
      .where('tenantId', '=', ctx.tenantId)
      .where('contactId', 'in', contactIds(ctx, customerId, emails))
      .where((eb) =>
        eb.or([eb('ip', 'is not', null), eb('userAgent', 'is not', null), eb('actorLabel', 'is not', null)]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async deleteTokens(ctx: RequestContext, customerId: string, emails: readonly string[]) {
    const result = await ctx.db
      .deleteFrom('marketingTokens')
      .where('tenantId', '=', ctx.tenantId)
      .where('contactId', 'in', contactIds(ctx, customerId, emails))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /**
   * The contact stays (its consent records hang on it) under an address that is unique, says
   * what happened and can receive nothing (.invalid, RFC 2606); its names and locale go.
   */
  async redactContacts(ctx: RequestContext, customerId: string, emails: readonly string[]) {
    const result = await ctx.db
      .updateTable('contacts')
      .set({
        email: sql`'erased-' || id || '@erased.invalid'`,
        firstName: null,
        lastName: null,
        locale: null,
        invalidReason: null,
        updatedAt: sql`now()`,
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', 'in', contactIds(ctx, customerId, emails))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};
