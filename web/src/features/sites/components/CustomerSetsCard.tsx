import { Alert, Anchor, Badge, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '@/api/field-errors';
import { Icon } from '@/components/Icon';
import type { CustomerSet, Site } from '../api/types';
import { useCustomerSets } from '../hooks/useCustomerSets';
import { CustomerSetModal } from './CustomerSetModal';

/**
 * The tenant's customer sets with their sites: sites in one set share shopper logins. Admins
 * create and rename sets here.
 */
export function CustomerSetsCard({ sites, canEdit }: { sites: Site[]; canEdit: boolean }) {
  const sets = useCustomerSets();
  const [modalOpened, modal] = useDisclosure(false);
  const [editing, setEditing] = useState<CustomerSet | null>(null);
  const [modalKey, setModalKey] = useState(0);
  const siteById = new Map(sites.map((site) => [site.id, site]));

  const open = (customerSet: CustomerSet | null) => {
    setEditing(customerSet);
    setModalKey((key) => key + 1);
    modal.open();
  };

  return (
    <Paper withBorder radius="md" shadow="xs" component="section" aria-labelledby="customer-sets-title">
      <Group justify="space-between" p="md" pb={0}>
        <div>
          <Title order={2} size="h4" id="customer-sets-title">
            Customer sets
          </Title>
          <Text size="sm" c="dimmed">
            Sites in one set share their shoppers: one registered account per email signs in on all of them.
          </Text>
        </div>
        {canEdit && (
          <Button
            variant="default"
            size="xs"
            leftSection={<Icon name="plus" size={14} />}
            onClick={() => open(null)}
          >
            New customer set
          </Button>
        )}
      </Group>
      {sets.isError ? (
        <Alert color="red" m="md" title={describeError(sets.error).title}>
          {describeError(sets.error).message}
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table aria-label="Customer sets" data-testid="customer-sets-table" mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Code</Table.Th>
                <Table.Th>Sites</Table.Th>
                {canEdit && <Table.Th>Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(sets.data ?? []).map((customerSet) => (
                <Table.Tr key={customerSet.id} data-set-id={customerSet.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {customerSet.name}
                      </Text>
                      {customerSet.isDefault && (
                        <Badge size="sm" variant="light" radius="sm" tt="none">
                          Default
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {customerSet.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {customerSet.siteIds.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        No sites yet
                      </Text>
                    ) : (
                      <Group gap={6}>
                        {customerSet.siteIds.map((id) => (
                          <Anchor key={id} component={Link} to={`/sites/${id}`} size="sm">
                            {siteById.get(id)?.name ?? 'Site'}
                          </Anchor>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        leftSection={<Icon name="pencil" size={14} />}
                        onClick={() => open(customerSet)}
                        aria-label={`Rename ${customerSet.name}`}
                      >
                        Rename
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CustomerSetModal key={modalKey} opened={modalOpened} onClose={modal.close} customerSet={editing} />
    </Paper>
  );
}
