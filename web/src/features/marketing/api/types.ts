/**
 * The marketing API's shapes, as the backend's contract states them (issue 14). Written here until
 * the server's TypeBox schemas land; then these become type-only imports from them.
 */
export type SubscriptionStatus =
  | 'SUBSCRIBED'
  | 'UNSUBSCRIBED'
  | 'NOT_SUBSCRIBED'
  | 'PENDING'
  | 'REDACTED'
  | 'INVALID';

export type OptInLevel = 'SINGLE_OPT_IN' | 'CONFIRMED_OPT_IN';

export interface Newsletter {
  id: string;
  siteId: string;
  code: string;
  name: string;
  description: string | null;
  doubleOptIn: boolean;
  subscriberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface NewsletterCreate {
  siteId: string;
  code: string;
  name: string;
  description?: string | null;
  doubleOptIn: boolean;
}

export type NewsletterPatch = Partial<Omit<NewsletterCreate, 'siteId'>>;

export interface Subscription {
  newsletterId: string;
  code: string;
  name: string;
  siteId: string;
  status: SubscriptionStatus;
  optInLevel: OptInLevel | null;
  updatedAt: string | null;
}

export interface Contact {
  id: string;
  email: string;
  customerId: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  invalid: boolean;
  createdAt: string;
  subscriptions: Subscription[];
}

export interface ConsentRecord {
  id: string;
  contactId: string;
  newsletterId: string;
  newsletterCode: string;
  status: SubscriptionStatus;
  optInLevel: OptInLevel | null;
  source: string;
  consentText: string | null;
  ip: string | null;
  userAgent: string | null;
  actor: {
    type: 'admin' | 'apiKey' | 'shopper' | 'anonymous' | 'system';
    id: string | null;
    label: string | null;
  };
  createdAt: string;
}

export interface ConsentPage {
  data: ConsentRecord[];
  nextCursor: string | null;
}

/** What an admin may set: the other states come from the shopper, the mail path or erasure. */
export type AdminSubscriptionStatus = Extract<
  SubscriptionStatus,
  'SUBSCRIBED' | 'UNSUBSCRIBED' | 'NOT_SUBSCRIBED'
>;

export interface SubscriptionChange {
  status: AdminSubscriptionStatus;
  consentText?: string;
}
