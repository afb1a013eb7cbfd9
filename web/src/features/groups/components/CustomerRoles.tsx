import { Button, Group, Paper, Select, Table, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { LoadErrorAlert } from '@/components/LoadErrorAlert';
import { SkeletonRows } from '@/components/SkeletonRows';
import { useSites } from '@/features/sites/hooks/useSites';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { EffectiveRole } from '../api/types';
import { useChangeBelonging, useCustomerBelonging } from '../hooks/useCustomerBelonging';
import { useGroups } from '../hooks/useGroups';
import { useRoles } from '../hooks/useRoles';

const ALL_SITES = 'all';

/** The customer's effective roles (direct and through groups), with assign/remove for direct ones. */
export function CustomerRoles({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const { roles } = useCustomerBelonging(customerId);
  const allRoles = useRoles();
  const groups = useGroups();
  const sites = useSites();
  const change = useChangeBelonging(customerId);
  const [roleId, setRoleId] = useState<string | null>(null);
  const [site, setSite] = useState<string>(ALL_SITES);
  const siteNames = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
  const groupNames = new Map((groups.data ?? []).map((g) => [g.id, g.name]));

  const source = (r: EffectiveRole) =>
    r.source === 'group'
      ? `Through ${groupNames.get(r.groupId ?? '') ?? 'a group'}`
      : r.siteId
        ? `Direct, on ${siteNames.get(r.siteId) ?? 'one site'}`
        : 'Direct, every site';

  const assign = (event: FormEvent) => {
    event.preventDefault();
    if (!roleId) return;
    change.mutate(
      { kind: 'assign', roleId, siteId: site === ALL_SITES ? null : site },
      {
        onSuccess: () => {
          notifySuccess('The role was assigned.');
          setRoleId(null);
        },
        onError: (error) => notifyError(error),
      },
    );
  };

  const remove = (r: EffectiveRole) =>
    change.mutate(
      { kind: 'unassign', roleId: r.roleId, siteId: r.siteId },
      { onSuccess: () => notifySuccess(`${r.name} was taken away.`), onError: (e) => notifyError(e) },
    );

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="roles-title">
      <Title order={2} size="h4" id="roles-title" mb="md">
        Roles
      </Title>
      {roles.isError && <LoadErrorAlert error={roles.error} onRetry={() => roles.refetch()} />}
      <Table aria-label="Roles" data-testid="customer-roles-table" aria-busy={roles.isPending}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Th>How</Table.Th>
            {canWrite && <Table.Th>Action</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.isPending ? (
            <SkeletonRows rows={2} columns={canWrite ? 3 : 2} />
          ) : (roles.data ?? []).length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={canWrite ? 3 : 2}>
                <Text size="sm" c="dimmed">
                  No roles.
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            roles.data?.map((r) => (
              <Table.Tr key={`${r.roleId}-${r.source}-${r.siteId ?? ''}-${r.groupId ?? ''}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {r.name}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {r.code}
                  </Text>
                </Table.Td>
                <Table.Td>{source(r)}</Table.Td>
                {canWrite && (
                  <Table.Td>
                    {r.source === 'direct' && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => remove(r)}
                        aria-label={`Take away ${r.name}`}
                      >
                        Remove
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>
      {canWrite && (
        <form onSubmit={assign} aria-label="Assign a role">
          <Group mt="md" align="flex-end" gap="sm">
            <Select
              label="Role"
              placeholder="Choose a role"
              data={(allRoles.data ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.code})` }))}
              value={roleId}
              onChange={setRoleId}
              searchable
            />
            <Select
              label="On"
              data={[
                { value: ALL_SITES, label: 'Every site' },
                ...(sites.data ?? []).map((s) => ({ value: s.id, label: s.name })),
              ]}
              value={site}
              onChange={(value) => setSite(value ?? ALL_SITES)}
              allowDeselect={false}
            />
            <Button type="submit" disabled={!roleId} loading={change.isPending}>
              Assign role
            </Button>
          </Group>
        </form>
      )}
    </Paper>
  );
}
