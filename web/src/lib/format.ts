const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat('en-US');

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

export function formatCount(count: number): string {
  return numberFormat.format(count);
}

/** "1 customer", "1,234 customers", "10,000+ customers". */
export function formatTotal(count: number, noun: string, isLowerBound = false): string {
  return `${formatCount(count)}${isLowerBound ? '+' : ''} ${count === 1 && !isLowerBound ? noun : `${noun}s`}`;
}
