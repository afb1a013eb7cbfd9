import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Icon } from '@/components/Icon';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { DefinitionTable } from '@/features/record-table/components/DefinitionTable';
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
      <DefinitionTable
        label="Groups"
        testId="groups-table"
        minWidth={640}
        query={groups}
        rowKey={(group) => group.id}
        rowAttributes={(group) => ({ 'data-group-id': group.id })}
        empty={
          <Text size="sm" c="dimmed">
            No groups yet.
          </Text>
        }
        columns={[
          {
            header: 'Code',
            cell: (group) => (
              <Text size="sm" ff="monospace">
                {group.code}
              </Text>
            ),
          },
          {
            header: 'Name',
            cell: (group) => (
              <Text size="sm" fw={500}>
                {group.name}
              </Text>
            ),
          },
          {
            header: 'Roles',
            cell: (group) => (
              <Text size="sm">{group.roleIds.map((id) => roleCodes.get(id) ?? '…').join(', ') || '—'}</Text>
            ),
          },
          {
            header: 'Reminder',
            cell: (group) => (
              <Text size="sm">{group.reminderDays ? `${group.reminderDays} days before` : 'None'}</Text>
            ),
          },
        ]}
        edit={{ onEdit: canEdit ? setEditing : undefined, label: (group) => `Edit ${group.code}` }}
      />
      {editing !== undefined && (
        <GroupModal key={editing?.id ?? 'new'} group={editing} onClose={() => setEditing(undefined)} />
      )}
    </Stack>
  );
}
