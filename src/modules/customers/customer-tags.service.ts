import { inTransaction, type RequestContext } from '../../lib/context.js';
import { FieldErrors } from '../../lib/errors.js';
import { recordEvent } from '../events/events.service.js';
import { customerTagsRepository } from './customer-tags.repository.js';
import { type CustomerTags, MAX_TAGS, type TagList, type TagListQuery } from './customer-tags.schemas.js';
import { customerErrors } from './customers.errors.js';
import { customersRepository } from './customers.repository.js';

// Tags are compared without case and kept as first spelled: a customer tagged `VIP` who gets
// `vip` keeps `VIP`. The counts behind completion use the same key (lower-cased, migration 0010).

const keyOf = (tag: string) => tag.toLowerCase();
const etagOf = (version: number) => `"${version}"`;

/**
 * Tags as they are stored: trimmed, blanks dropped, and a tag repeated in another case kept once,
 * as first spelled. Values that are not strings (a body that also failed its schema) are skipped.
 */
export function normaliseTags(tags: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of tags) {
    if (typeof raw !== 'string') continue;
    const tag = raw.trim();
    if (!tag || seen.has(keyOf(tag))) continue;
    seen.add(keyOf(tag));
    kept.push(tag);
  }
  return kept;
}

/** Adds a 400 naming /tags when a customer would hold more than MAX_TAGS. */
export function checkTagCount(errors: FieldErrors, count: number, detail = '') {
  if (count > MAX_TAGS)
    errors.add(
      '/tags',
      `a customer holds at most ${MAX_TAGS} tags (the same tag in another case counts once)${detail}`,
    );
}

/** The tags of `after` not in `before` and those of `before` gone from `after`, by key. */
function tagChanges(before: readonly string[], after: readonly string[]) {
  const beforeKeys = new Set(before.map(keyOf));
  const afterKeys = new Set(after.map(keyOf));
  return {
    added: after.filter((tag) => !beforeKeys.has(keyOf(tag))),
    removed: before.filter((tag) => !afterKeys.has(keyOf(tag))),
  };
}

/**
 * Puts tag changes on the customer's timeline (`customer.tags_added`, `customer.tags_removed`),
 * whichever route made them; a change of spelling alone is none.
 */
export async function recordTagChanges(
  ctx: RequestContext,
  customerId: string,
  before: readonly string[],
  after: readonly string[],
): Promise<void> {
  const { added, removed } = tagChanges(before, after);
  if (added.length > 0) await recordEvent(ctx, customerId, 'customer.tags_added', { tags: added });
  if (removed.length > 0) await recordEvent(ctx, customerId, 'customer.tags_removed', { tags: removed });
}

/**
 * Adds tags to a customer without touching the ones it has. The customer's row is locked while
 * the new list is made, so two people adding tags at once both keep theirs. Adding only tags it
 * already has changes nothing (no new version, no event).
 */
export async function addCustomerTags(
  ctx: RequestContext,
  customerId: string,
  input: readonly string[],
): Promise<CustomerTags> {
  const adding = normaliseTags(input);
  const errors = new FieldErrors();
  if (adding.length === 0) errors.add('/tags', 'give at least one tag that is not blank');
  errors.throwIfAny();
  return inTransaction(ctx, async (trx) => {
    const current = await customersRepository.findForUpdate(trx, customerId);
    if (!current) throw customerErrors.notFound();
    const { added } = tagChanges(current.tags, adding);
    if (added.length === 0) return { tags: current.tags, etag: etagOf(current.version) };
    const tags = [...current.tags, ...added];
    checkTagCount(errors, tags.length, `: it has ${current.tags.length} and this adds ${added.length}`);
    errors.throwIfAny();
    const updated = await customerTagsRepository.setTags(trx, customerId, tags);
    await recordEvent(trx, customerId, 'customer.tags_added', { tags: added });
    return { tags: updated.tags, etag: etagOf(updated.version) };
  });
}

/**
 * Removes one tag (matched without case, after trimming) from a customer. A tag the customer does
 * not have is 404 `customer.tag_not_found`, so a typo is not taken for a success.
 */
export async function removeCustomerTag(ctx: RequestContext, customerId: string, tag: string): Promise<void> {
  const key = keyOf(tag.trim());
  await inTransaction(ctx, async (trx) => {
    const current = await customersRepository.findForUpdate(trx, customerId);
    if (!current) throw customerErrors.notFound();
    const removed = current.tags.filter((t) => keyOf(t) === key);
    if (removed.length === 0) throw customerErrors.tagNotFound();
    await customerTagsRepository.setTags(
      trx,
      customerId,
      current.tags.filter((t) => keyOf(t) !== key),
    );
    await recordEvent(trx, customerId, 'customer.tags_removed', { tags: removed });
  });
}

/**
 * Removes several tags (matched without case) from a customer in one change, for bulk actions:
 * one version bump and one `customer.tags_removed` event naming every tag removed. Answers
 * false, changing nothing, when the customer holds none of them.
 */
export async function removeCustomerTags(
  ctx: RequestContext,
  customerId: string,
  input: readonly string[],
): Promise<boolean> {
  const keys = new Set(normaliseTags(input).map(keyOf));
  return inTransaction(ctx, async (trx) => {
    const current = await customersRepository.findForUpdate(trx, customerId);
    if (!current) throw customerErrors.notFound();
    const removed = current.tags.filter((t) => keys.has(keyOf(t)));
    if (removed.length === 0) return false;
    await customerTagsRepository.setTags(
      trx,
      customerId,
      current.tags.filter((t) => !keys.has(keyOf(t))),
    );
    await recordEvent(trx, customerId, 'customer.tags_removed', { tags: removed });
    return true;
  });
}

/**
 * The tenant's tags with the number of customers holding each, most used first (then A to Z),
 * for completion: `q` is a case-insensitive prefix. Read from counts the database keeps, so it
 * costs the same at a million customers as at ten.
 */
export async function listTags(ctx: RequestContext, query: TagListQuery): Promise<TagList> {
  const prefix = query.q?.trim() || null;
  const rows = await customerTagsRepository.list(ctx, prefix, query.limit ?? 20);
  return { data: rows.map((row) => ({ tag: row.tag, count: row.customerCount })) };
}
