import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { ConfirmModal } from '@/components/ConfirmModal';
import { Icon } from '@/components/Icon';
import { PostalAddress } from '@/features/reference/components/PostalAddress';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Address } from '../api/types';
import { useDeleteAddress } from '../hooks/useDeleteAddress';
import { AddressFormModal } from './AddressFormModal';

const addressTitle = (address: Address) => address.label || address.line1;

/** The customer's addresses with their default flags; add, edit and remove in dialogs. */
export function AddressesCard({ customerId, addresses }: { customerId: string; addresses: Address[] }) {
  const [formOpened, form] = useDisclosure(false);
  const [formKey, setFormKey] = useState(0);
  const [editing, setEditing] = useState<Address | null>(null);
  const [removing, setRemoving] = useState<Address | null>(null);
  const [confirmOpened, confirm] = useDisclosure(false);
  const deleteAddress = useDeleteAddress(customerId);

  const sorted = useMemo(
    () =>
      [...addresses].sort(
        (a, b) =>
          Number(b.isDefaultBilling) - Number(a.isDefaultBilling) ||
          Number(b.isDefaultShipping) - Number(a.isDefaultShipping) ||
          a.createdAt.localeCompare(b.createdAt),
      ),
    [addresses],
  );

  const openForm = (address: Address | null) => {
    setEditing(address);
    setFormKey((key) => key + 1);
    form.open();
  };

  const remove = () => {
    if (!removing) return;
    deleteAddress.mutate(removing.id, {
      onSuccess: () => {
        confirm.close();
        notifySuccess('Address removed.');
      },
      onError: (error) => notifyError(error),
    });
  };

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="addresses-title">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4" id="addresses-title">
          Addresses
        </Title>
        <Button
          size="xs"
          variant="default"
          leftSection={<Icon name="plus" size={14} />}
          onClick={() => openForm(null)}
        >
          Add address
        </Button>
      </Group>

      {sorted.length === 0 ? (
        <Stack align="center" gap={4} py="lg">
          <Icon name="mapPin" size={28} color="var(--mantine-color-gray-6)" />
          <Text size="sm" c="dimmed">
            No addresses yet.
          </Text>
        </Stack>
      ) : (
        <Stack gap="sm">
          {sorted.map((address) => (
            <Paper key={address.id} withBorder radius="md" p="md" data-testid="address">
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={6}>
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      {addressTitle(address)}
                    </Text>
                    {address.isDefaultBilling && (
                      <Badge size="sm" variant="light" tt="none">
                        Default billing
                      </Badge>
                    )}
                    {address.isDefaultShipping && (
                      <Badge size="sm" variant="light" tt="none">
                        Default shipping
                      </Badge>
                    )}
                  </Group>
                  {/* Without a label, line 1 is already the card's title. */}
                  <PostalAddress address={address} withoutLine1={!address.label} />
                </Stack>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Edit address ${addressTitle(address)}`}
                    onClick={() => openForm(address)}
                  >
                    <Icon name="pencil" size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove address ${addressTitle(address)}`}
                    onClick={() => {
                      setRemoving(address);
                      confirm.open();
                    }}
                  >
                    <Icon name="trash" size={16} />
                  </ActionIcon>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}

      <AddressFormModal
        key={formKey}
        opened={formOpened}
        onClose={form.close}
        customerId={customerId}
        address={editing}
        defaults={addresses.length === 0 ? { isDefaultBilling: true, isDefaultShipping: true } : undefined}
      />
      <ConfirmModal
        opened={confirmOpened}
        title="Remove address"
        confirmLabel="Remove"
        loading={deleteAddress.isPending}
        onConfirm={remove}
        onClose={confirm.close}
      >
        {removing && (
          <>
            Remove the address <strong>{addressTitle(removing)}</strong>, {removing.city}?
          </>
        )}
      </ConfirmModal>
    </Paper>
  );
}
