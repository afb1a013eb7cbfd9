/** Query keys of tag completion; invalidating `all` refreshes every suggestion list. */
export const tagKeys = {
  all: ['tags'] as const,
  suggestions: (prefix: string) => [...tagKeys.all, 'suggestions', prefix] as const,
};
