import { Button, Group, Paper, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { LoadErrorAlert } from '@/components/LoadErrorAlert';
import { SkeletonRows } from '@/components/SkeletonRows';
import { formatDate } from '@/lib/format';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Membership } from '../api/types';
import { useChangeBelonging, useCustomerBelonging } from '../hooks/useCustomerBelonging';
import { useGroups } from '../hooks/useGroups';

const status = (m: Membership) =>
  m.active ? 'Active' : Date.parse(m.validFrom) > Date.now() ? 'Starts later' : 'Expired';

/** The customer's memberships, with "add to group" and "end" for support and above. */
export function CustomerMemberships({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const { memberships } = useCustomerBelonging(customerId);
  const groups = useGroups();
  const change = useChangeBelonging(customerId);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [validTo, setValidTo] = useState('');

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!groupId) return;
    // A date is the end of that day's start in UTC: the membership holds until then.
    const end = validTo ? new Date(`${validTo}T00:00:00Z`).toISOString() : null;
    change.mutate(
      { kind: 'join', groupId, validTo: end },
      {
        onSuccess: () => {
          notifySuccess('The membership was saved.');
          setGroupId(null);
          setValidTo('');
        },
        onError: (error) => notifyError(error),
      },
    );
  };

  const end = (m: Membership) =>
    change.mutate(
      { kind: 'leave', groupId: m.groupId },
      { onSuccess: () => notifySuccess(`The ${m.name} membership ended.`), onError: (e) => notifyError(e) },
    );

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="memberships-title">
      <Title order={2} size="h4" id="memberships-title" mb="md">
        Groups
      </Title>
      {memberships.isError && (
        <LoadErrorAlert error={memberships.error} onRetry={() => memberships.refetch()} />
      )}
      <Table aria-label="Memberships" data-testid="memberships-table" aria-busy={memberships.isPending}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Group</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>Until</Table.Th>
            <Table.Th>Status</Table.Th>
            {canWrite && <Table.Th>Action</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {memberships.isPending ? (
            <SkeletonRows rows={2} columns={canWrite ? 5 : 4} />
          ) : (memberships.data ?? []).length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={canWrite ? 5 : 4}>
                <Text size="sm" c="dimmed">
                  Not a member of any group.
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            memberships.data?.map((m) => (
              <Table.Tr key={m.groupId} data-group-id={m.groupId}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {m.name}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {m.code}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDate(m.validFrom)}</Table.Td>
                <Table.Td>{m.validTo ? formatDate(m.validTo) : 'No end'}</Table.Td>
                <Table.Td>{status(m)}</Table.Td>
                {canWrite && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => end(m)}
                      aria-label={`End ${m.name}`}
                    >
                      End
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
      {canWrite && (
        <form onSubmit={add} aria-label="Add to a group">
          <Group mt="md" align="flex-end" gap="sm">
            <Select
              label="Group"
              placeholder="Choose a group"
              data={(groups.data ?? []).map((g) => ({ value: g.id, label: `${g.name} (${g.code})` }))}
              value={groupId}
              onChange={setGroupId}
              searchable
            />
            <TextInput
              label="Until (optional)"
              type="date"
              value={validTo}
              onChange={(event) => setValidTo(event.currentTarget.value)}
            />
            <Button type="submit" disabled={!groupId} loading={change.isPending}>
              Add to group
            </Button>
          </Group>
        </form>
      )}
    </Paper>
  );
}
