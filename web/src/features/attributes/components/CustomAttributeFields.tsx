import { Fieldset, MultiSelect, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import type { FieldErrors } from '@/api/field-errors';
import type { Attribute } from '../api/types';
import { useAttributes } from '../hooks/useAttributes';

/** A custom attribute's value as a form holds it: '' or null for none. */
export type AttributeFormValue = string | number | boolean | string[] | null;

interface CustomAttributeFieldsProps {
  values: Record<string, AttributeFormValue>;
  /** Keyed `attributes/<code>`, as the API names them. */
  errors: FieldErrors;
  onChange: (code: string, value: AttributeFormValue) => void;
  disabled?: boolean;
}

const yesNo = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

function AttributeInput({
  attribute,
  value,
  error,
  onChange,
  disabled,
}: {
  attribute: Attribute;
  value: AttributeFormValue | undefined;
  error: string | undefined;
  onChange: (value: AttributeFormValue) => void;
  disabled: boolean;
}) {
  const common = { label: attribute.label, error, disabled, withAsterisk: attribute.required };
  const options = attribute.options.map((o) => ({ value: o.value, label: o.label }));
  const clear = { clearable: true, clearButtonProps: { 'aria-label': `Clear ${attribute.label}` } };
  switch (attribute.type) {
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(next) => onChange(typeof next === 'number' ? next : null)}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          // Stored as a UTC date-time; the form edits its day.
          value={typeof value === 'string' ? value.slice(0, 10) : ''}
          onChange={(event) => onChange(event.currentTarget.value || null)}
        />
      );
    case 'boolean':
      return (
        <Select
          {...common}
          {...clear}
          data={yesNo}
          value={typeof value === 'boolean' ? String(value) : null}
          onChange={(next) => onChange(next === null ? null : next === 'true')}
        />
      );
    case 'enum':
      return (
        <Select
          {...common}
          {...clear}
          data={options}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next)}
        />
      );
    case 'multiEnum':
      return (
        <MultiSelect
          {...common}
          {...clear}
          data={options}
          value={Array.isArray(value) ? value : []}
          onChange={(next) => onChange(next.length > 0 ? next : null)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          autoComplete="off"
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
  }
}

/** One typed input per custom attribute of the tenant, for the customer forms. */
export function CustomAttributeFields({
  values,
  errors,
  onChange,
  disabled = false,
}: CustomAttributeFieldsProps) {
  const attributes = useAttributes();
  if (!attributes.data || attributes.data.length === 0) return null;
  return (
    <Fieldset legend="Custom attributes" variant="unstyled">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
        {attributes.data.map((attribute) => (
          <AttributeInput
            key={attribute.id}
            attribute={attribute}
            value={values[attribute.code]}
            error={errors[`attributes/${attribute.code}`]}
            onChange={(value) => onChange(attribute.code, value)}
            disabled={disabled}
          />
        ))}
      </SimpleGrid>
    </Fieldset>
  );
}
