import { Badge } from '@mantine/core';
import type { OrderStatus } from '../api/types';
import { orderStatusColors, orderStatusLabels } from '../lib/order-status';

/** The order's status as a word with a coloured dot; the word carries the meaning, not the colour. */
export function OrderStatusBadge({
  status,
  size = 'sm',
}: {
  status: OrderStatus;
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <Badge
      variant="dot"
      color={orderStatusColors[status]}
      size={size}
      radius="sm"
      tt="none"
      fw={500}
      data-status={status}
    >
      {orderStatusLabels[status]}
    </Badge>
  );
}
