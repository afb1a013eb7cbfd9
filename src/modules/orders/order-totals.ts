/** A line as priced at checkout, in minor units; discount and tax are the line's own. */
export interface PricedLine {
  quantity: number;
  unitPrice: number;
  discount: number;
  tax: number;
}

/**
 * An order's totals from its lines (docs/orders.md), in BigInt so no product of quantity and
 * price can lose precision: line amount = quantity × unitPrice; line total = amount − discount +
 * tax; subtotal = Σ amount; total = subtotal − Σdiscount + Σtax + shipping. Placing an order and
 * the seeder both add up here; the caller checks the results against its limits.
 */
export function orderTotals(lines: readonly PricedLine[], shipping: number) {
  let subtotal = 0n;
  let discount = 0n;
  let tax = 0n;
  const perLine = lines.map((line) => {
    const amount = BigInt(line.quantity) * BigInt(line.unitPrice);
    subtotal += amount;
    discount += BigInt(line.discount);
    tax += BigInt(line.tax);
    return { amount, total: amount - BigInt(line.discount) + BigInt(line.tax) };
  });
  const shippingMinor = BigInt(shipping);
  return {
    lines: perLine,
    subtotal,
    discount,
    tax,
    shipping: shippingMinor,
    total: subtotal - discount + tax + shippingMinor,
  };
}
