import { Anchor, Box, Breadcrumbs, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { notifySuccess } from '@/lib/notify';
import { useCreateCustomer } from '../hooks/useCreateCustomer';
import { useCustomerFormState } from '../hooks/useCustomerFormState';
import { emptyCustomerForm, reportCustomerFormError, toCreateInput } from '../lib/customer-form';
import { customerDisplayName } from '../lib/display-name';
import { CustomerFields } from './CustomerFields';

export function NewCustomerPage() {
  useDocumentTitle('New customer · Clientele');
  const navigate = useNavigate();
  const createCustomer = useCreateCustomer();
  const form = useCustomerFormState(emptyCustomerForm);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    form.setErrors({});
    createCustomer.mutate(toCreateInput(form.values), {
      onSuccess: (customer) => {
        notifySuccess(`${customerDisplayName(customer)} was created.`);
        navigate(`/customers/${customer.id}`, { replace: true });
      },
      onError: (error) => reportCustomerFormError(error, form.setErrors),
    });
  };

  return (
    <Stack gap="lg" maw={880}>
      <Box component="nav" aria-label="Breadcrumb">
        <Breadcrumbs>
          <Anchor component={Link} to="/customers" size="sm">
            Customers
          </Anchor>
          <Text size="sm" aria-current="page">
            New customer
          </Text>
        </Breadcrumbs>
      </Box>
      <div>
        <Title order={1}>New customer</Title>
        <Text c="dimmed" size="sm">
          Give at least a name, an email or a company. Addresses can be added on the customer's page.
        </Text>
      </div>
      <Paper withBorder radius="md" p="lg" shadow="xs">
        <form onSubmit={submit} aria-label="New customer" noValidate>
          <Stack gap="lg">
            <CustomerFields
              values={form.values}
              errors={form.errors}
              onChange={form.setField}
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
        </form>
      </Paper>
    </Stack>
  );
}
