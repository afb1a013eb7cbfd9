import { DomainError } from '../../lib/errors.js';

export const orderErrors = {
  notFound: () => new DomainError('not_found', 'order.not_found', 'No such order.'),
  numberTaken: (number: string) =>
    new DomainError(
      'conflict',
      'order.number_taken',
      `Order number ${number} is already used on this site.`,
      [{ path: '/number', message: 'is already used by another order of this site', in: 'body' }],
    ),
  totalMismatch: (sent: number, computed: number) =>
    new DomainError(
      'rule_broken',
      'order.total_mismatch',
      `The total sent (${sent}) is not the total of the lines (${computed}): Σ(quantity × unitPrice) − Σdiscount + Σtax + shippingTotal.`,
      [{ path: '/total', message: `is ${sent}, but the lines add up to ${computed}`, in: 'body' }],
    ),
  guestCheckoutDisabled: () =>
    new DomainError(
      'rule_broken',
      'order.guest_checkout_disabled',
      'This site does not allow checkout without an account; name the customer by customerId.',
      [{ path: '/customer', message: 'guest checkout is off on this site', in: 'body' }],
    ),
  customerDisabled: (path: string) =>
    new DomainError(
      'rule_broken',
      'order.customer_disabled',
      'The customer is disabled and cannot be used at checkout; enable them first.',
      [{ path, message: 'names a disabled customer', in: 'body' }],
    ),
  invalidTransition: (from: string, to: string) =>
    new DomainError('rule_broken', 'order.invalid_transition', `An order cannot go from ${from} to ${to}.`, [
      { path: '/status', message: `${from} → ${to} is not an allowed change`, in: 'body' },
    ]),
  refundTooLarge: (left: number) =>
    new DomainError(
      'rule_broken',
      'order.refund_too_large',
      `A partial refund must be less than what is left to refund (${left}); refund the rest with status refunded.`,
      [{ path: '/amount', message: `must be less than ${left}`, in: 'body' }],
    ),
};
