import { Alert, Button, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { isApiError } from '@/api/client';
import { describeError, splitProblem } from '@/api/field-errors';
import { useIdempotencyKey } from '@/hooks/useIdempotencyKey';
import { currencyDigits, formatMoney, toMinorUnits } from '@/lib/money';
import { notifySuccess } from '@/lib/notify';
import type { OrderDetail, OrderStatus } from '../api/types';
import { useChangeOrderStatus } from '../hooks/useChangeOrderStatus';
import { orderStatusLabels } from '../lib/order-status';

interface ChangeOrderStatusModalProps {
  order: OrderDetail;
  /** The status chosen in the menu; kept by the caller after closing so the text stays while it fades. */
  target: OrderStatus | null;
  opened: boolean;
  onClose: () => void;
}

const NOTE_MAX = 1000;

/** What the change will do, in the store's words. */
function consequence(order: OrderDetail, target: OrderStatus, left: string): string {
  switch (target) {
    case 'cancelled':
      return 'The order stops counting toward the customer’s orders and total spent; store credit spent on it goes back to the customer.';
    case 'refunded':
      return `Refunds the rest of the order (${left}). It stops counting toward the customer’s orders; store credit spent on it goes back to the customer.`;
    case 'partially_refunded':
      return `Refunds part of the order. ${left} of ${formatMoney(order.total, order.currency)} can still be refunded; refunding all of it is “Refunded”.`;
    default:
      return 'Recorded in the order’s status history with your name and the time.';
  }
}

/**
 * Confirms a status change, asks the amount of a partial refund and an optional note, and sends
 * it once (one Idempotency-Key per change, reused if the same change is sent again).
 */
export function ChangeOrderStatusModal({ order, target, opened, onClose }: ChangeOrderStatusModalProps) {
  const change = useChangeOrderStatus(order.id);
  const key = useIdempotencyKey();
  const [amount, setAmount] = useState<string | number>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ amount?: string; note?: string; other?: string }>({});
  const [wasOpened, setWasOpened] = useState(opened);
  // Set synchronously, before React re-renders with the pending state: a double click sends once.
  const sending = useRef(false);

  // Every opening starts afresh.
  if (opened !== wasOpened) {
    setWasOpened(opened);
    if (opened) {
      setAmount('');
      setNote('');
      setErrors({});
      key.reset();
    }
  }

  const leftMinor = order.total - order.refundedTotal;
  const left = formatMoney(leftMinor, order.currency);
  const partial = target === 'partially_refunded';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!target || sending.current) return;
    let amountMinor: number | undefined;
    if (partial) {
      const parsed = toMinorUnits(amount, order.currency);
      if (parsed.error !== undefined) return setErrors({ amount: parsed.error });
      if (parsed.minor >= leftMinor)
        return setErrors({ amount: `Must be less than ${left}; to refund all of it, choose Refunded` });
      amountMinor = parsed.minor;
    }
    setErrors({});
    sending.current = true;
    change.mutate(
      {
        body: {
          status: target,
          ...(amountMinor !== undefined ? { amount: amountMinor } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        idempotencyKey: key.current(),
      },
      {
        onSettled: () => {
          sending.current = false;
        },
        onSuccess: () => {
          key.reset();
          notifySuccess(`Order ${order.number} is now ${orderStatusLabels[target].toLowerCase()}.`);
          onClose();
        },
        onError: (error) => {
          if (isApiError(error) && (error.status === 400 || error.status === 422)) {
            const { fields, other } = splitProblem(error, ['amount', 'note']);
            setErrors({
              amount: fields.amount,
              note: fields.note,
              other:
                other.length > 0 || (!fields.amount && !fields.note)
                  ? (error.detail ?? error.title)
                  : undefined,
            });
          } else {
            setErrors({ other: describeError(error).message });
          }
        },
      },
    );
  };

  const edited = () => {
    key.reset();
    setErrors({});
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        target ? `Mark order ${order.number} ${orderStatusLabels[target].toLowerCase()}` : 'Change status'
      }
      centered
    >
      <form onSubmit={submit} aria-label="Change order status" noValidate>
        <Stack gap="md">
          {target && <Text size="sm">{consequence(order, target, left)}</Text>}
          {partial && (
            <NumberInput
              label={`Amount refunded now (${order.currency})`}
              description={`Less than ${left}`}
              required
              min={0}
              decimalScale={currencyDigits(order.currency)}
              allowNegative={false}
              thousandSeparator=","
              hideControls
              value={amount}
              error={errors.amount}
              onChange={(value) => {
                setAmount(value);
                edited();
              }}
              data-autofocus
            />
          )}
          <Textarea
            label="Note"
            description="Why, for the order’s history (optional)"
            autosize
            minRows={2}
            maxLength={NOTE_MAX}
            value={note}
            error={errors.note}
            onChange={(event) => {
              setNote(event.currentTarget.value);
              edited();
            }}
            // Without an amount to give, the note is the first thing to write.
            data-autofocus={partial ? undefined : true}
          />
          {errors.other && (
            <Alert color="red" title="The status was not changed">
              {errors.other}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={change.isPending}>
              Cancel
            </Button>
            <Button
              type="submit"
              color={target === 'cancelled' || target === 'refunded' ? 'red' : undefined}
              loading={change.isPending}
            >
              {target ? `Mark ${orderStatusLabels[target].toLowerCase()}` : 'Change'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
