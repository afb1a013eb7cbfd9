import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { Icon } from '@/components/Icon';
import { notifySuccess } from '@/lib/notify';
import type { Customer } from '../api/types';
import { useCustomerFormState } from '../hooks/useCustomerFormState';
import { useUpdateCustomer } from '../hooks/useUpdateCustomer';
import {
  diffCustomerForm,
  reportCustomerFormError,
  sameCustomerForm,
  toCustomerFormValues,
} from '../lib/customer-form';
import { CustomerFields } from './CustomerFields';

interface CustomerDetailsFormProps {
  customer: Customer;
  /** Fetches the customer again (after a 412) and resolves with the fresh version. */
  onReload: () => Promise<Customer | undefined>;
}

/**
 * Edits the customer's fields and saves only what changed, with `If-Match` set to the version
 * the edit started from. Fresh server data replaces the form while it is untouched; while it is
 * being edited, only a newer etag for the same field values is adopted (e.g. after an address
 * change moved the customer's country), so a real concurrent edit still ends in a 412.
 */
export function CustomerDetailsForm({ customer, onReload }: CustomerDetailsFormProps) {
  const update = useUpdateCustomer(customer.id);
  const form = useCustomerFormState(() => toCustomerFormValues(customer));
  const [baseline, setBaseline] = useState(customer);
  const [seen, setSeen] = useState(customer);
  const [stale, setStale] = useState(false);
  const [reloading, setReloading] = useState(false);

  const baseValues = toCustomerFormValues(baseline);
  const dirty = !sameCustomerForm(baseValues, form.values);

  if (customer !== seen) {
    setSeen(customer);
    if (!dirty) {
      setBaseline(customer);
      form.setValues(toCustomerFormValues(customer));
    } else if (sameCustomerForm(toCustomerFormValues(customer), baseValues)) {
      setBaseline(customer);
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    form.setErrors({});
    update.mutate(
      { etag: baseline.etag, input: diffCustomerForm(baseValues, form.values) },
      {
        onSuccess: (saved) => {
          setBaseline(saved);
          form.setValues(toCustomerFormValues(saved));
          notifySuccess('Customer saved.');
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 412) setStale(true);
          else reportCustomerFormError(error, form.setErrors);
        },
      },
    );
  };

  const reload = async () => {
    setReloading(true);
    try {
      const fresh = await onReload();
      if (fresh) {
        setBaseline(fresh);
        setSeen(fresh);
        form.setValues(toCustomerFormValues(fresh));
        form.setErrors({});
        setStale(false);
      }
    } finally {
      setReloading(false);
    }
  };

  const discard = () => {
    form.setValues(baseValues);
    form.setErrors({});
  };

  return (
    <form onSubmit={submit} aria-label="Customer details" noValidate>
      <Stack gap="lg">
        {stale && (
          <Alert
            color="yellow"
            title="This customer was changed by someone else"
            icon={<Icon name="alertCircle" />}
          >
            <Stack gap="xs" align="flex-start">
              <Text size="sm">Reload to see the latest version. Your unsaved changes will be lost.</Text>
              <Button
                size="xs"
                variant="default"
                leftSection={<Icon name="refresh" size={14} />}
                onClick={reload}
                loading={reloading}
              >
                Reload
              </Button>
            </Stack>
          </Alert>
        )}
        <CustomerFields
          values={form.values}
          errors={form.errors}
          onChange={form.setField}
          onAttributeChange={form.setAttribute}
          disabled={update.isPending}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={discard} disabled={!dirty || update.isPending}>
            Discard changes
          </Button>
          <Button type="submit" disabled={!dirty || stale} loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
