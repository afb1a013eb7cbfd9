import { Button, Menu } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Icon } from '@/components/Icon';
import type { OrderDetail, OrderStatus } from '../api/types';
import { nextOrderStatuses, orderStatusLabels } from '../lib/order-status';
import { ChangeOrderStatusModal } from './ChangeOrderStatusModal';

/** Offers only the statuses the order may move to from where it is; nothing for a final status. */
export function ChangeOrderStatusMenu({ order }: { order: OrderDetail }) {
  const [target, setTarget] = useState<OrderStatus | null>(null);
  const [opened, modal] = useDisclosure(false);
  const next = nextOrderStatuses[order.status];
  if (next.length === 0 && !opened) return null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection={<Icon name="chevronDown" size={16} />}>
            Change status
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {next.map((status) => (
            <Menu.Item
              key={status}
              color={status === 'cancelled' || status === 'refunded' ? 'red' : undefined}
              onClick={() => {
                setTarget(status);
                modal.open();
              }}
            >
              {status === 'partially_refunded' && order.status === 'partially_refunded'
                ? 'Refund another part…'
                : `${orderStatusLabels[status]}${status === 'partially_refunded' ? '…' : ''}`}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <ChangeOrderStatusModal order={order} target={target} opened={opened} onClose={modal.close} />
    </>
  );
}
