import { Box, Group, Text } from '@mantine/core';
import { formatMoney } from '@/lib/money';
import type { OrderDetail } from '../api/types';

function Row({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <Group
      justify="space-between"
      gap="md"
      wrap="nowrap"
      // A rule above each sum (a div of its own is not allowed inside a <dl>).
      style={strong ? { borderTop: '1px solid var(--mantine-color-gray-3)', paddingTop: 6 } : undefined}
    >
      <Text component="dt" size="sm" c={strong ? undefined : 'dimmed'} fw={strong ? 600 : undefined}>
        {label}
      </Text>
      <Text
        component="dd"
        size="sm"
        m={0}
        fw={strong ? 700 : 500}
        data-testid={`order-${label.toLowerCase()}`}
      >
        {value}
      </Text>
    </Group>
  );
}

/** Subtotal, discount, tax, shipping, total and what was refunded, as the server computed them. */
export function OrderTotals({ order }: { order: OrderDetail }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  return (
    <Box component="dl" m={0} style={{ display: 'grid', gap: 6 }}>
      <Row label="Subtotal" value={money(order.subtotal)} />
      <Row label="Discount" value={order.discountTotal > 0 ? `−${money(order.discountTotal)}` : money(0)} />
      <Row label="Tax" value={money(order.taxTotal)} />
      <Row label="Shipping" value={money(order.shippingTotal)} />
      <Row label="Total" value={money(order.total)} strong />
      {order.refundedTotal > 0 && (
        <>
          <Row label="Refunded" value={`−${money(order.refundedTotal)}`} />
          <Row label="Net" value={money(order.total - order.refundedTotal)} strong />
        </>
      )}
    </Box>
  );
}
