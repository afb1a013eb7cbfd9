/** Query keys of the custom attributes feature. */
export const attributeKeys = {
  all: ['attributes'] as const,
  list: () => [...attributeKeys.all, 'list'] as const,
};
