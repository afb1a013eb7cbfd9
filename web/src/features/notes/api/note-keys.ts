/** Query keys of staff notes. */
export const noteKeys = {
  all: ['notes'] as const,
  customer: (customerId: string) => [...noteKeys.all, customerId] as const,
};
