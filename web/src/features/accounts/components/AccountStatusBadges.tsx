import { Badge, Group } from '@mantine/core';
import type { Customer } from '@/features/customers/api/types';

/**
 * "Locked" and "Disabled" beside a customer's name, so an admin spots who cannot sign in.
 * Nothing for a customer who can.
 */
export function AccountStatusBadges({ customer }: { customer: Pick<Customer, 'account' | 'enabled'> }) {
  const locked = Boolean(customer.account?.locked);
  if (!locked && customer.enabled) return null;
  return (
    <Group gap={4} wrap="nowrap" component="span" style={{ display: 'inline-flex', flexShrink: 0 }}>
      {locked && (
        <Badge
          size="sm"
          radius="sm"
          variant="light"
          color="red"
          c="red"
          tt="none"
          style={{ flexShrink: 0 }}
          data-testid="locked-badge"
        >
          Locked
        </Badge>
      )}
      {!customer.enabled && (
        <Badge
          size="sm"
          radius="sm"
          variant="light"
          color="gray"
          c="gray.9"
          tt="none"
          style={{ flexShrink: 0 }}
          data-testid="disabled-badge"
        >
          Disabled
        </Badge>
      )}
    </Group>
  );
}
