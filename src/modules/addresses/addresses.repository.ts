import { sql } from 'kysely';
import type { AddressRow, NewAddressRow } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import { sqlCopyCell, sqlCsvCells } from '../../lib/csv.js';

/** An address as a merge compares it: the place, not the label or the name on it. */
const addressKey = (alias: string) => {
  const c = (name: string) => sql.ref(`${alias}.${name}`);
  const norm = (name: string) => sql`lower(replace(coalesce(${c(name)}, ''), ' ', ''))`;
  return sql`(${norm('line1')}, ${norm('line2')}, ${norm('city')}, ${norm('postal_code')}, ${c('country_code')}, coalesce(${c('state_code')}, ''))`;
};

/** Each address column of the CSV export as PostgreSQL text. */
const ADDRESS_CELLS: Readonly<Record<string, string>> = {
  firstName: 'first_name',
  lastName: 'last_name',
  companyName: 'company_name',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  postalCode: 'postal_code',
  countryCode: 'country_code',
  stateCode: 'state_code',
  phone: 'phone',
};

/**
 * A page's customer ids as a set to join, not `= any(…)`: the planner estimates an any() list
 * element by element, which for a page of 5,000 costs more than the read itself.
 */
const idSet = (ids: readonly string[]) => sql<string>`(select unnest(${sql.val(ids)}::uuid[]))`;

export const addressesRepository = {
  listForCustomer(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('addresses')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .orderBy('id')
      .execute();
  },

  find(ctx: RequestContext, customerId: string, id: string) {
    return ctx.db
      .selectFrom('addresses')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  insert(ctx: RequestContext, rows: Omit<NewAddressRow, 'tenantId'>[]) {
    if (rows.length === 0) return Promise.resolve([] as AddressRow[]);
    return ctx.db
      .insertInto('addresses')
      .values(rows.map((row) => ({ ...row, tenantId: ctx.tenantId })))
      .returningAll()
      .execute();
  },

  /**
   * Many addresses in one statement (an import's or the seeder's batch): the rows travel as one
   * JSON parameter (json, read as the rows are made; see customerImportRepository.insertMany), not
   * 15 bind parameters a row, which PostgreSQL parses far faster in bulk.
   */
  async insertMany(ctx: RequestContext, rows: readonly Omit<NewAddressRow, 'tenantId'>[]) {
    if (rows.length === 0) return;
    await sql`
      insert into addresses (tenant_id, id, customer_id, label, first_name, last_name, company_name, line1,
        line2, city, postal_code, country_code, state_code, phone, is_default_billing, is_default_shipping,
        created_at, updated_at)
      select ${ctx.tenantId}, v.id, v."customerId", v.label, v."firstName", v."lastName", v."companyName",
        v.line1, v.line2, v.city, v."postalCode", v."countryCode", v."stateCode", v.phone,
        v."isDefaultBilling", v."isDefaultShipping", coalesce(v."createdAt", now()), coalesce(v."updatedAt", now())
      from json_to_recordset(${JSON.stringify(rows)}::json) as v(id uuid, "customerId" uuid, label text,
        "firstName" text, "lastName" text, "companyName" text, line1 text, line2 text, city text,
        "postalCode" text, "countryCode" text, "stateCode" text, phone text, "isDefaultBilling" boolean,
        "isDefaultShipping" boolean, "createdAt" timestamptz, "updatedAt" timestamptz)`.execute(ctx.db);
  },

  update(
    ctx: RequestContext,
    customerId: string,
    id: string,
    changes: Partial<Omit<NewAddressRow, 'tenantId'>>,
  ) {
    return ctx.db
      .updateTable('addresses')
      .set({ ...changes, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  async delete(ctx: RequestContext, customerId: string, id: string) {
    const result = await ctx.db
      .deleteFrom('addresses')
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  /** Clears a default flag on the customer's other addresses before another takes it. */
  clearDefault(
    ctx: RequestContext,
    customerId: string,
    flag: 'isDefaultBilling' | 'isDefaultShipping',
    exceptId?: string,
  ) {
    let query = ctx.db
      .updateTable('addresses')
      .set({ [flag]: false, updatedAt: new Date() })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where(flag, '=', true);
    if (exceptId) query = query.where('id', '!=', exceptId);
    return query.execute();
  },

  defaultBilling(ctx: RequestContext, customerId: string) {
    return ctx.db
      .selectFrom('addresses')
      .select(['countryCode', 'stateCode'])
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('isDefaultBilling', '=', true)
      .executeTakeFirst();
  },

  /** The default billing addresses of many customers, one statement (index addresses_default_billing). */
  defaultBillingOf(ctx: RequestContext, customerIds: readonly string[]) {
    if (customerIds.length === 0) return Promise.resolve([] as AddressRow[]);
    return ctx.db
      .selectFrom('addresses')
      .selectAll()
      .where('tenantId', '=', ctx.tenantId)
      .where('isDefaultBilling', '=', true)
      .where('customerId', 'in', idSet(customerIds))
      .execute();
  },

  /**
   * The CSV cells of many customers' default billing addresses (an export's page), written by
   * PostgreSQL in the order of `fields` (address column names: firstName, line1, …).
   */
  defaultBillingCsv(ctx: RequestContext, customerIds: readonly string[], fields: readonly string[]) {
    if (customerIds.length === 0) return Promise.resolve([] as { customerId: string; cells: string }[]);
    const cells = sqlCsvCells(fields.map((field) => sql.raw<string | null>(ADDRESS_CELLS[field] ?? 'null')));
    return ctx.db
      .selectFrom('addresses')
      .select(['customerId', cells.as('cells')])
      .where('tenantId', '=', ctx.tenantId)
      .where('isDefaultBilling', '=', true)
      .where('customerId', 'in', idSet(customerIds))
      .execute();
  },

  /**
   * Every default billing address of the tenant as a table for an export's COPY to join on
   * (`tenant_id`, `customer_id`): its cells formula-safe for PostgreSQL's CSV writer, named `a0`,
   * `a1`, … in the order of `fields`. A plain subquery, so the planner folds it into the join
   * (a merge or hash join for a whole tenant, addresses_default_billing for a few customers).
   */
  defaultBillingCopyCells(ctx: RequestContext, fields: readonly string[]) {
    return ctx.db
      .selectFrom('addresses')
      .select(['addresses.tenantId', 'addresses.customerId'])
      .select(
        fields.map((field, i) =>
          sqlCopyCell(sql.raw<string | null>(`addresses.${ADDRESS_CELLS[field] ?? 'null'}`)).as(`a${i}`),
        ),
      )
      .where('addresses.tenantId', '=', ctx.tenantId)
      .where('addresses.isDefaultBilling', '=', true);
  },

  /**
   * An update import's addresses, set-based: each customer's default billing address takes the
   * row's fields in place; a customer without one gets the row as a new address, its default
   * billing and (when it has none) shipping address. Answers the customers it touched.
   */
  /**
   * Makes each row the customer's default billing address: the current one changed in place, or a
   * new one. Answers each address before (null when added) and after, for the timeline's diff
   * (`o`, the address joined again, reads it as the statement found it).
   */
  async replaceDefaultBilling(
    ctx: RequestContext,
    rows: readonly Omit<NewAddressRow, 'tenantId'>[],
  ): Promise<
    {
      id: string;
      customerId: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown>;
    }[]
  > {
    if (rows.length === 0) return [];
    const json = JSON.stringify(rows);
    const recordset = sql.raw(
      'id uuid, "customerId" uuid, label text, "firstName" text, "lastName" text, "companyName" text, line1 text, line2 text, city text, "postalCode" text, "countryCode" text, "stateCode" text, phone text',
    );
    const result = await sql<{
      id: string;
      customerId: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown>;
    }>`
      with v as (select * from jsonb_to_recordset(${json}::jsonb) as v(${recordset})),
      changed as (
        update addresses a set label = v.label, first_name = v."firstName", last_name = v."lastName",
          company_name = v."companyName", line1 = v.line1, line2 = v.line2, city = v.city,
          postal_code = v."postalCode", country_code = v."countryCode", state_code = v."stateCode",
          phone = v.phone, updated_at = now()
        from v
        join addresses o on o.tenant_id = ${ctx.tenantId} and o.customer_id = v."customerId" and o.is_default_billing
        where a.tenant_id = ${ctx.tenantId} and a.id = o.id
        returning a.id, a.customer_id, to_jsonb(o) as before, to_jsonb(a) as after
      ),
      added as (
        insert into addresses (tenant_id, id, customer_id, label, first_name, last_name, company_name, line1,
          line2, city, postal_code, country_code, state_code, phone, is_default_billing, is_default_shipping)
        select ${ctx.tenantId}, v.id, v."customerId", v.label, v."firstName", v."lastName", v."companyName",
          v.line1, v.line2, v.city, v."postalCode", v."countryCode", v."stateCode", v.phone, true,
          not exists (select 1 from addresses s where s.tenant_id = ${ctx.tenantId}
            and s.customer_id = v."customerId" and s.is_default_shipping)
        from v
        where v."customerId" not in (select customer_id from changed)
        returning addresses.id, addresses.customer_id, to_jsonb(addresses) as after
      )
      select id, customer_id, before, after from changed
      union all
      select id, customer_id, null, after from added`.execute(ctx.db);
    return result.rows;
  },

  /**
   * Moves guests' addresses to the registered customer that took over their history. They
   * arrive without default flags; the caller decides the defaults.
   */
  reassign(ctx: RequestContext, fromCustomerIds: readonly string[], toCustomerId: string) {
    if (fromCustomerIds.length === 0) return Promise.resolve([]);
    return ctx.db
      .updateTable('addresses')
      .set({
        customerId: toCustomerId,
        isDefaultBilling: false,
        isDefaultShipping: false,
        updatedAt: new Date(),
      })
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', 'in', fromCustomerIds)
      .returning(['id', 'countryCode', 'stateCode'])
      .execute();
  },

  /**
   * A merge: deletes the source's addresses that the survivor already has (the same lines, city,
   * postal code, country and state, compared without case and spaces), before the rest move.
   */
  async deleteDuplicatesOf(ctx: RequestContext, fromId: string, toId: string): Promise<number> {
    const result = await sql`
      delete from addresses s
      where s.tenant_id = ${ctx.tenantId} and s.customer_id = ${fromId}
        and exists (
          select 1 from addresses t
          where t.tenant_id = s.tenant_id and t.customer_id = ${toId}
            and ${addressKey('t')} = ${addressKey('s')})`.execute(ctx.db);
    return Number(result.numAffectedRows ?? 0);
  },

  /** The customer's postal codes as addresses_postal_key holds them (spaces gone, lower case). */
  async postalKeys(ctx: RequestContext, customerId: string): Promise<string[]> {
    const rows = await ctx.db
      .selectFrom('addresses')
      .select(sql<string>`lower(replace(postal_code, ' ', ''))`.as('key'))
      .distinct()
      .where('tenantId', '=', ctx.tenantId)
      .where('customerId', '=', customerId)
      .where('postalCode', 'is not', null)
      .execute();
    return rows.map((row) => row.key).filter((key) => key !== '');
  },

  /** Customers with an address at one of these postal codes (read through addresses_postal_key). */
  async customersAtPostalKeys(ctx: RequestContext, keys: readonly string[], limit: number) {
    if (keys.length === 0) return [];
    // No DISTINCT: it would invite a walk of addresses_customer in customer order; the rows at a
    // postal code are few, and a Set removes the repeats.
    const rows = await ctx.db
      .selectFrom('addresses')
      .select('customerId')
      .where('tenantId', '=', ctx.tenantId)
      .where('postalCode', 'is not', null)
      .where(sql`lower(replace(postal_code, ' ', ''))`, 'in', keys)
      .limit(limit)
      .execute();
    return [...new Set(rows.map((row) => row.customerId))];
  },
};
