import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Contact } from '../api/types';
import { useChangeMarketing } from '../hooks/useCustomerMarketing';

interface MarkInvalidModalProps {
  customerId: string;
  contact: Contact;
  onClose: () => void;
}

/** Confirms marking an address invalid (a bounce or complaint reported elsewhere), with an optional reason. */
export function MarkInvalidModal({ customerId, contact, onClose }: MarkInvalidModalProps) {
  const change = useChangeMarketing(customerId);
  const [reason, setReason] = useState('');
  const title = 'Mark address invalid';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { kind: 'invalid', contactId: contact.id, reason: reason.trim() || undefined },
      {
        onSuccess: () => {
          notifySuccess(`${contact.email} is marked invalid; no newsletter goes to it.`);
          onClose();
        },
        onError: (error) => notifyError(error),
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form onSubmit={submit} aria-label={title} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Every newsletter subscription of <strong>{contact.email}</strong> becomes “Address invalid” and no
            newsletter is sent to it. Each change is recorded in the consent history.
          </Text>
          <TextInput
            label="Reason (optional)"
            description="E.g. “Hard bounce reported by the mail provider”"
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={change.isPending}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={change.isPending}>
              Mark invalid
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
