import { Button, Group, Select, Table, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useSites } from '@/features/sites/hooks/useSites';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { EffectiveRole } from '../api/types';
import { useChangeBelonging, useCustomerBelonging } from '../hooks/useCustomerBelonging';
import { useGroups } from '../hooks/useGroups';
import { useRoles } from '../hooks/useRoles';
import { BelongingSection } from './BelongingSection';

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
    <BelongingSection
      title="Roles"
      titleId="roles-title"
      query={roles}
      tableLabel="Roles"
      testId="customer-roles-table"
      headers={['Role', 'How']}
      canWrite={canWrite}
      emptyText="No roles."
      row={(r) => (
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
      )}
      form={
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
      }
    />
  );
}
