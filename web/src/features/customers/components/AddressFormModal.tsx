import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
import { CountrySelect } from '@/components/CountrySelect';
import { useStates } from '@/features/reference/hooks/useStates';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Address } from '../api/types';
import { useSaveAddress } from '../hooks/useSaveAddress';
import {
  type AddressFormValues,
  addressFormFields,
  toAddressFormValues,
  toAddressInput,
} from '../lib/address-form';

interface AddressFormModalProps {
  opened: boolean;
  onClose: () => void;
  customerId: string;
  /** The address to edit, or null to add one. */
  address: Address | null;
  /** Prefills a new address (e.g. the first one becomes the default billing and shipping address). */
  defaults?: Partial<AddressFormValues>;
}

type TextField =
  | 'label'
  | 'firstName'
  | 'lastName'
  | 'companyName'
  | 'line1'
  | 'line2'
  | 'city'
  | 'postalCode'
  | 'phone';

/** Adds or edits an address; the state list follows the chosen country. */
export function AddressFormModal({ opened, onClose, customerId, address, defaults }: AddressFormModalProps) {
  const [values, setValues] = useState<AddressFormValues>(() => toAddressFormValues(address, defaults));
  const [errors, setErrors] = useState<FieldErrors>({});
  const states = useStates(values.countryCode);
  const save = useSaveAddress(customerId);

  const set = <K extends keyof AddressFormValues>(field: K, value: AddressFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  };
  const text = (field: TextField) => ({
    value: values[field],
    error: errors[field],
    onChange: (event: { currentTarget: { value: string } }) => set(field, event.currentTarget.value),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    save.mutate(
      { addressId: address?.id, input: toAddressInput(values) },
      {
        onSuccess: () => {
          notifySuccess(address ? 'Address saved.' : 'Address added.');
          onClose();
        },
        onError: (error) => {
          if (!isApiError(error) || ![400, 409, 422].includes(error.status)) return notifyError(error);
          const { fields, other } = splitProblem(error, addressFormFields);
          setErrors(fields);
          if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error, other);
        },
      },
    );
  };

  const stateOptions = (states.data ?? []).map((state) => ({ value: state.code, label: state.name }));
  let statePlaceholder = 'Choose a country first';
  if (values.countryCode && states.isPending) statePlaceholder = 'Loading…';
  else if (values.countryCode)
    statePlaceholder = stateOptions.length > 0 ? 'Choose a state' : 'Not used in this country';

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={address ? 'Edit address' : 'Add address'}
      size="lg"
      centered
    >
      <form onSubmit={submit} aria-label={address ? 'Edit address' : 'Add address'} noValidate>
        <Stack gap="md">
          <TextInput label="Label" placeholder="Home, Office, Warehouse…" data-autofocus {...text('label')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label="First name" {...text('firstName')} />
            <TextInput label="Last name" {...text('lastName')} />
          </SimpleGrid>
          <TextInput label="Company name" {...text('companyName')} />
          <TextInput label="Address line 1" withAsterisk {...text('line1')} />
          <TextInput label="Address line 2" {...text('line2')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label="City" withAsterisk {...text('city')} />
            <TextInput label="Postal code" {...text('postalCode')} />
            <CountrySelect
              label="Country"
              withAsterisk
              value={values.countryCode}
              onChange={(code) => {
                set('countryCode', code);
                set('stateCode', null);
              }}
              error={errors.countryCode}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="State / province"
              searchable
              clearable
              clearButtonProps={{ 'aria-label': 'Clear state' }}
              placeholder={statePlaceholder}
              nothingFoundMessage="No state matches"
              data={stateOptions}
              value={values.stateCode}
              onChange={(code) => set('stateCode', code)}
              disabled={stateOptions.length === 0}
              error={errors.stateCode}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          <TextInput label="Phone" type="tel" {...text('phone')} />
          <Group gap="xl">
            <Checkbox
              label="Default billing address"
              checked={values.isDefaultBilling}
              onChange={(event) => set('isDefaultBilling', event.currentTarget.checked)}
              error={errors.isDefaultBilling}
            />
            <Checkbox
              label="Default shipping address"
              checked={values.isDefaultShipping}
              onChange={(event) => set('isDefaultShipping', event.currentTarget.checked)}
              error={errors.isDefaultShipping}
            />
          </Group>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {address ? 'Save address' : 'Add address'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
