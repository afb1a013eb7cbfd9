import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { describeError, splitProblem } from '@/api/field-errors';
import { notifySuccess } from '@/lib/notify';
import type { AdminSubscriptionStatus, Subscription } from '../api/types';
import { useChangeMarketing } from '../hooks/useCustomerMarketing';
import { subscriptionStatusLooks } from '../lib/subscription-status';

interface ChangeSubscriptionModalProps {
  customerId: string;
  subscription: Subscription;
  onClose: () => void;
}

/** The server keeps up to 4000 characters of consent wording. */
const TEXT_MAX = 4000;

const choices: { value: AdminSubscriptionStatus; label: string }[] = [
  { value: 'SUBSCRIBED', label: 'Subscribed' },
  { value: 'UNSUBSCRIBED', label: 'Unsubscribed' },
  { value: 'NOT_SUBSCRIBED', label: 'Not subscribed (no choice made)' },
];

/**
 * Sets the customer's state for one newsletter. Subscribing someone asks where their consent came
 * from: that sentence is the consent record a store shows when asked to prove it.
 */
export function ChangeSubscriptionModal({ customerId, subscription, onClose }: ChangeSubscriptionModalProps) {
  const change = useChangeMarketing(customerId);
  const [status, setStatus] = useState<AdminSubscriptionStatus>(
    subscription.status === 'SUBSCRIBED' ? 'UNSUBSCRIBED' : 'SUBSCRIBED',
  );
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ status?: string; consentText?: string; other?: string }>({});
  const subscribing = status === 'SUBSCRIBED';
  const title = `Change ${subscription.name}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const consentText = text.trim();
    if (subscribing && !consentText)
      return setErrors({ consentText: 'Say where the consent came from: it is kept as the proof' });
    setErrors({});
    change.mutate(
      {
        kind: 'subscription',
        newsletterId: subscription.newsletterId,
        change: { status, ...(consentText ? { consentText } : {}) },
      },
      {
        onSuccess: () => {
          notifySuccess(
            `${subscription.name}: ${subscriptionStatusLooks[status].label.toLowerCase()}. The change is in the consent history.`,
          );
          onClose();
        },
        onError: (error) => {
          if (isApiError(error) && [400, 409, 422].includes(error.status)) {
            const { fields, other } = splitProblem(error, ['status', 'consentText']);
            const unplaced = other.length > 0 || (!fields.status && !fields.consentText);
            setErrors({ ...fields, other: unplaced ? (error.detail ?? error.title) : undefined });
          } else {
            setErrors({ other: describeError(error).message });
          }
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form onSubmit={submit} aria-label={title} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Now {subscriptionStatusLooks[subscription.status].label.toLowerCase()}. The change is recorded
            with your name and the time, and cannot be edited later.
          </Text>
          <Select
            label="New state"
            data={choices}
            value={status}
            onChange={(value) => {
              if (value) setStatus(value as AdminSubscriptionStatus);
              setErrors({});
            }}
            error={errors.status}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label={subscribing ? 'Where did consent come from?' : 'Note for the consent history'}
            description={
              subscribing
                ? 'E.g. “Asked to be added by phone on 3 May, ticket 4411”. Kept word for word as the proof.'
                : 'Why, if you know (optional)'
            }
            withAsterisk={subscribing}
            autosize
            minRows={3}
            maxLength={TEXT_MAX}
            value={text}
            error={errors.consentText}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setErrors({});
            }}
            data-autofocus
          />
          {errors.other && (
            <Alert color="red" title="The state was not changed">
              {errors.other}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={change.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={change.isPending}>
              Save change
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
