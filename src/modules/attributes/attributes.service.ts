import type { RawBuilder } from 'kysely';
import { inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { FieldErrors } from '../../lib/errors.js';
import type { FilterAttributes } from '../../lib/filter/filter-sql.js';
import { newId } from '../../lib/ids.js';
import type { Page, SortFields } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import { iso } from '../../lib/time.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import { recordChange } from '../events/events.service.js';
import { fieldChanges } from '../events/field-changes.js';
import { attributeFilter, attributeIndexName, attributeKey } from './attribute-keys.js';
import {
  type AttributeChanges,
  type AttributeDefinition,
  checkAttributeValues,
  checkDefinition,
  type ValueCheckOptions,
} from './attribute-values.js';
import { attributeErrors } from './attributes.errors.js';
import { attributeList, attributesRepository } from './attributes.repository.js';
import {
  type Attribute,
  type AttributeCreate,
  type AttributeListQuery,
  type AttributePatch,
  type CustomerAttributes,
  MAX_DEFINITIONS,
} from './attributes.schemas.js';

export type { AttributeChanges, AttributeDefinition };

/**
 * A tenant's definitions, remembered for a few seconds: every customer write and every filtered
 * or sorted customer list reads them. A change here clears the tenant's entry at once; other
 * processes see it within the TTL (a value checked against an old definition in that window is
 * still of the right type: the type of a code cannot change).
 */
const definitionsCache = new TtlCache<string, readonly AttributeDefinition[]>({ ttlMs: 5_000, max: 10_000 });

/** The tenant's custom attribute definitions, by code. */
export async function attributeDefinitions(ctx: RequestContext): Promise<readonly AttributeDefinition[]> {
  const cached = definitionsCache.get(ctx.tenantId);
  if (cached) return cached;
  const generation = definitionsCache.generation;
  const read = await attributesRepository.all(ctx);
  if (definitionsCache.generation === generation) definitionsCache.set(ctx.tenantId, read);
  return read;
}

const forget = (ctx: RequestContext) => definitionsCache.delete(ctx.tenantId);

/** Drops this process's cached definitions of the tenant: for a change committed by a caller's transaction. */
export const attributeDefinitionsChanged = forget;

export function attributeToApi(row: AttributeDefinition): Attribute {
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    label: row.label,
    options: row.options,
    validation: row.validation,
    required: row.required,
    shopperVisible: row.shopperVisible,
    shopperEditable: row.shopperEditable,
    indexed: row.indexed,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

/** The tenant's definitions a page at a time. */
export function listAttributes(ctx: RequestContext, query: AttributeListQuery): Promise<Page<Attribute>> {
  return paginate(
    attributeList,
    query,
    (window) => attributesRepository.page(ctx, window),
    (rows) => rows.map(attributeToApi),
  );
}

export async function getAttribute(ctx: RequestContext, id: string): Promise<AttributeDefinition> {
  const row = await attributesRepository.find(ctx, id);
  if (!row) throw attributeErrors.notFound();
  return row;
}

const rethrowUnique = (error: unknown): never => {
  if (violatedUniqueIndex(error) === 'attribute_definitions_tenant_id_code_key')
    throw attributeErrors.codeTaken();
  throw error;
};

/**
 * Defines a custom attribute, not yet indexed: `indexed` is set by setAttributeIndexed once its
 * index exists (src/flows/custom-attributes.ts), so no sort ever runs without its index.
 */
export async function createAttribute(
  ctx: RequestContext,
  input: AttributeCreate,
): Promise<AttributeDefinition> {
  const definition = {
    options: input.options ?? [],
    validation: input.validation ?? {},
    required: input.required ?? false,
    shopperVisible: input.shopperVisible ?? false,
    shopperEditable: input.shopperEditable ?? false,
    indexed: input.indexed ?? false,
  };
  const errors = new FieldErrors();
  checkDefinition({ ...definition, type: input.type }, errors);
  errors.throwIfAny();
  const created = await inTransaction(ctx, async (trx) => {
    if ((await attributesRepository.count(trx)) >= MAX_DEFINITIONS) throw attributeErrors.tooMany();
    const row = await attributesRepository
      .insert(trx, {
        id: newId(),
        code: input.code,
        label: input.label.trim(),
        type: input.type,
        ...definition,
        options: JSON.stringify(definition.options),
        validation: JSON.stringify(definition.validation),
        indexed: false,
      })
      .catch(rethrowUnique);
    await recordAttributeChange(trx, 'attribute.created', null, row);
    return row;
  });
  forget(ctx);
  return created;
}

/**
 * Changes a definition's label, options, validation and flags (never its code or type). Values
 * customers already hold are not checked again: a value that no longer fits stays until it is
 * next written. `indexed` is left to setAttributeIndexed; the answer says what it was before.
 */
export async function updateAttribute(
  ctx: RequestContext,
  id: string,
  patch: AttributePatch,
): Promise<{ before: AttributeDefinition; after: AttributeDefinition }> {
  const changed = await inTransaction(ctx, async (trx) => {
    const before = await attributesRepository.findForUpdate(trx, id);
    if (!before) throw attributeErrors.notFound();
    const { indexed, options, validation, label, ...flags } = patch;
    const merged = {
      ...before,
      ...flags,
      ...(options ? { options } : {}),
      ...(validation ? { validation } : {}),
    };
    const errors = new FieldErrors();
    checkDefinition({ ...merged, indexed: indexed ?? before.indexed }, errors);
    errors.throwIfAny();
    const after = await attributesRepository.update(trx, id, {
      ...flags,
      ...(label !== undefined ? { label: label.trim() } : {}),
      ...(options ? { options: JSON.stringify(options) } : {}),
      ...(validation ? { validation: JSON.stringify(validation) } : {}),
    });
    await recordAttributeChange(trx, 'attribute.updated', before, after!);
    return { before, after: after! };
  });
  // After the commit: a read between a forget and the commit could cache the old definition.
  forget(ctx);
  return changed;
}

/** Records that the attribute's index exists (true) or is about to go (false). */
export async function setAttributeIndexed(ctx: RequestContext, id: string, indexed: boolean) {
  const row = await attributesRepository.update(ctx, id, { indexed });
  forget(ctx);
  if (!row) throw attributeErrors.notFound();
  return row;
}

/** Removes a definition; its values go with it in the same transaction (the flow's job). */
export async function deleteAttribute(ctx: RequestContext, id: string): Promise<AttributeDefinition> {
  const deleted = await attributesRepository.delete(ctx, id);
  forget(ctx);
  if (!deleted) throw attributeErrors.notFound();
  await recordAttributeChange(ctx, 'attribute.deleted', deleted, null);
  return deleted;
}

/** A definition's entry in the audit log (`indexed` follows its index, so is not a change of its own). */
async function recordAttributeChange(
  ctx: RequestContext,
  action: `attribute.${string}`,
  before: AttributeDefinition | null,
  after: AttributeDefinition | null,
) {
  const changes = fieldChanges(before, after, [
    'code',
    'label',
    'type',
    'options',
    'validation',
    'required',
    'shopperVisible',
    'shopperEditable',
  ]);
  if (action === 'attribute.updated' && changes.length === 0) return;
  const subjectId = (after ?? before)!.id;
  await recordChange(ctx, { action, subjectType: 'attribute', subjectId, data: { changes } });
}

/** The index an indexed attribute keeps: its name and the expression it holds (over `customers`). */
export function attributeIndex(
  ctx: RequestContext,
  definition: AttributeDefinition,
): { name: string; expression: RawBuilder<unknown> } | null {
  const key = attributeKey(definition);
  return key ? { name: attributeIndexName(ctx.tenantId, definition.code), expression: key.expression } : null;
}

/**
 * Checks a customer write's `attributes` against the tenant's definitions, adding one error per
 * bad code to `errors`; answers what to set and remove.
 */
export async function checkCustomerAttributes(
  ctx: RequestContext,
  input: Record<string, unknown> | undefined,
  options: ValueCheckOptions,
  errors: FieldErrors,
): Promise<AttributeChanges> {
  if (input === undefined && !options.requireAll) return { set: {}, remove: [] };
  return checkAttributeValues(await attributeDefinitions(ctx), input, options, errors);
}

/** A customer's values as a reader may see them: the shopper only their shopperVisible ones. */
export async function visibleAttributes(
  ctx: RequestContext,
  values: CustomerAttributes,
  shopper: boolean,
): Promise<CustomerAttributes> {
  if (!shopper) return values;
  const visible = (await attributeDefinitions(ctx)).filter((d) => d.shopperVisible).map((d) => d.code);
  return Object.fromEntries(Object.entries(values).filter(([code]) => visible.includes(code)));
}

/** `attributes.<code>` for every definition of the tenant (the customer list's filter). */
export async function attributeFilters(ctx: RequestContext): Promise<FilterAttributes> {
  const definitions = await attributeDefinitions(ctx);
  return Object.fromEntries(definitions.map((d) => [`attributes.${d.code}`, attributeFilter(d)]));
}

/** `attributes.<code>` sort keys of the tenant's indexed attributes (the customer list's sort). */
export async function attributeSortFields(ctx: RequestContext): Promise<SortFields> {
  const definitions = await attributeDefinitions(ctx);
  const fields: SortFields = {};
  for (const definition of definitions) {
    const key = definition.indexed ? attributeKey(definition) : null;
    if (key) fields[`attributes.${definition.code}`] = key;
  }
  return fields;
}
