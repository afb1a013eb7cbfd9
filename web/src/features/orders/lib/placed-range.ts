import type { OrderListFilters } from '../api/types';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight at the start of a `YYYY-MM-DD` day, `days` later; null for anything else. */
function localMidnight(day: string, days = 0): string | null {
  const match = DATE.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * The API's time range for a range of days in the admin's time zone, both days included: from
 * the first day's midnight up to (not including) the midnight after the last day.
 */
export function placedRange(from: string, to: string): Pick<OrderListFilters, 'placedFrom' | 'placedTo'> {
  const placedFrom = localMidnight(from);
  const placedTo = localMidnight(to, 1);
  return { ...(placedFrom ? { placedFrom } : {}), ...(placedTo ? { placedTo } : {}) };
}
