import { inTransaction, type RequestContext } from '../../lib/context.js';
import { parseFilter } from '../../lib/filter/filter-parser.js';
import { compileFilter } from '../../lib/filter/filter-sql.js';
import { newId } from '../../lib/ids.js';
import { type ListSpec, paginate } from '../../lib/list/paginate.js';
import { iso } from '../../lib/time.js';
import { auditFilterAttributes, eventsRepository, setEventData, timelineRows } from './events.repository.js';
import type { FieldChange } from './field-changes.js';
import { queueWebhookDeliveries, queueWebhookDeliveriesMany } from './webhooks.service.js';

export { type ChangeSubject, recordChange } from './change-log.js';
export type { FieldChange } from './field-changes.js';

/** What happened to a customer's account or record, as it appears on their timeline. */
export type CustomerAction =
  | 'customer.created'
  | 'customer.updated'
  | 'customer.deleted'
  | 'address.added'
  | 'address.changed'
  | 'address.removed'
  | 'consent.updated'
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
  | 'cart.created'
  | 'cart.converted'
  | 'membership.added'
  | 'membership.changed'
  | 'membership.removed'
  | 'membership.expired'
  | 'role.assigned'
  | 'role.unassigned'
  | 'customer.merged'
  | 'customer.erased';

/** What a change not about one customer was about; its id goes beside it. */
/**
 * Records an event on the customer's timeline, in the caller's transaction; the actor and the
 * request id (of an HTTP request, CLI command or worker job run) come from ctx. An update's
 * field-level diff goes in `data.changes` (field-changes.ts); never a secret.
 */
export function recordEvent(
  ctx: RequestContext,
  customerId: string,
  action: CustomerAction,
  data: Record<string, unknown> = {},
) {
  // The event and the webhook deliveries announcing it commit together (the outbox).
  return inTransaction(ctx, async (trx) => {
    const id = newId();
    await eventsRepository.insert(trx, { id, customerId, action, data });
    await queueWebhookDeliveries(trx, { id, action, customerId, data });
  });
}

/** One action on many customers, in one statement (an import batch's `customer.created`). */
export function recordEvents(
  ctx: RequestContext,
  action: CustomerAction,
  entries: readonly { customerId: string; data?: Record<string, unknown> }[],
) {
  const events = entries.map((e) => ({ id: newId(), customerId: e.customerId, action, data: e.data ?? {} }));
  return inTransaction(ctx, async (trx) => {
    await eventsRepository.insertMany(trx, events);
    await queueWebhookDeliveriesMany(trx, events);
  });
}

type EventRow = Awaited<ReturnType<typeof eventsRepository.listForTenant>>[number];

/** One entry of the timeline or the audit log; `changes` is lifted out of data for every entry. */
export interface EventItem {
  id: string;
  action: string;
  customerId: string | null;
  subject: { type: string; id: string } | null;
  actor: { type: string; id: string; name?: string };
  requestId: string | null;
  changes: FieldChange[];
  data: Record<string, unknown>;
  createdAt: string;
}

function eventToApi(row: EventRow): EventItem {
  const { changes, ...data } = row.data as { changes?: unknown };
  return {
    id: row.id,
    action: row.action,
    customerId: row.customerId,
    subject: row.subjectType && row.subjectId ? { type: row.subjectType, id: row.subjectId } : null,
    actor: { type: row.actorType, id: row.actorId },
    requestId: row.requestId,
    changes: Array.isArray(changes) ? (changes as FieldChange[]) : [],
    data,
    createdAt: iso(row.createdAt),
  };
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
    (rows) => rows.map(eventToApi),
  );
}

/**
 * One page of the tenant's audit log (every change, about a customer or not), newest first,
 * narrowed by a filter over action, actorType, actorId, customerId, subjectType, subjectId,
 * requestId and createdAt. A bad filter is a 400 pointing at its position.
 */
export function listAuditEvents(
  ctx: RequestContext,
  query: { filter?: string; limit?: number; cursor?: string },
) {
  const filter = query.filter?.trim()
    ? compileFilter(parseFilter(query.filter), auditFilterAttributes)
    : null;
  return paginate(
    timelineList,
    query,
    (window) => eventsRepository.listForTenant(ctx, filter, window),
    (rows) => rows.map(eventToApi),
  );
}

/**
 * Deletes up to `limit` of the tenant's events older than `before` (the retention job), oldest
 * first; answers how many went.
 */
export const deleteEventsBefore = (ctx: RequestContext, before: Date, limit: number) =>
  eventsRepository.deleteBefore(ctx, before, limit);

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
