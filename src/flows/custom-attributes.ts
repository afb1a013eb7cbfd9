import { inTransaction, type RequestContext } from '../lib/context.js';
import type { Attribute, AttributeCreate, AttributePatch } from '../modules/attributes/attributes.schemas.js';
import {
  type AttributeDefinition,
  attributeDefinitionsChanged,
  attributeIndex,
  attributeToApi,
  createAttribute,
  deleteAttribute,
  setAttributeIndexed,
  updateAttribute,
} from '../modules/attributes/attributes.service.js';
import {
  createAttributeIndex,
  dropAttributeIndex,
  removeAttributeValues,
} from '../modules/customers/customer-attributes.service.js';

/**
 * Custom attributes span two modules: the attributes module keeps the definitions, the customers
 * module the values (a jsonb column of `customers`) and the indexes on them. An index is built
 * after its definition commits, since CREATE INDEX CONCURRENTLY cannot run in a transaction, and
 * the definition says `indexed: true` only once its index exists, so the customer list never
 * sorts by an attribute without one. Taking the flag off clears it first, then drops the index.
 */

async function addIndex(ctx: RequestContext, definition: AttributeDefinition): Promise<AttributeDefinition> {
  const index = attributeIndex(ctx, definition);
  if (!index) return definition;
  await createAttributeIndex(ctx, index.name, index.expression);
  return setAttributeIndexed(ctx, definition.id, true);
}

async function removeIndex(ctx: RequestContext, definition: AttributeDefinition) {
  const index = attributeIndex(ctx, definition);
  if (index) await dropAttributeIndex(ctx, index.name);
}

/** POST /attributes: the definition, then its index when `indexed`. */
export async function defineAttribute(ctx: RequestContext, input: AttributeCreate): Promise<Attribute> {
  const created = await createAttribute(ctx, input);
  return attributeToApi(input.indexed ? await addIndex(ctx, created) : created);
}

/** PATCH /attributes/{id}: the change, then the index built or dropped when `indexed` changes. */
export async function changeAttribute(
  ctx: RequestContext,
  id: string,
  patch: AttributePatch,
): Promise<Attribute> {
  const { after } = await updateAttribute(ctx, id, patch);
  if (patch.indexed === true && !after.indexed) return attributeToApi(await addIndex(ctx, after));
  if (patch.indexed === false && after.indexed) {
    const unindexed = await setAttributeIndexed(ctx, id, false);
    await removeIndex(ctx, after);
    return attributeToApi(unindexed);
  }
  return attributeToApi(after);
}

/**
 * DELETE /attributes/{id}: the definition and every customer's value of it go in one
 * transaction (one UPDATE over the tenant's customers; see removeAttributeValues for its cost),
 * then its index, if it had one.
 */
export async function removeAttribute(ctx: RequestContext, id: string): Promise<void> {
  const deleted = await inTransaction(ctx, async (trx) => {
    const definition = await deleteAttribute(trx, id);
    await removeAttributeValues(trx, definition.code);
    return definition;
  });
  attributeDefinitionsChanged(ctx);
  await removeIndex(ctx, deleted);
}
