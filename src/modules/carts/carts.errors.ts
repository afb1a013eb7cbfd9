import { DomainError } from '../../lib/errors.js';

export const cartErrors = {
  notFound: () => new DomainError('not_found', 'cart.not_found', 'No such cart.'),
  converted: () =>
    new DomainError(
      'conflict',
      'cart.converted',
      'The cart was bought (converted to an order) and can no longer change; start a new cart.',
    ),
  convertedToAnother: (orderId: string) =>
    new DomainError('conflict', 'cart.converted', `The cart was already converted to order ${orderId}.`, [
      { path: '/orderId', message: `the cart was converted to order ${orderId}`, in: 'body' },
    ]),
};
