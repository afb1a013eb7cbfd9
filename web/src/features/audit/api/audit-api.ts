import { apiRequest } from '@/api/client';
import type { AuditPage } from './types';

/** One page of the audit log, newest first, narrowed by a filter expression (none for all). */
export const listAudit = (filter: string, cursor: string | null, signal?: AbortSignal) =>
  apiRequest<AuditPage>('/audit', { query: { limit: 50, cursor, filter: filter || null }, signal });
