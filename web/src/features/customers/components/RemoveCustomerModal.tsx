import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { isApiError } from '@/api/client';
import { notifyError } from '@/lib/notify';
import type { Customer } from '../api/types';
import { useDeleteCustomer } from '../hooks/useDeleteCustomer';
import { customerDisplayName } from '../lib/display-name';

interface RemoveCustomerModalProps {
  opened: boolean;
  /** Kept by the caller after closing, so the dialog's text stays while it fades out. */
  customer: Customer | null;
  onClose: () => void;
  onRemoved: (customer: Customer) => void;
  /** Opens the Disable dialog: what to do with a customer the store must keep. */
  onDisable: (customer: Customer) => void;
}

/**
 * What the customer holds that the store keeps, as far as the record shows (only the server
 * knows about store credit: its 409 `customer.has_history` completes the list).
 */
function visibleHistory(customer: Customer): string[] {
  const held: string[] = [];
  if (customer.ordersCount > 0)
    held.push(`${customer.ordersCount} ${customer.ordersCount === 1 ? 'order' : 'orders'}`);
  if (customer.isRegistered) held.push('a registered account');
  return held;
}

/**
 * Asks before removing a customer and says exactly what goes: their details and addresses.
 * A customer with orders, store credit or an account is kept by the server; the dialog then
 * says what they hold and offers Disable instead. Focus starts on Cancel, the safe choice.
 */
export function RemoveCustomerModal({
  opened,
  customer,
  onClose,
  onRemoved,
  onDisable,
}: RemoveCustomerModalProps) {
  const deleteCustomer = useDeleteCustomer();
  const [refused, setRefused] = useState<string[] | null>(null);
  const [wasOpened, setWasOpened] = useState(opened);
  // Every opening starts from what the record shows.
  if (opened !== wasOpened) {
    setWasOpened(opened);
    if (opened) setRefused(null);
  }

  const name = customer ? customerDisplayName(customer) : '';
  const held = refused ?? (customer ? visibleHistory(customer) : []);
  const remove = () => {
    if (!customer) return;
    deleteCustomer.mutate(customer.id, {
      onSuccess: () => onRemoved(customer),
      onError: (error) => {
        if (isApiError(error) && error.code === 'customer.has_history')
          setRefused(error.errors.map((problem) => problem.message));
        else notifyError(error);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Remove customer" centered>
      <Stack gap="lg">
        {held.length > 0 ? (
          <>
            <Alert color="yellow" title={`${name} cannot be removed`} data-testid="remove-refused">
              <Text size="sm">They hold records the store must keep:</Text>
              <List size="sm" mt={4}>
                {held.map((item) => (
                  <List.Item key={item}>{item}</List.Item>
                ))}
              </List>
            </Alert>
            <Text size="sm">
              {customer?.enabled
                ? 'Disable them instead: they are signed out everywhere and cannot sign in or check out, and their history stays.'
                : 'They are already disabled: they cannot sign in or check out, and their history stays.'}
            </Text>
          </>
        ) : (
          <Text size="sm" component="div">
            Remove <strong>{name}</strong>
            {customer?.email && name !== customer.email ? ` (${customer.email})` : ''}? Their details (name,
            email, phone, company, note, tags) and their addresses are deleted for good. This cannot be
            undone.
            <Text size="sm" c="dimmed" mt="xs">
              Orders, store credit and registered accounts are never deleted: a customer who has any is kept.
            </Text>
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={deleteCustomer.isPending} data-autofocus>
            Cancel
          </Button>
          {held.length === 0 && (
            <Button color="red" onClick={remove} loading={deleteCustomer.isPending}>
              Remove
            </Button>
          )}
          {held.length > 0 && customer?.enabled && (
            <Button color="red" onClick={() => onDisable(customer)}>
              Disable instead
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
