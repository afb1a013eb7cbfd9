/** The marketing API's shapes, taken from the server's TypeBox schemas (type-only imports). */
import type { AdminSubscriptionInput, Subscription } from '@server/modules/marketing/marketing.schemas.js';

export type {
  AdminSubscriptionInput,
  ConsentRecord,
  Contact,
  Newsletter,
  NewsletterInput,
  NewsletterPatch,
  Subscription,
} from '@server/modules/marketing/marketing.schemas.js';

export type SubscriptionStatus = Subscription['status'];
export type OptInLevel = NonNullable<Subscription['optInLevel']>;
/** What an admin may set: the other states come from the shopper, the mail path or erasure. */
export type AdminSubscriptionStatus = AdminSubscriptionInput['status'];
