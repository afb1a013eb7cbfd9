/** Query keys of the mailbox feature. */
export const mailboxKeys = {
  all: ['mailbox'] as const,
  list: (to: string) => [...mailboxKeys.all, 'list', to] as const,
  detail: (id: string) => [...mailboxKeys.all, 'detail', id] as const,
};
