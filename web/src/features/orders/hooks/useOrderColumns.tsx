import { Anchor, Text } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { RecordColumn } from '@/features/record-table/types';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatDate, formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { OrderSummary } from '../api/types';
import { OrderStatusBadge } from '../components/OrderStatusBadge';

const dash = (
  <Text span c="dimmed" aria-hidden="true">
    —
  </Text>
);

/**
 * The columns of an order list; `id`s that are sort fields of the API (`placedAt`) sort. The
 * tenant-wide list shows the customer; a customer's own list does not need to.
 */
export function useOrderColumns({ withCustomer }: { withCustomer: boolean }): RecordColumn<OrderSummary>[] {
  const { data: sites } = useSites();
  return useMemo(() => {
    const siteNames = new Map((sites ?? []).map((site) => [site.id, site.name]));
    const columns: RecordColumn<OrderSummary>[] = [
      {
        id: 'number',
        header: 'Order',
        sortable: false,
        cell: (order) => (
          <Anchor
            component={Link}
            to={`/orders/${order.id}`}
            size="sm"
            fw={600}
            onClick={(event) => event.stopPropagation()}
          >
            {order.number}
          </Anchor>
        ),
      },
      {
        id: 'placedAt',
        header: 'Placed',
        cell: (order) => (
          <time dateTime={order.placedAt} title={formatDateTime(order.placedAt)}>
            {formatDate(order.placedAt)}
          </time>
        ),
      },
    ];
    if (withCustomer) {
      columns.push({
        id: 'customer',
        header: 'Customer',
        sortable: false,
        cell: (order) => (
          <Anchor
            component={Link}
            to={`/customers/${order.customerId}`}
            size="sm"
            onClick={(event) => event.stopPropagation()}
          >
            {order.email ?? 'Customer'}
          </Anchor>
        ),
      });
    }
    columns.push(
      {
        id: 'site',
        header: 'Site',
        sortable: false,
        cell: (order) => siteNames.get(order.siteId) ?? dash,
      },
      {
        id: 'status',
        header: 'Status',
        sortable: false,
        cell: (order) => <OrderStatusBadge status={order.status} />,
      },
      {
        id: 'total',
        header: 'Total',
        sortable: false,
        align: 'right',
        cell: (order) => formatMoney(order.total, order.currency),
      },
      {
        id: 'refunded',
        header: 'Refunded',
        sortable: false,
        align: 'right',
        cell: (order) => (order.refundedTotal > 0 ? formatMoney(order.refundedTotal, order.currency) : dash),
      },
    );
    return columns.map((column) => ({ ...column, defaultVisible: true }));
  }, [sites, withCustomer]);
}
