import { Alert, Button, Group, List, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { LoadErrorAlert } from '@/components/LoadErrorAlert';
import type { Customer } from '@/features/customers/api/types';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import { notifyError } from '@/lib/notify';
import type { ErasureResult } from '../api/types';
import { useEraseCustomer, useErasurePreview } from '../hooks/useEraseCustomer';

/** The word typed to confirm: an erasure cannot be undone, so it takes more than a click. */
const CONFIRM_WORD = 'ERASE';

/** What each table's count means, in the store's words (docs/privacy.md has the whole list). */
const tableLabels: Record<string, string> = {
  customers: 'customer record: personal fields blanked, kept for the orders',
  addresses: 'addresses',
  accounts: 'sign-in account',
  shopper_sessions: 'signed-in sessions',
  account_tokens: 'emailed links',
  orders: 'orders: email and addresses blanked, numbers and totals kept',
  order_status_changes: 'staff notes on order status changes',
  carts: 'carts',
  wishlists: 'wish lists',
  group_members: 'group memberships',
  customer_roles: 'roles',
  customer_notes: 'staff notes',
  contacts: 'marketing contacts: address erased, kept for the consent records',
  subscriptions: 'newsletter subscriptions: become REDACTED',
  consent_records: 'consent records: IP address and browser blanked, kept as proof',
  marketing_tokens: 'newsletter links',
  events: 'timeline entries: personal values blanked, kept for the audit log',
  email_outbox: 'emails sent or queued',
  idempotency_keys: 'stored replies to retried requests',
};

const rowsOf = (result: ErasureResult) =>
  Object.values(result.removed).flatMap((tables) =>
    Object.entries(tables).map(([table, count]) => ({ table, count, label: tableLabels[table] ?? table })),
  );

interface EraseCustomerModalProps {
  opened: boolean;
  customer: Customer;
  onClose: () => void;
}

/**
 * Erases a customer's personal data in three steps: what would go (the server's dry run), typing
 * the confirmation word, then what went. Focus starts on Cancel, the safe choice.
 */
export function EraseCustomerModal({ opened, customer, onClose }: EraseCustomerModalProps) {
  const preview = useErasurePreview();
  const erase = useEraseCustomer();
  const [typed, setTyped] = useState('');
  const name = customerDisplayName(customer);
  const { mutate: ask, reset: resetPreview } = preview;
  const { reset: resetErase } = erase;

  // Every opening asks the server again: what an erasure removes changes with the customer's data.
  useEffect(() => {
    if (!opened) return;
    setTyped('');
    resetErase();
    ask(customer.id);
    return resetPreview;
  }, [opened, customer.id, ask, resetPreview, resetErase]);

  const confirm = () => erase.mutate(customer.id, { onError: (error) => notifyError(error) });
  const done = erase.data;

  return (
    <Modal opened={opened} onClose={onClose} title="Erase personal data" centered size="lg">
      <Stack gap="md">
        {done ? (
          <Alert color="teal" title="Personal data erased" data-testid="erasure-done">
            <Text size="sm">
              {name}'s personal data was erased at {new Date(done.erasedAt ?? '').toLocaleString()}. The
              record stays, blank, for the orders and the audit log.
            </Text>
          </Alert>
        ) : (
          <>
            <Text size="sm">
              Erase <strong>{name}</strong>'s personal data everywhere? This cannot be undone. Order numbers,
              lines, totals and statuses and the store-credit ledger are kept for the store's accounts.
            </Text>
            {preview.isPending && (
              <Group gap="xs">
                <Loader size="xs" />
                <Text size="sm">Finding what would be erased…</Text>
              </Group>
            )}
            {preview.isError && <LoadErrorAlert error={preview.error} onRetry={() => ask(customer.id)} />}
            {preview.data && (
              <div data-testid="erasure-preview">
                <Text size="sm" fw={500}>
                  What will be erased
                </Text>
                <List size="sm" mt={4}>
                  {rowsOf(preview.data).map((row) => (
                    <List.Item key={row.table}>
                      {row.count} × {row.label}
                    </List.Item>
                  ))}
                </List>
                {preview.data.linkedGuestIds.length > 0 && (
                  <Text size="sm" mt="xs">
                    With {preview.data.linkedGuestIds.length} guest checkout
                    {preview.data.linkedGuestIds.length === 1 ? '' : 's'} their account took over.
                  </Text>
                )}
              </div>
            )}
            <TextInput
              label={`Type ${CONFIRM_WORD} to confirm`}
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              disabled={!preview.data || erase.isPending}
              autoComplete="off"
            />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={erase.isPending} data-autofocus>
            {done ? 'Close' : 'Cancel'}
          </Button>
          {!done && (
            <Button
              color="red"
              onClick={confirm}
              loading={erase.isPending}
              disabled={!preview.data || typed.trim() !== CONFIRM_WORD}
            >
              Erase personal data
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
