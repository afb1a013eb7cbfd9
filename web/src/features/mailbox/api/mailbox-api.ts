import { apiRequest } from '@/api/client';
import type { Email, MailboxPage } from './types';

export function listMailbox(params: { to: string; cursor: string | null }, signal?: AbortSignal) {
  return apiRequest<MailboxPage>('/mailbox', {
    signal,
    query: { limit: 50, to: params.to, cursor: params.cursor },
  });
}

export function getEmail(id: string, signal?: AbortSignal) {
  return apiRequest<Email>(`/mailbox/${encodeURIComponent(id)}`, { signal });
}
