import type { OrderStatus } from '../api/types';

export const orderStatusLabels: Record<OrderStatus, string> = {
  placed: 'Placed',
  paid: 'Paid',
  fulfilled: 'Fulfilled',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  partially_refunded: 'Partially refunded',
};

export const orderStatusColors: Record<OrderStatus, string> = {
  placed: 'blue',
  paid: 'teal',
  fulfilled: 'green',
  cancelled: 'gray',
  refunded: 'orange',
  partially_refunded: 'yellow',
};

/** Every status, in the order an order moves through them. */
export const orderStatuses = Object.keys(orderStatusLabels) as OrderStatus[];

/**
 * The changes the server allows from each status (`TRANSITIONS` in
 * src/modules/orders/order-status.service.ts, which the app cannot import: it is server code).
 * The menu offers only these; the server checks again under its locks.
 */
export const nextOrderStatuses: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['paid', 'cancelled'],
  paid: ['fulfilled', 'cancelled', 'refunded', 'partially_refunded'],
  fulfilled: ['refunded', 'partially_refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  cancelled: [],
  refunded: [],
};
