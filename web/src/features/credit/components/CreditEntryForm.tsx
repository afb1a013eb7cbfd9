import {
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { isApiError } from '@/api/client';
import { asSentence } from '@/api/field-errors';
import { useIdempotencyKey } from '@/hooks/useIdempotencyKey';
import { currencyDigits, formatMoney, isCurrencyCode } from '@/lib/money';
import { notifyError, notifySuccess } from '@/lib/notify';
import { useAddCreditEntry } from '../hooks/useAddCreditEntry';
import { useCreditBalances } from '../hooks/useCreditBalances';
import {
  type CreditAction,
  type CreditFormErrors,
  type CreditFormValues,
  creditFieldPaths,
  toCreditEntry,
} from '../lib/credit-form';

const today = () => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

const emptyValues = (currency: string): CreditFormValues => ({
  action: 'issue',
  amount: '',
  currency,
  reason: '',
  reference: '',
  validUntil: '',
});

/**
 * Issues or deducts store credit with a reason. Each change is sent with one Idempotency-Key,
 * kept while the form is unchanged, so a double click or a retry cannot move the money twice.
 */
export function CreditEntryForm({
  customerId,
  defaultCurrency,
}: {
  customerId: string;
  defaultCurrency: string;
}) {
  const add = useAddCreditEntry(customerId);
  const balances = useCreditBalances(customerId);
  const key = useIdempotencyKey();
  const [values, setValues] = useState(() => emptyValues(defaultCurrency));
  const [errors, setErrors] = useState<CreditFormErrors>({});
  // Set synchronously, before React re-renders with the pending state: a double click sends once.
  const sending = useRef(false);

  const set = <K extends keyof CreditFormValues>(field: K, value: CreditFormValues[K]) => {
    key.reset();
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => (field in current ? { ...current, [field]: undefined } : current));
  };

  const currency = values.currency.trim().toUpperCase();
  const knownCurrency = isCurrencyCode(currency);
  const deducting = values.action === 'deduct';

  const balanceOf = (code: string) => balances.data?.balances.find((b) => b.currency === code)?.balance ?? 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (sending.current) return;
    const entry = toCreditEntry(values);
    if (entry.errors) return setErrors(entry.errors);
    setErrors({});
    sending.current = true;
    const { body } = entry;
    add.mutate(
      { body, idempotencyKey: key.current() },
      {
        onSettled: () => {
          sending.current = false;
        },
        onSuccess: ({ balance }) => {
          key.reset();
          setValues({ ...emptyValues(body.currency), action: values.action });
          const moved = formatMoney(Math.abs(body.amount), body.currency);
          notifySuccess(
            `${body.amount > 0 ? 'Issued' : 'Deducted'} ${moved} of store credit. The ${body.currency} balance is now ${formatMoney(balance.balance, balance.currency)}.`,
          );
        },
        onError: (error) => {
          if (!isApiError(error)) return notifyError(error);
          if (error.code === 'credit.insufficient') {
            const left = balanceOf(body.currency);
            return setErrors({
              amount:
                left > 0
                  ? `More than the balance: at most ${formatMoney(left, body.currency)} can be deducted`
                  : `There is no ${body.currency} credit to deduct`,
            });
          }
          if (error.status === 400 || error.status === 422) {
            const fields: CreditFormErrors = {};
            const other: string[] = [];
            for (const problem of error.errors) {
              const field = creditFieldPaths[problem.path.replace(/^\//, '')];
              if (field) fields[field] ??= asSentence(problem.message);
              else other.push(asSentence(problem.message));
            }
            setErrors(fields);
            if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error);
            return;
          }
          notifyError(error);
        },
      },
    );
  };

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby="credit-form-title">
      <Title order={2} size="h4" id="credit-form-title" mb="md">
        Issue or deduct
      </Title>
      <form onSubmit={submit} aria-label="Issue or deduct credit" noValidate>
        <Stack gap="md">
          <SegmentedControl
            fullWidth
            aria-label="Issue or deduct"
            data={[
              { value: 'issue', label: 'Issue' },
              { value: 'deduct', label: 'Deduct' },
            ]}
            value={values.action}
            onChange={(value) => set('action', value as CreditAction)}
          />
          <SimpleGrid cols={2} spacing="sm">
            <NumberInput
              label="Amount"
              required
              min={0}
              allowNegative={false}
              decimalScale={knownCurrency ? currencyDigits(currency) : 2}
              thousandSeparator=","
              hideControls
              value={values.amount}
              error={errors.amount}
              onChange={(value) => set('amount', value)}
              autoComplete="off"
            />
            <TextInput
              label="Currency"
              required
              maxLength={3}
              value={values.currency}
              error={errors.currency}
              onChange={(event) => set('currency', event.currentTarget.value.toUpperCase())}
              autoComplete="off"
              spellCheck={false}
            />
          </SimpleGrid>
          <TextInput
            label="Reason"
            description="Kept for admins; the customer does not see it"
            required
            maxLength={500}
            value={values.reason}
            error={errors.reason}
            onChange={(event) => set('reason', event.currentTarget.value)}
          />
          <TextInput
            label="Reference"
            description="Optional: a ticket or RMA number"
            maxLength={200}
            value={values.reference}
            error={errors.reference}
            onChange={(event) => set('reference', event.currentTarget.value)}
          />
          {!deducting && (
            <TextInput
              type="date"
              label="Valid until"
              description="Optional: what is left expires after this day"
              min={today()}
              value={values.validUntil}
              error={errors.validUntil}
              onChange={(event) => set('validUntil', event.currentTarget.value)}
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" color={deducting ? 'red' : undefined} loading={add.isPending}>
              {deducting ? 'Deduct credit' : 'Issue credit'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
