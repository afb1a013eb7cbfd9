import { useSession } from './useSession';

/**
 * The currency customers' "Total spent" is kept in: the tenant's reporting currency
 * (docs/orders.md). USD, the server's default, until the session is loaded.
 */
export function useReportingCurrency(): string {
  return useSession().data?.tenant.reportingCurrency ?? 'USD';
}
