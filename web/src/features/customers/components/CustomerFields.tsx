import { Select, SimpleGrid, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import type { FieldErrors } from '@/api/field-errors';
import {
  type AttributeFormValue,
  CustomAttributeFields,
} from '@/features/attributes/components/CustomAttributeFields';
import { useSites } from '@/features/sites/hooks/useSites';
import type { CustomerFormValues, CustomerTextField } from '../lib/customer-form';

interface CustomerFieldsProps {
  values: CustomerFormValues;
  errors: FieldErrors;
  onChange: <K extends keyof CustomerFormValues>(field: K, value: CustomerFormValues[K]) => void;
  onAttributeChange: (code: string, value: AttributeFormValue) => void;
  /** The origin site is chosen when a customer is created and not changed afterwards. */
  showSite?: boolean;
  disabled?: boolean;
}

/** The customer's own fields, shared by the new-customer form and the customer page. */
export function CustomerFields({
  values,
  errors,
  onChange,
  onAttributeChange,
  showSite = false,
  disabled = false,
}: CustomerFieldsProps) {
  const sites = useSites();
  const text = (field: CustomerTextField) => ({
    value: values[field],
    error: errors[field],
    disabled,
    onChange: (event: { currentTarget: { value: string } }) => onChange(field, event.currentTarget.value),
  });

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
        <TextInput label="First name" autoComplete="off" {...text('firstName')} />
        <TextInput label="Last name" autoComplete="off" {...text('lastName')} />
        <TextInput label="Email" type="email" autoComplete="off" {...text('email')} />
        <TextInput
          label="Phone"
          type="tel"
          autoComplete="off"
          description="International format, e.g. +1 415 555 0100"
          {...text('phone')}
        />
        <TextInput label="Company name" autoComplete="off" {...text('companyName')} />
        <TextInput label="Organization ID" autoComplete="off" {...text('organizationId')} />
        <TextInput label="Tax ID" autoComplete="off" {...text('taxId')} />
        <TextInput label="Locale" placeholder="en-US" autoComplete="off" {...text('locale')} />
        {showSite && (
          <Select
            label="Origin site"
            description="The site the customer belongs to; a registered login is shared by its customer set."
            placeholder={sites.isPending ? 'Loading sites…' : 'Any site'}
            data={(sites.data ?? []).map((site) => ({ value: site.id, label: site.name }))}
            value={values.originSiteId}
            onChange={(value) => onChange('originSiteId', value)}
            error={errors.originSiteId}
            disabled={disabled}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear origin site' }}
          />
        )}
      </SimpleGrid>
      <TagsInput
        label="Tags"
        description="Press Enter or comma after each tag"
        value={values.tags}
        onChange={(tags) => onChange('tags', tags)}
        error={errors.tags}
        disabled={disabled}
        splitChars={[',']}
        clearable
        clearButtonProps={{ 'aria-label': 'Clear tags' }}
      />
      <Textarea label="Note" autosize minRows={3} maxRows={8} {...text('note')} />
      <CustomAttributeFields
        values={values.attributes}
        errors={errors}
        onChange={onAttributeChange}
        disabled={disabled}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Switch
          label="Registered"
          description="Has a storefront login"
          checked={values.isRegistered}
          onChange={(event) => onChange('isRegistered', event.currentTarget.checked)}
          error={errors.isRegistered}
          disabled={disabled}
        />
        <Switch
          label="Enabled"
          description="Disabled customers cannot sign in or check out"
          checked={values.enabled}
          onChange={(event) => onChange('enabled', event.currentTarget.checked)}
          error={errors.enabled}
          disabled={disabled}
        />
      </SimpleGrid>
    </Stack>
  );
}
