/** Query keys of the jobs feature; invalidating `all` refreshes the list and every open job. */
export const jobKeys = {
  all: ['jobs'] as const,
  list: () => [...jobKeys.all, 'list'] as const,
  job: (id: string) => [...jobKeys.all, 'job', id] as const,
};
