import { Button, Paper, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { Icon } from '@/components/Icon';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useHasRole } from '@/features/auth/hooks/useHasRole';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import type { Role } from '../api/types';
import { useRoles } from '../hooks/useRoles';
import { RoleModal } from './RoleModal';

/** The tenant's customer roles (not the admin users' roles). */
export function RolesPage() {
  const roles = useRoles();
  const canEdit = useHasRole()('admin');
  // undefined: no modal; null: a new role; a role: editing it.
  const [editing, setEditing] = useState<Role | null | undefined>(undefined);

  let body: ReactNode;
  if (roles.isError && !roles.data) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={4}>
          <ListNotLoaded />
        </Table.Td>
      </Table.Tr>
    );
  } else if (roles.isPending) {
    body = <SkeletonRows rows={3} columns={4} />;
  } else if (roles.data.length === 0) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={4}>
          <Text size="sm" c="dimmed">
            No roles yet.
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = roles.data.map((role) => (
      <Table.Tr key={role.id} data-role-id={role.id}>
        <Table.Td>
          <Text size="sm" ff="monospace">
            {role.code}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500}>
            {role.name}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{role.description ?? '—'}</Text>
        </Table.Td>
        <Table.Td>
          {canEdit && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => setEditing(role)}
              aria-label={`Edit ${role.code}`}
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
      <Paper withBorder radius="md" shadow="xs">
        <Table.ScrollContainer minWidth={560} type="native">
          <Table aria-label="Roles" data-testid="roles-table" aria-busy={roles.isPending}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Description</Table.Th>
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
        <RoleModal key={editing?.id ?? 'new'} role={editing} onClose={() => setEditing(undefined)} />
      )}
    </Stack>
  );
}
