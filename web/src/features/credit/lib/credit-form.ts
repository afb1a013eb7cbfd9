import { isCurrencyCode, toMinorUnits } from '@/lib/money';
import type { CreditEntryCreate } from '../api/types';

export type CreditAction = 'issue' | 'deduct';

/** The issue/deduct form's fields as typed; amounts in major units. */
export interface CreditFormValues {
  action: CreditAction;
  amount: string | number;
  currency: string;
  reason: string;
  reference: string;
  /** `YYYY-MM-DD`, the last day the credit can be spent; issues only. */
  validUntil: string;
}

export type CreditFormField = Exclude<keyof CreditFormValues, 'action'>;
export type CreditFormErrors = Partial<Record<CreditFormField, string>>;

/** Where each field sits in the request body, as the server names it in `errors[].path`. */
export const creditFieldPaths: Record<string, CreditFormField> = {
  amount: 'amount',
  currency: 'currency',
  reason: 'reason',
  reference: 'reference',
  expiresAt: 'validUntil',
};

/** Local midnight after the chosen day: the credit can be spent through that whole day. */
function endOfDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1);
}

/**
 * The request body for the form, or the problems to show under its fields. A deduction is sent
 * as a negative amount in minor units of the currency.
 */
export function toCreditEntry(
  values: CreditFormValues,
  now: Date = new Date(),
): { body: CreditEntryCreate; errors?: undefined } | { body?: undefined; errors: CreditFormErrors } {
  const errors: CreditFormErrors = {};
  const currency = values.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency)) errors.currency = 'Enter an ISO 4217 code, e.g. USD';
  const amount = isCurrencyCode(currency) ? toMinorUnits(values.amount, currency) : null;
  if (amount?.error) errors.amount = amount.error;
  const reason = values.reason.trim();
  if (!reason) errors.reason = 'Say why, for the record';
  const reference = values.reference.trim();
  let expiresAt: string | undefined;
  if (values.action === 'issue' && values.validUntil) {
    const end = endOfDay(values.validUntil);
    if (!end || end <= now) errors.validUntil = 'Choose today or a later day';
    else expiresAt = end.toISOString();
  }
  if (Object.keys(errors).length > 0 || amount?.minor === undefined) return { errors };
  return {
    body: {
      amount: values.action === 'deduct' ? -amount.minor : amount.minor,
      currency,
      reason,
      ...(reference ? { reference } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    },
  };
}
