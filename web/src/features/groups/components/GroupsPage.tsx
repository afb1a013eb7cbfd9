import { Button, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Icon } from '@/components/Icon';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import type { Group } from '../api/types';
import { useGroups } from '../hooks/useGroups';
import { useRoles } from '../hooks/useRoles';
import { GroupModal } from './GroupModal';

/** The tenant's groups: what each bundles and whether members get a reminder before it ends. */
export function GroupsPage() {
  const groups = useGroups();
  const roles = useRoles();
  const canEdit = useHasRole()('admin');
  // undefined: no modal; null: a new group; a group: editing it.
  const [editing, setEditing] = useState<Group | null | undefined>(undefined);
  const roleCodes = new Map((roles.data ?? []).map((role) => [role.id, role.code]));

  let body: ReactNode;
  if (groups.isError && !groups.data) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={5}>
          <ListNotLoaded />
        </Table.Td>
      </Table.Tr>
    );
  } else if (groups.isPending) {
    body = <SkeletonRows rows={3} columns={5} />;
  } else if (groups.data.length === 0) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={5}>
          <Text size="sm" c="dimmed">
            No groups yet.
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = groups.data.map((group) => (
      <Table.Tr key={group.id} data-group-id={group.id}>
        <Table.Td>
          <Text size="sm" ff="monospace">
            {group.code}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            {group.name}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{group.roleIds.map((id) => roleCodes.get(id) ?? '…').join(', ') || '—'}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{group.reminderDays ? `${group.reminderDays} days before` : 'None'}</Text>
        </Table.Td>
        <Table.Td>
          {canEdit && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => setEditing(group)}
              aria-label={`Edit ${group.code}`}
            >
              Edit
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
    ));
  }

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Groups"
        noun="group"
        list={groups}
        count={groups.data?.length}
        countTestId="groups-total"
        description="A membership that may end, bundling roles. Add customers to a group from their page."
        actions={
          canEdit && (
            <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing(null)}>
              New group
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" shadow="xs">
        <Table.ScrollContainer minWidth={640} type="native">
          <Table aria-label="Groups" data-testid="groups-table" aria-busy={groups.isPending}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Reminder</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{body}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      {editing !== undefined && (
        <GroupModal key={editing?.id ?? 'new'} group={editing} onClose={() => setEditing(undefined)} />
      )}
    </Stack>
  );
}
