import { DomainError, invalid } from '../../lib/errors.js';

export const creditErrors = {
  unknownCurrency: () =>
    invalid('credit.invalid_currency', 'The currency is not an ISO 4217 code.', [
      { path: '/currency', message: 'is not an ISO 4217 currency code', in: 'body' },
    ]),
  /** `balance` is null inside the failed transaction; the service fills it in after the rollback. */
  insufficient: (currency: string, amount: number, balance: number | null) =>
    new DomainError(
      'rule_broken',
      'credit.insufficient',
      balance === null
        ? `Not enough ${currency} credit for ${amount}.`
        : `Not enough ${currency} credit: the balance is ${balance} and this needs ${amount} (minor units).`,
      [{ path: '/amount', message: 'is more than the balance', in: 'body' }],
    ),
  unknownOrder: () =>
    new DomainError('rule_broken', 'credit.unknown_order', 'The order is not an order of this customer.', [
      { path: '/orderId', message: 'is not an order of this customer', in: 'body' },
    ]),
  orderCurrency: (currency: string) =>
    new DomainError(
      'rule_broken',
      'credit.currency_mismatch',
      `Credit is spent in the order's currency, ${currency}.`,
      [{ path: '/currency', message: `must be the order's currency, ${currency}`, in: 'body' }],
    ),
  orderClosed: (status: string) =>
    new DomainError(
      'rule_broken',
      'credit.order_closed',
      `The order is ${status}; no credit can be spent on it.`,
      [{ path: '/orderId', message: `is ${status}`, in: 'body' }],
    ),
  exceedsOrder: (left: number) =>
    new DomainError(
      'rule_broken',
      'credit.exceeds_order',
      `Credit cannot pay more than the order's total: at most ${left} more can be spent on it.`,
      [{ path: '/amount', message: `must be at most ${left}`, in: 'body' }],
    ),
  keyUsed: () =>
    new DomainError(
      'rule_broken',
      'credit.key_used',
      'A credit entry was already written with this Idempotency-Key (longer ago than keys are replayed); use a new key.',
      [{ path: '/idempotency-key', message: 'already wrote a credit entry', in: 'header' }],
    ),
};
