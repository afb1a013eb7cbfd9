import { Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
import { CountrySelect } from '@/components/CountrySelect';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { SiteCreate } from '../api/types';
import { useCustomerSets } from '../hooks/useCustomerSets';
import { useSaveSite } from '../hooks/useSaveSite';

const fields = ['code', 'name', 'customerSetId', 'defaultCurrency', 'countryCode'] as const;
type Field = (typeof fields)[number];

interface Values {
  code: string;
  name: string;
  customerSetId: string | null;
  defaultCurrency: string;
  countryCode: string | null;
}

const empty: Values = { code: '', name: '', customerSetId: null, defaultCurrency: '', countryCode: null };

/** Creates a site; what is left blank takes the server's default (default set, USD, no country). */
function toCreateInput(values: Values): SiteCreate {
  const input: SiteCreate = { code: values.code.trim(), name: values.name.trim() };
  if (values.customerSetId) input.customerSetId = values.customerSetId;
  if (values.defaultCurrency.trim()) input.defaultCurrency = values.defaultCurrency.trim().toUpperCase();
  if (values.countryCode) input.countryCode = values.countryCode;
  return input;
}

/** "New site": code, name, customer set, currency and country; opens the new site's page. */
export function NewSiteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const save = useSaveSite();
  const sets = useCustomerSets();
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});

  const set = <K extends Field>(field: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  };

  const close = () => {
    setValues(empty);
    setErrors({});
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    save.mutate(
      { kind: 'create', input: toCreateInput(values) },
      {
        onSuccess: (site) => {
          notifySuccess(`${site.name} was created.`);
          close();
          navigate(`/sites/${site.id}`);
        },
        onError: (error) => {
          if (!isApiError(error) || ![400, 409, 422].includes(error.status)) return notifyError(error);
          const { fields: found, other } = splitProblem(error, fields);
          if (error.code === 'site.code_taken' && !found.code) found.code = error.detail;
          setErrors(found);
          if (other.length > 0 || Object.keys(found).length === 0) notifyError(error, other);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New site" centered size="lg">
      <form onSubmit={submit} aria-label="New site" noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label="Code"
              description="2–40 lowercase letters, digits and dashes, e.g. shop-eu"
              withAsterisk
              data-autofocus
              value={values.code}
              error={errors.code}
              onChange={(event) => set('code', event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <TextInput
              label="Name"
              description="Shown to admins and in emails"
              withAsterisk
              value={values.name}
              error={errors.name}
              onChange={(event) => set('name', event.currentTarget.value)}
            />
          </SimpleGrid>
          <Select
            label="Customer set"
            description="Sites in one set share their shoppers' logins. Empty: the default set."
            placeholder={sets.isPending ? 'Loading…' : 'The default set'}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear customer set' }}
            data={(sets.data ?? []).map((customerSet) => ({
              value: customerSet.id,
              label: customerSet.name,
            }))}
            value={values.customerSetId}
            error={errors.customerSetId}
            onChange={(id) => set('customerSetId', id)}
            comboboxProps={{ withinPortal: true }}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label="Currency"
              description="ISO 4217 code; empty: USD"
              placeholder="USD"
              maxLength={3}
              value={values.defaultCurrency}
              error={errors.defaultCurrency}
              onChange={(event) => set('defaultCurrency', event.currentTarget.value.toUpperCase())}
              autoComplete="off"
            />
            <CountrySelect
              label="Country"
              description="Default region for phone numbers"
              placeholder="None"
              clearable
              clearButtonProps={{ 'aria-label': 'Clear country' }}
              value={values.countryCode}
              error={errors.countryCode}
              onChange={(code) => set('countryCode', code)}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Create site
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
