import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Icon } from '@/components/Icon';
import { useFormatters } from '@/features/reference/hooks/useFormatters';
import { formatPhone } from '@/lib/phone';
import type { Customer } from '../api/types';
import { customerDisplayName } from '../lib/display-name';
import { YesNoBadge } from './YesNoBadge';

interface CustomerHeaderProps {
  customer: Customer;
  onRemove: () => void;
  /** More buttons beside Remove (the GDPR export and erasure). */
  actions?: ReactNode;
}

export function CustomerHeader({ customer, onRemove, actions }: CustomerHeaderProps) {
  const name = customerDisplayName(customer);
  const showCompany = customer.companyName && customer.companyName !== name;
  const formatters = useFormatters();
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <Stack gap={4}>
        <Title order={1} data-testid="customer-name">
          {name}
        </Title>
        <Group gap="xs" wrap="wrap">
          {customer.email && (
            <Text c="dimmed" size="sm" data-testid="customer-email">
              {customer.email}
            </Text>
          )}
          {customer.phone && (
            <Text c="dimmed" size="sm" data-testid="customer-phone">
              {customer.email ? '· ' : ''}
              {formatPhone(customer.phone, customer.countryCode, formatters?.parsePhone)}
            </Text>
          )}
          {showCompany && (
            <Text c="dimmed" size="sm">
              · {customer.companyName}
            </Text>
          )}
        </Group>
        <Group gap="xs" mt={4}>
          <YesNoBadge value={customer.isRegistered} yes="Registered" no="Guest" />
          <YesNoBadge value={customer.enabled} yes="Enabled" no="Disabled" />
          {customer.erasedAt && (
            <Badge color="gray" variant="light" data-testid="customer-erased">
              Personal data erased
            </Badge>
          )}
        </Group>
      </Stack>
      <Group gap="xs">
        {actions}
        <Button
          variant="default"
          color="red"
          leftSection={<Icon name="trash" size={16} />}
          onClick={onRemove}
        >
          Remove customer
        </Button>
      </Group>
    </Group>
  );
}
