import { sql } from 'kysely';
import type { RequestContext } from '../../lib/context.js';

/** The customer record itself for the data export and erasure (docs/privacy.md). */
export const customerDataRepository = {
  find(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('customers')
      .select([
        'id',
        'customerSetId',
        'originSiteId',
        'isRegistered',
        'enabled',
        'firstName',
        'lastName',
        'email',
        'phone',
        'companyName',
        'organizationId',
        'taxId',
        'locale',
        'note',
        'tags',
        'externalId',
        'countryCode',
        'stateCode',
        'ordersCount',
        'totalSpentMinor',
        'firstOrderAt',
        'lastOrderAt',
        'registeredCustomerId',
        'attributes',
        'anonymizedAt',
        'createdAt',
        'updatedAt',
      ])
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  merges(ctx: RequestContext, id: string) {
    return ctx.db
      .selectFrom('customerMerges')
      .select(['sourceId', 'survivorId', 'actorType', 'actorId', 'mergedAt'])
      .where('tenantId', '=', ctx.tenantId)
      .where((eb) => eb.or([eb('sourceId', '=', id), eb('survivorId', '=', id)]))
      .orderBy('mergedAt')
      .execute();
  },

  /**
   * Blanks every personal field of the row and marks it erased; the id, customer set, origin
   * site, external id (how the store's other systems find the same person to erase them too) and
   * the order metrics stay. No account is left, so the row is a guest that cannot sign in. The
   * tag-count triggers see the tags go.
   */
  async erase(ctx: RequestContext, id: string) {
    const result = await ctx.db
      .updateTable('customers')
      .set({
        isRegistered: false,
        enabled: false,
        firstName: null,
        lastName: null,
        email: null,
        phone: null,
        companyName: null,
        organizationId: null,
        taxId: null,
        locale: null,
        note: null,
        tags: [],
        countryCode: null,
        stateCode: null,
        attributes: '{}',
        anonymizedAt: sql`now()`,
        version: sql`version + 1`,
        updatedAt: sql`now()`,
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};
