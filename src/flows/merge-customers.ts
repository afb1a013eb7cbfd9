import { inTransaction, type RequestContext } from '../lib/context.js';
import { mergeAddressesInto } from '../modules/addresses/addresses.service.js';
import { moveCartsToCustomer } from '../modules/carts/carts.service.js';
import { moveCreditToCustomer } from '../modules/credit/credit.service.js';
import type { MergeInput, MergeMoved, MergeResult } from '../modules/customers/customer-merges.schemas.js';
import { lockMergePair, mergeCustomerRecords } from '../modules/customers/customer-merges.service.js';
import { getCustomer } from '../modules/customers/customers.service.js';
import { moveTimelineToCustomer, recordEvent } from '../modules/events/events.service.js';
import { moveMembershipsToCustomer } from '../modules/groups/memberships.service.js';
import { moveRolesToCustomer } from '../modules/groups/roles.service.js';
import { moveNotesToCustomer } from '../modules/notes/notes.service.js';
import { moveOrdersToCustomer } from '../modules/orders/guest-orders.js';
import { moveWishlistsToCustomer } from '../modules/wishlists/wishlists.service.js';

/** Thrown to roll a dry run back once it has answered. */
class DryRunDone {
  constructor(readonly result: MergeResult) {}
}

/**
 * Merges `sourceId` into `survivorId` in one transaction: each module moves its rows (orders,
 * carts, wish lists, store credit, addresses, group memberships, roles, notes, the timeline), the
 * customers module joins the records and deletes the source, and the survivor's timeline gets a
 * `customer.merged` entry naming the source and what moved. Both customers are locked first, so a
 * second merge of the same source waits and then answers 404 (no half merge).
 *
 * A dry run does exactly the same in a transaction that is then rolled back, so its counts and
 * resulting customer are what a merge would do at that moment, by the same code.
 */
export async function mergeCustomers(
  ctx: RequestContext,
  survivorId: string,
  input: MergeInput,
): Promise<MergeResult> {
  const dryRun = input.dryRun ?? false;
  const merge = async (trx: RequestContext): Promise<MergeResult> => {
    const { survivor, source } = await lockMergePair(trx, survivorId, input.sourceId);
    const moved = await moveEverything(trx, source.id, survivor.id);
    const record = await mergeCustomerRecords(trx, survivor, source);
    const all: MergeMoved = { ...moved, ...record };
    await recordEvent(trx, survivor.id, 'customer.merged', { sourceId: source.id, moved: all });
    return { dryRun, sourceId: source.id, moved: all, survivor: await getCustomer(trx, survivor.id) };
  };
  if (!dryRun) return inTransaction(ctx, merge);
  try {
    await inTransaction(ctx, async (trx) => {
      throw new DryRunDone(await merge(trx));
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.result;
    throw error;
  }
  throw new Error('unreachable: a dry run always rolls back');
}

/** Every module's rows of the source move to the survivor, each through its own service. */
async function moveEverything(
  ctx: RequestContext,
  fromId: string,
  toId: string,
): Promise<Omit<MergeMoved, 'fields' | 'tags' | 'attributes'>> {
  const orders = await moveOrdersToCustomer(ctx, fromId, toId);
  const carts = await moveCartsToCustomer(ctx, [fromId], toId);
  const wishlists = await moveWishlistsToCustomer(ctx, fromId, toId);
  const credit = await moveCreditToCustomer(ctx, fromId, toId);
  const addresses = await mergeAddressesInto(ctx, fromId, toId);
  const groups = await moveMembershipsToCustomer(ctx, fromId, toId);
  const roles = await moveRolesToCustomer(ctx, fromId, toId);
  const notes = await moveNotesToCustomer(ctx, fromId, toId);
  const timelineEvents = await moveTimelineToCustomer(ctx, fromId, toId);
  return {
    orders,
    carts,
    wishlists: wishlists.moved,
    wishlistsMerged: wishlists.merged,
    creditEntries: credit.entries,
    creditBalances: credit.balances,
    addresses: addresses.moved,
    addressesDeduplicated: addresses.deduplicated,
    groups,
    roles,
    notes,
    timelineEvents,
  };
}
