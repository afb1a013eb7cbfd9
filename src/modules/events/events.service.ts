import type { RequestContext } from '../../lib/context.js';
import { newId } from '../../lib/ids.js';
import { type ListSpec, paginate } from '../../lib/list/paginate.js';
import { iso } from '../../lib/time.js';
import { eventsRepository, setEventData, timelineRows } from './events.repository.js';

/** What happened to a customer's account or record, as it appears on their timeline. */
export type CustomerAction =
  | 'account.registered'
  | 'account.guests_linked'
  | 'account.signed_in'
  | 'account.locked'
  | 'account.unlocked'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.password_reset_requested'
  | 'account.password_reset'
  | 'account.password_changed'
  | 'account.invited'
  | 'account.username_changed'
  | 'account.email_change_requested'
  | 'account.email_changed'
  | 'customer.tags_added'
  | 'customer.tags_removed'
  | 'note.added'
  | 'note.edited'
  | 'note.deleted'
  | 'credit.issued'
  | 'credit.deducted'
  | 'credit.redeemed'
  | 'credit.returned'
  | 'credit.expired'
  | 'order.placed'
  | 'order.status_changed'
  | 'membership.added'
  | 'membership.changed'
  | 'membership.removed'
  | 'membership.expired'
  | 'role.assigned'
  | 'role.unassigned'
  | 'customer.attributes_changed'
  | 'customer.merged'
  | 'customer.erased';

/**
 * Records an event on the customer's timeline, in the caller's transaction; the actor and the
 * request id (of an HTTP request, CLI command or worker job run) come from ctx.
 */
export function recordEvent(
  ctx: RequestContext,
  customerId: string,
  action: CustomerAction,
  data: Record<string, unknown> = {},
) {
  return eventsRepository.insert(ctx, { id: newId(), customerId, action, data });
}

/** Newest first by id alone: UUIDv7 ids are in time order, so the cursor carries no sort key. */
const timelineList: ListSpec = { sortFields: {}, defaultSort: null };

/** One page of a customer's timeline, newest first, by the list builder's opaque cursor. */
export function listEvents(
  ctx: RequestContext,
  customerId: string,
  query: { limit?: number; cursor?: string },
) {
  return paginate(
    timelineList,
    query,
    (window) => eventsRepository.listForCustomer(ctx, customerId, window),
    (rows) =>
      rows.map((e) => ({
        id: e.id,
        action: e.action,
        actor: { type: e.actorType, id: e.actorId },
        data: e.data,
        createdAt: iso(e.createdAt),
      })),
  );
}

/** A merge (src/flows/merge-customers.ts): the source's timeline joins the survivor's, in time order. */
export const moveTimelineToCustomer = (ctx: RequestContext, fromId: string, toId: string) =>
  eventsRepository.moveToCustomer(ctx, fromId, toId);

/** A customer's whole timeline, oldest first, for their data export (GDPR access). */
export async function customerTimeline(ctx: RequestContext, customerId: string) {
  return (await timelineRows(ctx, customerId)).map((e) => ({ ...e, createdAt: iso(e.createdAt) }));
}

/** Keys whose values are the customer's own words or identity wherever an entry has them. */
const PERSONAL_KEYS = new Set(['email', 'newEmail', 'username', 'firstName', 'lastName', 'phone']);
/** Actions whose top-level `from` and `to` are the old and new email or username. */
const IDENTITY_CHANGES = new Set(['account.email_changed', 'account.username_changed']);

/** True when `text` is (short values) or contains (longer ones) one of the erased values. */
function holdsPersonal(text: string, values: readonly string[]) {
  const lower = text.toLowerCase();
  return values.some((v) => (v.length < 4 ? lower === v : lower.includes(v)));
}

function redactValue(value: unknown, values: readonly string[]): unknown {
  if (typeof value === 'string') return holdsPersonal(value, values) ? null : value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, values));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, PERSONAL_KEYS.has(k) ? null : redactValue(v, values)]),
    );
  return value;
}

/** One entry's data with the personal values gone: every diff's before and after, and any copy of `values`. */
function redactEventData(action: string, data: Record<string, unknown>, values: readonly string[]) {
  const redacted = redactValue(data, values) as Record<string, unknown>;
  if (Array.isArray(data.changes))
    redacted.changes = data.changes.map((change: { field?: unknown }) => ({
      field: change.field,
      from: null,
      to: null,
      redacted: true,
    }));
  if (IDENTITY_CHANGES.has(action)) {
    if ('from' in redacted) redacted.from = null;
    if ('to' in redacted) redacted.to = null;
  }
  return redacted;
}

/**
 * Erasure: blanks the personal values in a customer's timeline (the before and after of every
 * field change, emails and usernames, and any copy of `personalValues`, the erased customer's
 * email, names and phone), keeping each entry's action, actor and time: the audit log still
 * says what happened and who did it. Answers how many entries changed.
 */
export async function redactCustomerTimeline(
  ctx: RequestContext,
  customerId: string,
  personalValues: readonly string[] = [],
): Promise<number> {
  const values = personalValues.map((v) => v.trim().toLowerCase()).filter((v) => v.length > 0);
  let changed = 0;
  for (const event of await timelineRows(ctx, customerId)) {
    const data = redactEventData(event.action, event.data, values);
    if (JSON.stringify(data) === JSON.stringify(event.data)) continue;
    await setEventData(ctx, event.id, data);
    changed++;
  }
  return changed;
}
