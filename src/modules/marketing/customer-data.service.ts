import type { ConsentSource } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import type { CustomerDataHook } from '../../lib/module.js';
import { marketingDataRepository } from './customer-data.repository.js';

/** Where the erasure's REDACTED consent records say the change came from. */
function erasureActor(ctx: RequestContext): {
  source: ConsentSource;
  actorType: string;
  actorId: string | null;
} {
  const source: ConsentSource =
    ctx.actor.type === 'shopper' ? 'storefront_form' : ctx.actor.type === 'apiKey' ? 'api' : 'admin';
  return { source, actorType: ctx.actor.type, actorId: ctx.actor.id };
}

/** Earlier addresses' contacts too: an email change unlinks the old contact but keeps its history. */
const emailsOf = (values: readonly string[]) => values.filter((value) => value.includes('@'));

/**
 * Consent records are the store's proof of what was agreed, so they stay (with their wording,
 * status and time) but lose the request's evidence (IP address, user agent); each subscription
 * becomes REDACTED with a record saying so; the contact keeps its id under an erased address.
 */
export const marketingCustomerData: CustomerDataHook = {
  describe:
    "The marketing contact of the customer's email, its newsletter subscriptions and consent records (kept on erasure without their personal fields; subscriptions become REDACTED).",
  tables: ['contacts', 'subscriptions', 'consent_records', 'marketing_tokens'],
  read: async (ctx, { customerId, personalValues }) => {
    const emails = emailsOf(personalValues);
    const [contacts, subscriptions, consents] = await Promise.all([
      marketingDataRepository.contacts(ctx, customerId, emails),
      marketingDataRepository.subscriptions(ctx, customerId, emails),
      marketingDataRepository.consents(ctx, customerId, emails),
    ]);
    return { contacts, subscriptions, consents };
  },
  erase: async (ctx, { customerId, personalValues }) => {
    const emails = emailsOf(personalValues);
    const repo = marketingDataRepository;
    const subscriptions = await repo.redactSubscriptions(ctx, customerId, emails, erasureActor(ctx));
    const consentRecords = await repo.blankConsentEvidence(ctx, customerId, emails);
    const tokens = await repo.deleteTokens(ctx, customerId, emails);
    const contacts = await repo.redactContacts(ctx, customerId, emails);
    return { contacts, subscriptions, consent_records: consentRecords, marketing_tokens: tokens };
  },
};
