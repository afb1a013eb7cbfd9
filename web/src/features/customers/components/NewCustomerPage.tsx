import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { UnsavedChangesDialog } from '@/components/UnsavedChangesDialog';
import { RecordPageShell } from '@/features/record-page/components/RecordPageShell';
import { useFocusFirstError } from '@/hooks/useFocusFirstError';
import { useUnsavedChangesGuard } from '@/hooks/useUnsavedChangesGuard';
import { notifySuccess } from '@/lib/notify';
import { useCreateCustomer } from '../hooks/useCreateCustomer';
import { useCustomerFormState } from '../hooks/useCustomerFormState';
import {
  checkCustomerIdentity,
  emptyCustomerForm,
  reportCustomerFormError,
  sameCustomerForm,
  toCreateInput,
} from '../lib/customer-form';
import { customerDisplayName } from '../lib/display-name';
import { CustomerFields } from './CustomerFields';

/** A form for a customer the store has not seen yet; on success, their page. */
export function NewCustomerPage() {
  const navigate = useNavigate();
  const createCustomer = useCreateCustomer();
  const form = useCustomerFormState(emptyCustomerForm);
  const formRef = useRef<HTMLFormElement>(null);
  const revealFirstError = useFocusFirstError(formRef);
  const guard = useUnsavedChangesGuard(!sameCustomerForm(emptyCustomerForm, form.values));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = checkCustomerIdentity(form.values);
    form.setErrors(missing);
    if (Object.keys(missing).length > 0) {
      revealFirstError();
      return;
    }
    createCustomer.mutate(toCreateInput(form.values), {
      onSuccess: (customer) => {
        notifySuccess(`${customerDisplayName(customer)} was created.`);
        guard.allowLeaving();
        navigate(`/customers/${customer.id}`, { replace: true });
      },
      onError: (error) => {
        reportCustomerFormError(error, form.setErrors);
        revealFirstError();
      },
    });
  };

  return (
    <RecordPageShell
      parent={{ label: 'Customers', to: '/customers' }}
      crumb="New customer"
      documentTitle="New customer"
      maw={880}
    >
      <div>
        <Title order={1}>New customer</Title>
        <Text c="dimmed" size="sm">
          Give at least a name, an email or a company. Addresses can be added on the customer's page.
        </Text>
      </div>
      <Paper withBorder radius="md" p="lg" shadow="xs">
        <form ref={formRef} onSubmit={submit} aria-label="New customer" noValidate>
          <Stack gap="lg">
            <CustomerFields
              values={form.values}
              errors={form.errors}
              onChange={form.setField}
              onAttributeChange={form.setAttribute}
              showSite
              disabled={createCustomer.isPending}
            />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/customers">
                Cancel
              </Button>
              <Button type="submit" loading={createCustomer.isPending}>
                Create customer
              </Button>
            </Group>
          </Stack>
          <UnsavedChangesDialog blocker={guard.blocker} />
        </form>
      </Paper>
    </RecordPageShell>
  );
}
