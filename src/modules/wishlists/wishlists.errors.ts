import { DomainError } from '../../lib/errors.js';
import { MAX_ITEMS_PER_LIST, MAX_LISTS_PER_CUSTOMER } from './wishlists.schemas.js';

export const wishlistErrors = {
  notFound: () => new DomainError('not_found', 'wishlist.not_found', 'You have no wish list with this id.'),
  itemNotFound: () =>
    new DomainError('not_found', 'wishlist.item_not_found', 'This wish list has no item with this id.'),
  nameTaken: () =>
    new DomainError('conflict', 'wishlist.name_taken', 'You already have a wish list with this name.', [
      { path: '/name', message: 'is the name of another of your wish lists', in: 'body' },
    ]),
  itemExists: () =>
    new DomainError(
      'conflict',
      'wishlist.item_exists',
      'This product is already on the wish list; change that item instead.',
      [{ path: '/sku', message: 'is already on this wish list', in: 'body' }],
    ),
  tooManyLists: () =>
    new DomainError(
      'rule_broken',
      'wishlist.too_many_lists',
      `A customer can keep at most ${MAX_LISTS_PER_CUSTOMER} wish lists.`,
    ),
  tooManyItems: () =>
    new DomainError(
      'rule_broken',
      'wishlist.too_many_items',
      `A wish list holds at most ${MAX_ITEMS_PER_LIST} items.`,
    ),
};
