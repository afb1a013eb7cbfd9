/**
 * Query keys of marketing. A subscription change moves a newsletter's subscriber count, so
 * invalidating `all` after one refreshes the Newsletters page as well as the customer's tab.
 */
export const marketingKeys = {
  all: ['marketing'] as const,
  newsletters: () => [...marketingKeys.all, 'newsletters'] as const,
  customer: (customerId: string) => [...marketingKeys.all, 'customer', customerId] as const,
  contact: (customerId: string) => [...marketingKeys.customer(customerId), 'contact'] as const,
  consents: (customerId: string) => [...marketingKeys.customer(customerId), 'consents'] as const,
};
