import type { Customer } from '../api/types';

/** What a person would call this customer: their name, else the company, else the email. */
export function customerDisplayName(
  customer: Pick<Customer, 'firstName' | 'lastName' | 'companyName' | 'email'>,
): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  return name || customer.companyName || customer.email || 'Unnamed customer';
}
