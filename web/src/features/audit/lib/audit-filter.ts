/** What the Audit page's fields narrow the log by. */
export interface AuditFilters {
  actorType: string;
  actorId: string;
  action: string;
  customerId: string;
}

export const noAuditFilters: AuditFilters = { actorType: '', actorId: '', action: '', customerId: '' };

const quoted = (value: string) => JSON.stringify(value.trim());

/**
 * The fields as the audit log's filter language: an action ending in a dot (`customer.`) is a
 * prefix, any other an exact action; empty fields are left out.
 */
export function auditFilter(filters: AuditFilters): string {
  const terms: string[] = [];
  if (filters.actorType) terms.push(`actorType eq ${quoted(filters.actorType)}`);
  if (filters.actorId.trim()) terms.push(`actorId eq ${quoted(filters.actorId)}`);
  const action = filters.action.trim();
  if (action) terms.push(`action ${action.endsWith('.') ? 'sw' : 'eq'} ${quoted(action)}`);
  if (filters.customerId.trim()) terms.push(`customerId eq ${quoted(filters.customerId)}`);
  return terms.join(' and ');
}
