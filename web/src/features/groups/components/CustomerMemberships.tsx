import { Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { formatDate } from '@/lib/format';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Membership } from '../api/types';
import { useChangeBelonging, useCustomerBelonging } from '../hooks/useCustomerBelonging';
import { useGroups } from '../hooks/useGroups';
import { BelongingSection } from './BelongingSection';

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
    <BelongingSection
      title="Groups"
      titleId="memberships-title"
      query={memberships}
      tableLabel="Memberships"
      testId="memberships-table"
      headers={['Group', 'From', 'Until', 'Status']}
      canWrite={canWrite}
      emptyText="Not a member of any group."
      row={(m) => (
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
      )}
      form={
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
      }
    />
  );
}
