import { Badge, Group, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { AccountStatusBadges } from '@/features/accounts/components/AccountStatusBadges';
import type { Attribute } from '@/features/attributes/api/types';
import { useAttributes } from '@/features/attributes/hooks/useAttributes';
import { useReportingCurrency } from '@/features/auth/hooks/useReportingCurrency';
import type { RecordColumn } from '@/features/record-table/types';
import { useSites } from '@/features/sites/hooks/useSites';
import { countryName, formatCount, formatDate, formatDateTime } from '@/lib/format';
import { formatMoney } from '@/lib/money';
import type { CustomerGridRow } from '../api/types';
import { YesNoBadge } from '../components/YesNoBadge';

const text = (value: string | null) =>
  value ?? (
    <Text span c="dimmed" aria-hidden="true">
      —
    </Text>
  );

function TagList({ tags, color }: { tags: string[]; color?: string }) {
  if (tags.length === 0) return text(null);
  return (
    <Group gap={4} wrap="nowrap">
      {tags.slice(0, 3).map((tag) => (
        <Badge
          key={tag}
          variant={color ? 'light' : 'default'}
          color={color}
          size="sm"
          radius="sm"
          tt="none"
          fw={500}
        >
          {tag}
        </Badge>
      ))}
      {tags.length > 3 && (
        <Text span size="xs" c="dimmed">
          +{tags.length - 3}
        </Text>
      )}
    </Group>
  );
}

/** The customer's name, and the company beneath it, small and dimmed. */
function NameCell({ customer }: { customer: CustomerGridRow }) {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  return (
    <Stack gap={0}>
      <Text fw={500} size="sm" lh={1.3} truncate title={name || undefined}>
        {name || text(null)}
      </Text>
      {customer.companyName && (
        <Text size="xs" c="dimmed" lh={1.3} truncate title={customer.companyName}>
          {customer.companyName}
        </Text>
      )}
    </Stack>
  );
}

/** Guest or registered, and Locked or Disabled when the customer cannot sign in, as small badges. */
function StatusBadges({ customer }: { customer: CustomerGridRow }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge
        variant="dot"
        color={customer.isRegistered ? 'teal' : 'gray'}
        size="sm"
        radius="sm"
        tt="none"
        fw={500}
      >
        {customer.isRegistered ? 'Registered' : 'Guest'}
      </Badge>
      <AccountStatusBadges customer={customer} />
    </Group>
  );
}

type Value = CustomerGridRow['attributes'][string] | undefined;

/** A custom attribute's value as its type reads: an option's label, Yes/No, a date, a number. */
function attributeCell(definition: Attribute, value: Value) {
  if (value === undefined || value === null || value === '') return text(null);
  switch (definition.type) {
    case 'boolean':
      return <YesNoBadge value={value === true} />;
    case 'date':
      return typeof value === 'string' ? (
        <span title={formatDateTime(value)}>{formatDate(value)}</span>
      ) : (
        text(null)
      );
    case 'number':
      return typeof value === 'number' ? value.toLocaleString() : String(value);
    case 'enum':
      return definition.options.find((option) => option.value === value)?.label ?? String(value);
    case 'multiEnum':
      return Array.isArray(value) ? value.join(', ') : String(value);
    default:
      return String(value);
  }
}

/**
 * One column per indexed custom attribute (only those sort on the server): id `attributes.<code>`,
 * the sort field the API takes, headed by the definition's label.
 */
function attributeColumns(definitions: readonly Attribute[]): RecordColumn<CustomerGridRow>[] {
  return definitions
    .filter((definition) => definition.indexed)
    .map((definition) => ({
      id: `attributes.${definition.code}`,
      header: definition.label,
      align: definition.type === 'number' ? ('right' as const) : undefined,
      cell: (c: CustomerGridRow) => attributeCell(definition, c.attributes[definition.code]),
    }));
}

/** The customers grid's columns, in display order; `id`s are the API's sort fields. */
export function useCustomerColumns(): RecordColumn<CustomerGridRow>[] {
  const { data: sites } = useSites();
  const reportingCurrency = useReportingCurrency();
  const { data: definitions } = useAttributes();

  return useMemo(() => {
    const siteNames = new Map((sites ?? []).map((site) => [site.id, site.name]));
    const date = (iso: string | null) =>
      iso ? <span title={formatDateTime(iso)}>{formatDate(iso)}</span> : text(null);
    return [
      {
        // Sorts by last name (the API's field); the company sits beneath, so it needs no column of its own.
        id: 'lastName',
        header: 'Name',
        defaultVisible: true,
        width: 196,
        cell: (c) => <NameCell customer={c} />,
      },
      { id: 'email', header: 'E-mail', defaultVisible: true, width: 176, cell: (c) => text(c.email) },
      {
        id: 'countryCode',
        header: 'Country',
        defaultVisible: true,
        width: 112,
        // By name, as addresses are ("United States", not "US"); the filter and sort keep the code.
        cell: (c) => text(c.countryCode && countryName(c.countryCode)),
      },
      {
        id: 'ordersCount',
        header: 'Orders',
        defaultVisible: true,
        align: 'right',
        width: 84,
        cell: (c) => formatCount(c.ordersCount),
      },
      {
        // Only orders in the tenant's reporting currency add to it (docs/orders.md).
        id: 'totalSpent',
        header: 'Total spent',
        defaultVisible: true,
        align: 'right',
        width: 112,
        cell: (c) => formatMoney(c.totalSpent, reportingCurrency),
      },
      {
        id: 'lastOrderAt',
        header: 'Last order',
        defaultVisible: true,
        width: 104,
        cell: (c) => date(c.lastOrderAt),
      },
      // Not a sort field: it is three flags read together.
      {
        id: 'status',
        header: 'Status',
        sortable: false,
        defaultVisible: true,
        width: 124,
        cell: (c) => <StatusBadges customer={c} />,
      },
      { id: 'firstName', header: 'First name', cell: (c) => text(c.firstName) },
      { id: 'companyName', header: 'Company', cell: (c) => text(c.companyName) },
      { id: 'stateCode', header: 'State', cell: (c) => text(c.stateCode) },
      // Not a sort field of the API: no index serves it.
      { id: 'firstOrderAt', header: 'First order', sortable: false, cell: (c) => date(c.firstOrderAt) },
      { id: 'phone', header: 'Phone', cell: (c) => text(c.phone) },
      { id: 'tags', header: 'Tags', cell: (c) => <TagList tags={c.tags} /> },
      // Active memberships only; not a sort field of the API.
      {
        id: 'groups',
        header: 'Groups',
        sortable: false,
        cell: (c) => <TagList tags={c.groups} color="indigo" />,
      },
      ...attributeColumns(definitions ?? []),
      {
        id: 'site',
        header: 'Site',
        cell: (c) => text(c.originSiteId ? (siteNames.get(c.originSiteId) ?? null) : null),
      },
      { id: 'organizationId', header: 'Organization ID', cell: (c) => text(c.organizationId) },
      { id: 'taxId', header: 'Tax ID', cell: (c) => text(c.taxId) },
      { id: 'createdAt', header: 'Created', cell: (c) => date(c.createdAt) },
      { id: 'updatedAt', header: 'Updated', cell: (c) => date(c.updatedAt) },
      {
        id: 'enabled',
        header: 'Enabled',
        cell: (c) => <YesNoBadge value={c.enabled} />,
      },
      {
        id: 'isRegistered',
        header: 'Is registered',
        cell: (c) => <YesNoBadge value={c.isRegistered} />,
      },
    ] satisfies RecordColumn<CustomerGridRow>[];
  }, [sites, reportingCurrency, definitions]);
}
