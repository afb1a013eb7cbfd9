import type { RawBuilder } from 'kysely';
import type { RequestContext } from '../../lib/context.js';
import { customerAttributesRepository } from './customer-attributes.repository.js';

/**
 * What the attributes module needs done to the customers table (src/flows/custom-attributes.ts
 * calls these): the customers module owns the table, its column of values and its indexes.
 */

/** Removes one attribute's values from every customer of the tenant; answers how many held one. */
export function removeAttributeValues(ctx: RequestContext, code: string): Promise<number> {
  return customerAttributesRepository.removeAttributeValues(ctx, code);
}

/** Builds the index of an indexed attribute (concurrently outside a transaction). */
export function createAttributeIndex(ctx: RequestContext, name: string, expression: RawBuilder<unknown>) {
  return customerAttributesRepository.createAttributeIndex(ctx, name, expression);
}

/** Drops an attribute's index if there is one. */
export function dropAttributeIndex(ctx: RequestContext, name: string) {
  return customerAttributesRepository.dropAttributeIndex(ctx, name);
}
