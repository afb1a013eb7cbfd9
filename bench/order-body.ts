/**
 * The order the `orders` scenarios post (and capture the SQL of): three lines, a discount, tax,
 * shipping and a billing address, a unique number, the customer by id or, for a guest checkout,
 * by email and name. Shared by the capture (scenarios) and the load worker (one body a request).
 */
export interface OrderLoad {
  siteId: string;
  /** Existing customers, used in turn; empty for guest checkouts. */
  customerIds: string[];
}

const LINES = [
  { sku: 'TEA-1', name: 'Green tea', quantity: 2, unitPrice: 1250, discount: 250, tax: 180 },
  { sku: 'MUG-2', name: 'Stoneware mug', quantity: 1, unitPrice: 1800, discount: 0, tax: 144 },
  { sku: 'POT-3', name: 'Teapot', quantity: 1, unitPrice: 3900, discount: 0, tax: 312 },
];
const SHIPPING = 500;
/** The orders module's formula: Σ quantity × unitPrice − Σdiscount + Σtax + shipping (9,086). */
const TOTAL = LINES.reduce((sum, l) => sum + l.quantity * l.unitPrice - l.discount + l.tax, 0) + SHIPPING;

const ADDRESS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '1 Main Street',
  city: 'New York',
  postalCode: '10001',
  countryCode: 'US',
  stateCode: 'US-NY',
  phone: '+12125550100',
};

/** Order number `n` of a run; `tag` keeps numbers of different runs and stages apart. */
export function orderBody(load: OrderLoad, tag: string, n: number) {
  const customer =
    load.customerIds.length > 0
      ? { customerId: load.customerIds[n % load.customerIds.length]! }
      : {
          customer: {
            email: `bench-guest.${tag}.${n}@example.net`,
            firstName: 'Ada',
            lastName: 'Lovelace',
          },
        };
  return {
    siteId: load.siteId,
    number: `BENCH-${tag}-${n}`,
    currency: 'USD',
    ...customer,
    lines: LINES,
    shippingTotal: SHIPPING,
    total: TOTAL,
    billingAddress: ADDRESS,
    placedAt: new Date().toISOString(),
  };
}

/** A fresh Idempotency-Key per request. */
export const orderKey = (tag: string, n: number) => `bench-${tag}-${n}`;
