/** Query keys of the saved-views feature. */
export const viewKeys = {
  all: ['views'] as const,
  list: () => [...viewKeys.all, 'list'] as const,
};
