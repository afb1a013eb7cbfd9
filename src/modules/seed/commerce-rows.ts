import type { CreditKind, OrderStatus } from '../../db/types.js';
import type { OrderAddress } from '../orders/orders.schemas.js';

/** A customer to give a purchase history, as read back from the database. */
export interface CommerceCustomer {
  id: string;
  customerSetId: string;
  isRegistered: boolean;
  email: string | null;
  countryCode: string | null;
  createdAt: Date;
  /** The default billing address as an order keeps it (null when the customer has none). */
  address: OrderAddress | null;
}

export interface CommerceSite {
  id: string;
  code: string;
  customerSetId: string;
}

export interface SeedOrder {
  id: string;
  siteId: string;
  customerId: string;
  number: string;
  status: OrderStatus;
  currency: string;
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  shippingMinor: number;
  totalMinor: number;
  refundedMinor: number;
  email: string | null;
  /** JSON of the address snapshot, used for billing and shipping. */
  address: string | null;
  placedAt: Date;
  updatedAt: Date;
  version: number;
}

export interface SeedOrderLine {
  orderId: string;
  lineNo: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface SeedStatusChange {
  id: string;
  orderId: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  amountMinor: number | null;
  note: string | null;
  createdAt: Date;
}

export interface SeedCart {
  id: string;
  siteId: string;
  customerId: string | null;
  currency: string;
  subtotalMinor: number;
  lineCount: number;
  lastActivityAt: Date;
  convertedOrderId: string | null;
  convertedAt: Date | null;
  createdAt: Date;
}

export interface SeedCartLine {
  cartId: string;
  lineNo: number;
  sku: string;
  name: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface SeedWishlist {
  id: string;
  customerId: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SeedWishlistItem {
  id: string;
  wishlistId: string;
  sku: string;
  name: string;
  quantity: number;
  note: string | null;
  createdAt: Date;
}

export interface SeedCreditEntry {
  id: string;
  customerId: string;
  currency: string;
  amountMinor: number;
  kind: CreditKind;
  reason: string;
  reference: string | null;
  orderId: string | null;
  expiresAt: Date | null;
  /** Grants (issue, return) only: what is left of them. */
  remainingMinor: number | null;
  createdAt: Date;
}

export interface SeedCreditBalance {
  customerId: string;
  currency: string;
  balanceMinor: number;
  updatedAt: Date;
}

/** Everything generated for one batch of customers, one array per table. */
export interface CommerceBatch {
  customerIds: string[];
  orders: SeedOrder[];
  lines: SeedOrderLine[];
  statusChanges: SeedStatusChange[];
  carts: SeedCart[];
  cartLines: SeedCartLine[];
  wishlists: SeedWishlist[];
  wishlistItems: SeedWishlistItem[];
  creditEntries: SeedCreditEntry[];
  creditBalances: SeedCreditBalance[];
}

/** Rows of every table in a batch, for rows/s. */
export const batchRows = (b: CommerceBatch) =>
  b.orders.length +
  b.lines.length +
  b.statusChanges.length +
  b.carts.length +
  b.cartLines.length +
  b.wishlists.length +
  b.wishlistItems.length +
  b.creditEntries.length +
  b.creditBalances.length;

/** A generated order with what carts and credit need to know of it. */
export interface OrderDraft {
  order: SeedOrder;
  lines: SeedOrderLine[];
  /** When the order stopped counting (cancelled or refunded), if it did. */
  closedAt: number | null;
}
