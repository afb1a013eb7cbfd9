import type { RequestContext } from '../../lib/context.js';
import { accountSummaries } from '../accounts/accounts.service.js';
import type { CustomerAttributes } from '../attributes/attributes.schemas.js';
import { customerMergesRepository } from './customer-merges.repository.js';
import type { DuplicateCandidate, DuplicateReason, MergeMoved } from './customer-merges.schemas.js';
import { missingCustomer } from './customer-records.service.js';
import { MAX_TAGS } from './customer-tags.schemas.js';
import { customerErrors } from './customers.errors.js';
import { type CustomerRecord, customersRepository } from './customers.repository.js';
import { customerToApi } from './customers.service.js';

// The customers module's part of finding duplicates and merging them (src/flows/find-duplicates.ts,
// src/flows/merge-customers.ts): candidates on the customer's own indexes, locking the pair, the
// merged record, and where a merged id went.

const REASON_SCORE: Record<DuplicateReason, number> = { email: 60, phone: 30, nameAndPostalCode: 30 };

/**
 * Others who are probably the same person as `customer`: the same email, the same phone, or the
 * same name among `atSamePostalCode` (customers with an address at one of its postal codes, which
 * the addresses module found). Each reason reads at most 50 rows through an index.
 */
export async function duplicateCandidates(
  ctx: RequestContext,
  customer: CustomerRecord,
  atSamePostalCode: readonly string[],
): Promise<DuplicateCandidate[]> {
  const { email, phone, firstName, lastName } = customer;
  const [byEmail, byPhone, byName] = await Promise.all([
    email ? customerMergesRepository.sameEmail(ctx, customer.id, email) : [],
    phone ? customerMergesRepository.samePhone(ctx, customer.id, phone) : [],
    firstName && lastName
      ? customerMergesRepository.sameName(ctx, atSamePostalCode, customer.id, firstName, lastName)
      : [],
  ]);
  const reasons = new Map<string, DuplicateReason[]>();
  const add = (ids: string[], reason: DuplicateReason) => {
    for (const id of ids) reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  };
  add(byEmail, 'email');
  add(byPhone, 'phone');
  add(byName, 'nameAndPostalCode');
  const rows = await customerMergesRepository.rows(ctx, [...reasons.keys()]);
  const accounts = await accountSummaries(
    ctx,
    rows.filter((row) => row.isRegistered).map((row) => row.id),
  );
  return rows
    .map((row) => {
      const why = reasons.get(row.id) ?? [];
      return {
        customer: customerToApi(row, accounts.get(row.id) ?? null),
        reasons: why,
        score: Math.min(
          100,
          why.reduce((sum, reason) => sum + REASON_SCORE[reason], 0),
        ),
      };
    })
    .sort((a, b) => b.score - a.score || (a.customer.id < b.customer.id ? 1 : -1));
}

/**
 * Locks the survivor and the source until the transaction ends, in id order (so two merges never
 * wait on each other in a circle), and checks that the source may go into the survivor. A second
 * merge of the same source waits here and then finds it gone: 404, never half a merge.
 */
export async function lockMergePair(
  ctx: RequestContext,
  survivorId: string,
  sourceId: string,
): Promise<{ survivor: CustomerRecord; source: CustomerRecord }> {
  if (survivorId === sourceId) throw customerErrors.mergeSelf();
  const locked = new Map<string, CustomerRecord | undefined>();
  for (const id of [survivorId, sourceId].sort())
    locked.set(id, await customersRepository.findForUpdate(ctx, id));
  const survivor = locked.get(survivorId);
  const source = locked.get(sourceId);
  if (!survivor) throw await missingCustomer(ctx, survivorId);
  if (!source) {
    const survivorOfSource = await customerMergesRepository.survivorOf(ctx, sourceId);
    throw survivorOfSource ? customerErrors.merged(survivorOfSource) : customerErrors.mergeSourceNotFound();
  }
  if (source.isRegistered && !survivor.isRegistered) throw customerErrors.mergeRegisteredIntoGuest();
  return { survivor, source };
}

const MERGED_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyName',
  'organizationId',
  'taxId',
  'locale',
  'note',
  'externalId',
  'originSiteId',
] as const;

const empty = (value: unknown) => value === null || value === undefined || value === '';

/**
 * The record part of a merge, after the other modules moved their rows: the survivor keeps every
 * value it has and takes the source's where it has none (fields, custom attributes); tags are
 * joined (the survivor's spelling first, at most 100); guests the source had taken over follow
 * it; the source is deleted (with its account and sessions, if it had one) and its id recorded
 * as merged into the survivor.
 */
export async function mergeCustomerRecords(
  ctx: RequestContext,
  survivor: CustomerRecord,
  source: CustomerRecord,
): Promise<Pick<MergeMoved, 'fields' | 'tags' | 'attributes'>> {
  const changes: Record<string, unknown> = {};
  for (const field of MERGED_FIELDS) {
    if (empty(survivor[field]) && !empty(source[field])) changes[field] = source[field];
  }
  const held = new Set(survivor.tags.map((tag) => tag.toLowerCase()));
  const newTags = source.tags.filter((tag) => !held.has(tag.toLowerCase()));
  const tags = [...survivor.tags, ...newTags].slice(0, MAX_TAGS);
  // Values the source holds were checked against their definitions when written.
  const attributes = Object.fromEntries(
    Object.entries(source.attributes).filter(([code]) => !Object.hasOwn(survivor.attributes, code)),
  ) as CustomerAttributes;
  await customerMergesRepository.relinkGuests(ctx, source.id, survivor.id);
  // The source goes first: its external id (unique) and email can then move to the survivor.
  await customersRepository.delete(ctx, source.id);
  await customersRepository.update(
    ctx,
    survivor.id,
    { ...changes, ...(newTags.length > 0 ? { tags } : {}) },
    null,
    { set: attributes, remove: [] },
  );
  await customerMergesRepository.record(ctx, source.id, survivor.id);
  return {
    fields: Object.keys(changes),
    tags: tags.length - survivor.tags.length,
    attributes: Object.keys(attributes).length,
  };
}
