import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Icon } from '@/components/Icon';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { DefinitionTable } from '@/features/record-table/components/DefinitionTable';
import type { Role } from '../api/types';
import { useRoles } from '../hooks/useRoles';
import { RoleModal } from './RoleModal';

/** The tenant's customer roles (not the admin users' roles). */
export function RolesPage() {
  const roles = useRoles();
  const canEdit = useHasRole()('admin');
  // undefined: no modal; null: a new role; a role: editing it.
  const [editing, setEditing] = useState<Role | null | undefined>(undefined);

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Roles"
        noun="role"
        list={roles}
        count={roles.data?.length}
        countTestId="roles-total"
        description="What stores gate restricted sections, products and discounts on. Customers hold roles directly or through groups."
        actions={
          canEdit && (
            <Button leftSection={<Icon name="plus" size={16} />} onClick={() => setEditing(null)}>
              New role
            </Button>
          )
        }
      />
      <DefinitionTable
        label="Roles"
        testId="roles-table"
        minWidth={560}
        query={roles}
        rowKey={(role) => role.id}
        rowAttributes={(role) => ({ 'data-role-id': role.id })}
        empty={
          <Text size="sm" c="dimmed">
            No roles yet.
          </Text>
        }
        columns={[
          {
            header: 'Code',
            cell: (role) => (
              <Text size="sm" ff="monospace">
                {role.code}
              </Text>
            ),
          },
          {
            header: 'Name',
            cell: (role) => (
              <Text size="sm" fw={500}>
                {role.name}
              </Text>
            ),
          },
          { header: 'Description', cell: (role) => <Text size="sm">{role.description ?? '—'}</Text> },
        ]}
        edit={{ onEdit: canEdit ? setEditing : undefined, label: (role) => `Edit ${role.code}` }}
      />
      {editing !== undefined && (
        <RoleModal key={editing?.id ?? 'new'} role={editing} onClose={() => setEditing(undefined)} />
      )}
    </Stack>
  );
}
