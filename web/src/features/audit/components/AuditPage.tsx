import {
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '@/api/client';
import { ScrollableTable } from '@/components/ScrollableTable';
import { SkeletonRows } from '@/components/SkeletonRows';
import { actorPhrase } from '@/features/accounts/lib/describe-actor';
import { describeChange } from '@/features/accounts/lib/describe-changes';
import { useSession } from '@/features/auth/hooks/useSession';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { formatDateTime } from '@/lib/format';
import type { AuditEntry } from '../api/types';
import { useAuditLog } from '../hooks/useAuditLog';
import { type AuditFilters, auditFilter, noAuditFilters } from '../lib/audit-filter';

const COLUMNS = 4;
const ACTOR_TYPES = [
  { value: 'admin', label: 'Admin user' },
  { value: 'apiKey', label: 'API key' },
  { value: 'shopper', label: 'Shopper' },
  { value: 'storefront', label: 'Storefront (before sign-in)' },
  { value: 'system', label: 'System (CLI, worker, imports)' },
];

/** What an entry was about: a link to the customer, or the subject's type and id. */
function entrySubject(entry: AuditEntry): ReactNode {
  if (entry.customerId)
    return (
      <Anchor component={Link} to={`/customers/${entry.customerId}`} size="sm">
        Customer {entry.customerId.slice(0, 8)}…
      </Anchor>
    );
  if (entry.subject)
    return (
      <Text size="sm">
        {entry.subject.type} {entry.subject.id.slice(0, 8)}
        {entry.subject.id.length > 8 ? '…' : ''}
      </Text>
    );
  return null;
}

/**
 * The tenant's audit log (admins and owners): every change, newest first, who made it and what
 * changed, narrowed by actor, action and customer. An action ending in a dot is a prefix
 * (`customer.` for every customer change).
 */
export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(noAuditFilters);
  const [filter] = useDebouncedValue(auditFilter(filters), 300);
  const log = useAuditLog(filter);
  const { data: session } = useSession();
  const rows = log.data?.pages.flatMap((page) => page.data);
  const problem =
    log.isError && isApiError(log.error) && log.error.status === 400
      ? `The filter was not accepted: ${log.error.detail ?? log.error.title}`
      : null;
  const set = (field: keyof AuditFilters) => (value: string | null) =>
    setFilters((current) => ({ ...current, [field]: value ?? '' }));

  let body: ReactNode;
  if (log.isError && !rows) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={COLUMNS}>
          {problem ? <Text size="sm">{problem}</Text> : <ListNotLoaded />}
        </Table.Td>
      </Table.Tr>
    );
  } else if (!rows) {
    body = <SkeletonRows rows={5} columns={COLUMNS} />;
  } else if (rows.length === 0) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={COLUMNS}>
          <Text size="sm" c="dimmed">
            No changes match.
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = rows.map((entry) => (
      <Table.Tr key={entry.id} data-audit-action={entry.action}>
        <Table.Td>
          <Text size="sm">
            <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{actorPhrase(entry.actor, session?.id).replace(/^by /, '')}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" ff="monospace">
            {entry.action}
          </Text>
          {entrySubject(entry)}
        </Table.Td>
        <Table.Td>
          {entry.changes.length > 0 ? (
            <Stack gap={2} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {entry.changes.map((change) => (
                <Text size="sm" component="li" key={change.field}>
                  {describeChange(change)}
                </Text>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Audit log"
        noun="change"
        list={log}
        count={rows?.length}
        countIsLowerBound={log.hasNextPage}
        countTestId="audit-total"
        problem={problem}
        description="Every change in the store, newest first: who made it, when, and each field's value before and after."
      />
      <Paper
        withBorder
        radius="md"
        p="md"
        shadow="xs"
        component="form"
        role="search"
        aria-label="Filter the audit log"
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <Select
            label="Actor type"
            placeholder="Anyone"
            data={ACTOR_TYPES}
            value={filters.actorType || null}
            onChange={set('actorType')}
            clearable
          />
          <TextInput
            label="Actor id"
            placeholder="An admin user's or API key's id"
            value={filters.actorId}
            onChange={(e) => set('actorId')(e.currentTarget.value)}
          />
          <TextInput
            label="Action"
            description="End with a dot for a prefix: customer."
            placeholder="customer.updated"
            value={filters.action}
            onChange={(e) => set('action')(e.currentTarget.value)}
          />
          <TextInput
            label="Customer id"
            placeholder="0190…"
            value={filters.customerId}
            onChange={(e) => set('customerId')(e.currentTarget.value)}
          />
        </SimpleGrid>
      </Paper>
      <Paper withBorder radius="md" shadow="xs">
        <ScrollableTable label="Audit log" minWidth={960}>
          <Table verticalSpacing="sm" aria-label="Audit log" data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Changes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </ScrollableTable>
        {log.hasNextPage && (
          <Group justify="center" p="sm">
            <Button variant="default" loading={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
              Show older changes
            </Button>
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
