/** Query keys of store credit; invalidating `customer(id)` refreshes the balances and the history. */
export const creditKeys = {
  all: ['credit'] as const,
  customer: (customerId: string) => [...creditKeys.all, customerId] as const,
  balances: (customerId: string) => [...creditKeys.customer(customerId), 'balances'] as const,
  entries: (customerId: string) => [...creditKeys.customer(customerId), 'entries'] as const,
};
