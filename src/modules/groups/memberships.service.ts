import type { Expression } from 'kysely';
import type { Database } from '../../db/database.js';
import { inTransaction, type RequestContext, systemContext } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { iso } from '../../lib/time.js';
import { findCustomer, lockCustomerRows, requireCustomer } from '../customers/customer-records.service.js';
import { enqueueEmail } from '../email/email.service.js';
import { recordEvent } from '../events/events.service.js';
import { emailSiteFor } from '../tenants/tenants.service.js';
import { groupErrors } from './groups.errors.js';
import { groupsRepository, type MembershipPeriod } from './groups.repository.js';
import { MAX_MEMBERSHIPS, type Membership, type MembershipInput } from './groups.schemas.js';
import { requireGroup } from './groups.service.js';

type MembershipRow = Awaited<ReturnType<typeof groupsRepository.memberships>>[number];

const membershipToApi = (row: MembershipRow): Membership => ({
  groupId: row.groupId,
  code: row.code,
  name: row.name,
  validFrom: iso(row.validFrom),
  validTo: iso(row.validTo),
  active: row.active,
});

const periodOf = (p: MembershipPeriod) => ({ validFrom: iso(p.validFrom), validTo: iso(p.validTo) });

/** The customer's memberships (active, future and expired), by group code. */
export async function listMemberships(ctx: RequestContext, customerId: string): Promise<Membership[]> {
  await requireCustomer(ctx, customerId);
  return (await groupsRepository.memberships(ctx, customerId)).map(membershipToApi);
}

/** The codes of the groups the customer is an active member of now. */
export async function groupCodesNow(ctx: RequestContext, customerId: string): Promise<string[]> {
  return (await groupsRepository.memberships(ctx, customerId)).filter((m) => m.active).map((m) => m.code);
}

/**
 * Each customer's active group codes now, as a column a page of customers selects (PageColumns):
 * the customer grid reads them in its page's own statement.
 */
export const activeGroupCodesColumn = (ctx: RequestContext, customerId: Expression<unknown>) =>
  groupsRepository.activeCodesOf(ctx, customerId);

/**
 * The period a PUT asks for: `validFrom` absent starts now, or keeps the start of a membership
 * not yet ended; `validTo` absent has no end. An end not after the start is a 400 at /validTo.
 */
function periodFrom(
  input: MembershipInput,
  current: { validFrom: Date; endedAt: Date | null } | undefined,
  now: Date,
): MembershipPeriod {
  const validFrom = input.validFrom
    ? new Date(input.validFrom)
    : current && current.endedAt === null
      ? new Date(current.validFrom)
      : now;
  const validTo = input.validTo ? new Date(input.validTo) : null;
  const errors = new FieldErrors();
  if (validTo && validTo.getTime() <= validFrom.getTime()) errors.add('/validTo', 'must be after validFrom');
  errors.throwIfAny();
  return { validFrom, validTo };
}

const samePeriod = (a: MembershipPeriod, b: { validFrom: Date; validTo: Date | null }) =>
  new Date(a.validFrom).getTime() === new Date(b.validFrom).getTime() &&
  (a.validTo === null
    ? b.validTo === null
    : b.validTo !== null && a.validTo.getTime() === new Date(b.validTo).getTime());

/**
 * Adds the customer to the group, or gives their membership a new period (which also renews an
 * expired one and lets its reminder go out again). At most 500 memberships per customer, expired
 * ones included (422 `group.too_many_memberships`). Answers the membership and whether it is new.
 */
export async function putMembership(
  ctx: RequestContext,
  customerId: string,
  groupId: string,
  input: MembershipInput,
): Promise<{ membership: Membership; created: boolean }> {
  // Both ends given: a bad period is a 400 before anything is read.
  if (input.validFrom && input.validTo) periodFrom(input, undefined, new Date());
  return inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const group = await requireGroup(trx, groupId);
    await lockCustomerRows(trx, [customerId]);
    const current = await groupsRepository.findMembership(trx, customerId, groupId);
    const period = periodFrom(input, current, await groupsRepository.now(trx));
    const data = { groupId, code: group.code, ...periodOf(period) };
    if (!current) {
      if ((await groupsRepository.countMemberships(trx, customerId)) >= MAX_MEMBERSHIPS)
        throw groupErrors.tooManyMemberships();
      await groupsRepository.insertMembership(trx, { id: newId(), customerId, groupId, ...period });
      await recordEvent(trx, customerId, 'membership.added', data);
    } else if (!samePeriod(period, current) || current.endedAt !== null) {
      await groupsRepository.updateMembership(trx, current.id, period);
      await recordEvent(trx, customerId, 'membership.changed', {
        ...data,
        from: periodOf({ validFrom: current.validFrom, validTo: current.validTo }),
      });
    }
    const [row] = await groupsRepository.memberships(trx, customerId, groupId);
    return { membership: membershipToApi(row!), created: !current };
  });
}

/** Ends the membership now by removing it; the timeline keeps its period. */
export async function removeMembership(
  ctx: RequestContext,
  customerId: string,
  groupId: string,
): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    await requireCustomer(trx, customerId);
    const group = await requireGroup(trx, groupId);
    const current = await groupsRepository.findMembership(trx, customerId, groupId);
    if (!current) throw groupErrors.membershipNotFound();
    await groupsRepository.deleteMembership(trx, current.id);
    await recordEvent(trx, customerId, 'membership.removed', {
      groupId,
      code: group.code,
      ...periodOf({ validFrom: current.validFrom, validTo: current.validTo }),
    });
  });
}

/**
 * One pass of the worker across tenants: marks memberships past their `validTo` as ended, with a
 * `membership.expired` event on each customer's timeline (once: the row is claimed and marked in
 * the same transaction), then queues one reminder email per membership within its group's
 * `reminderDays` of its end. Answers how many memberships it handled.
 */
export async function processMembershipEnds(
  db: Database,
  now = new Date(),
  batch = 500,
  requestId?: string,
): Promise<number> {
  const expired = await db.transaction().execute(async (trx) => {
    const rows = await groupsRepository.claimExpired(trx, now, batch);
    for (const row of rows) {
      await recordEvent(systemContext(trx, row.tenantId, requestId), row.customerId, 'membership.expired', {
        groupId: row.groupId,
        code: row.code,
        ...periodOf({ validFrom: row.validFrom, validTo: row.validTo }),
      });
    }
    return rows.length;
  });
  return expired + (await sendMembershipReminders(db, now, batch, requestId));
}

/** Claims due reminders and queues their emails in one transaction, so none goes twice. */
async function sendMembershipReminders(db: Database, now: Date, batch: number, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const rows = await groupsRepository.claimReminders(trx, now, batch);
    for (const row of rows) {
      const ctx = systemContext(trx, row.tenantId, requestId);
      const customer = await findCustomer(ctx, row.customerId);
      // Claimed all the same: a customer without an email (or disabled) gets no reminder later either.
      if (!customer?.email || !customer.enabled) continue;
      const site = await emailSiteFor(ctx, customer);
      await enqueueEmail(
        ctx,
        { address: customer.email, customerId: customer.id, site: { id: site.id, name: site.name } },
        {
          template: 'membershipEnding',
          firstName: customer.firstName,
          groupName: row.name,
          endsAt: iso(row.validTo!),
          storefrontUrl: site.settings.storefrontUrl,
        },
      );
    }
    return rows.length;
  });
}

/**
 * A merge (src/flows/merge-customers.ts): memberships of groups the survivor is not in move to it;
 * for a group both are in, the survivor's membership and period stay.
 */
export const moveMembershipsToCustomer = (ctx: RequestContext, fromId: string, toId: string) =>
  groupsRepository.moveMembershipsToCustomer(ctx, fromId, toId);
