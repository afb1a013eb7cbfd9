import { inTransaction, type RequestContext } from '../../lib/context.js';
import { violatedUniqueIndex } from '../../lib/db-errors.js';
import { DomainError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Page } from '../../lib/list/list-builder.js';
import { paginate } from '../../lib/list/paginate.js';
import { trimmedOrNull } from '../../lib/text.js';
import { iso } from '../../lib/time.js';
import { getSite } from '../tenants/tenants.service.js';
import { marketingErrors } from './marketing.errors.js';
import type {
  Newsletter,
  NewsletterInput,
  NewsletterListQuery,
  NewsletterPatch,
} from './marketing.schemas.js';
import { type NewsletterRecord, newsletterList, newslettersRepository } from './newsletters.repository.js';

const newsletterToApi = (row: NewsletterRecord): Newsletter => ({
  id: row.id,
  siteId: row.siteId,
  code: row.code,
  name: row.name,
  description: row.description,
  doubleOptIn: row.doubleOptIn,
  isDefault: row.isDefault,
  subscriberCount: Number(row.subscriberCount),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

const rethrowUnique = (error: unknown): never => {
  const index = violatedUniqueIndex(error);
  if (index === 'newsletters_code') throw marketingErrors.codeTaken();
  // Two admins making defaults of one site at the same moment: the second is told to retry.
  if (index === 'newsletters_default') throw marketingErrors.defaultTaken();
  throw error;
};

/** The tenant's newsletters (or one site's), by code, with how many contacts are subscribed now. */
export function listNewsletters(ctx: RequestContext, query: NewsletterListQuery): Promise<Page<Newsletter>> {
  return paginate(
    newsletterList,
    query,
    (window) => newslettersRepository.list(ctx, query.siteId ?? null, window),
    (rows) => rows.map(newsletterToApi),
  );
}

/** The newsletter of this tenant; 404 `newsletter.not_found` when there is none. */
export async function requireNewsletter(ctx: RequestContext, id: string): Promise<NewsletterRecord> {
  const row = await newslettersRepository.find(ctx, id);
  if (!row) throw marketingErrors.newsletterNotFound();
  return row;
}

export const getNewsletter = async (ctx: RequestContext, id: string) =>
  newsletterToApi(await requireNewsletter(ctx, id));

/** The site's newsletter named by its code (the storefront's URLs); 404 when it has none. */
export async function newsletterByCode(ctx: RequestContext, siteId: string, code: string) {
  const row = await newslettersRepository.findByCode(ctx, siteId, code);
  if (!row) throw marketingErrors.newsletterNotFound();
  return row;
}

/** The site's default newsletter (registration and checkout), or undefined. */
export const defaultNewsletter = (ctx: RequestContext, siteId: string) =>
  newslettersRepository.findDefault(ctx, siteId);

/**
 * The newsletter an import's "Accepts Email Marketing" column signs up to: the one named (404
 * when it is not the tenant's), else the tenant's oldest default newsletter (one per site), else none (the column is then read past, and the job's report says so).
 */
export async function importNewsletter(
  ctx: RequestContext,
  id: string | undefined,
): Promise<{ id: string; code: string } | null> {
  if (id) {
    const row = await requireNewsletter(ctx, id);
    return { id: row.id, code: row.code };
  }
  return (await newslettersRepository.firstDefault(ctx)) ?? null;
}

/** A site's newsletters, by code. */
export const siteNewsletters = (ctx: RequestContext, siteId: string) =>
  newslettersRepository.all(ctx, siteId);

/** A new newsletter on one of the tenant's sites; its code is unique on the site whatever its case (409). */
export async function createNewsletter(ctx: RequestContext, input: NewsletterInput): Promise<Newsletter> {
  await getSite(ctx, input.siteId).catch((error) => {
    throw error instanceof DomainError && error.kind === 'not_found' ? marketingErrors.unknownSite() : error;
  });
  return inTransaction(ctx, async (trx) => {
    const id = newId();
    // Before the insert: newsletters_default allows one default per site at any moment.
    if (input.isDefault) await newslettersRepository.clearDefault(trx, input.siteId, id);
    await newslettersRepository
      .insert(trx, {
        id,
        siteId: input.siteId,
        code: input.code,
        name: input.name.trim(),
        description: trimmedOrNull(input.description),
        doubleOptIn: input.doubleOptIn ?? false,
        isDefault: input.isDefault ?? false,
      })
      .catch(rethrowUnique);
    return newsletterToApi(await requireNewsletter(trx, id));
  });
}

/** Changes the fields sent; `isDefault: true` takes the flag from the site's other newsletters. */
export async function updateNewsletter(
  ctx: RequestContext,
  id: string,
  patch: NewsletterPatch,
): Promise<Newsletter> {
  return inTransaction(ctx, async (trx) => {
    const current = await requireNewsletter(trx, id);
    const changes: Parameters<typeof newslettersRepository.update>[2] = {};
    if (patch.code !== undefined) changes.code = patch.code;
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.description !== undefined) changes.description = trimmedOrNull(patch.description);
    if (patch.doubleOptIn !== undefined) changes.doubleOptIn = patch.doubleOptIn;
    if (patch.isDefault !== undefined) changes.isDefault = patch.isDefault;
    if (patch.isDefault) await newslettersRepository.clearDefault(trx, current.siteId, id);
    await newslettersRepository.update(trx, id, changes).catch(rethrowUnique);
    return newsletterToApi(await requireNewsletter(trx, id));
  });
}

/**
 * Deletes the newsletter with its subscriptions and links. Its consent records stay (they name
 * it by id and code): the proof of what people agreed to outlives the list.
 */
export async function deleteNewsletter(ctx: RequestContext, id: string): Promise<void> {
  if (!(await newslettersRepository.delete(ctx, id))) throw marketingErrors.newsletterNotFound();
}
