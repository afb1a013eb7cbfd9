import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { splitProblem } from '@/api/field-errors';
import type { Customer } from '@/features/customers/api/types';
import { customerDisplayName } from '@/features/customers/lib/display-name';
import { useAccountAction } from '../hooks/useAccountAction';

interface DisableCustomerModalProps {
  opened: boolean;
  /** Kept by the caller after closing, so the dialog's text stays while it fades out. */
  customer: Customer | null;
  onClose: () => void;
}

const REASON_MAX = 500;

/** Asks why before disabling: the reason is kept for admins and shown on the customer's page. */
export function DisableCustomerModal({ opened, customer, onClose }: DisableCustomerModalProps) {
  const action = useAccountAction();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [wasOpened, setWasOpened] = useState(opened);

  // Every opening starts with an empty reason.
  if (opened !== wasOpened) {
    setWasOpened(opened);
    if (opened) {
      setReason('');
      setError(undefined);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!customer) return;
    if (!reason.trim()) {
      setError('Say why the customer is disabled.');
      return;
    }
    action.mutate(
      { action: 'disable', customer, reason: reason.trim() },
      {
        onSuccess: onClose,
        onError: (problem) => {
          if (isApiError(problem)) setError(splitProblem(problem, ['reason']).fields.reason);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Disable customer" centered>
      <form onSubmit={submit} aria-label="Disable customer" noValidate>
        <Stack gap="md">
          <Text size="sm">
            {customer && <strong>{customerDisplayName(customer)}</strong>} is signed out everywhere and cannot
            sign in or check out until enabled again.
          </Text>
          <Textarea
            label="Reason"
            description="Kept for admins; the customer does not see it."
            required
            autosize
            minRows={3}
            maxLength={REASON_MAX}
            value={reason}
            error={error}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setError(undefined);
            }}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={action.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={action.isPending}>
              Disable
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
