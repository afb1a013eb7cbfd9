import { SimpleGrid, TextInput } from '@mantine/core';
import type { FieldErrors } from '@/api/field-errors';
import type { AttributeFormValues } from '../lib/attribute-form';

interface AttributeRuleFieldsProps {
  values: AttributeFormValues;
  errors: FieldErrors;
  onChange: <K extends keyof AttributeFormValues>(field: K, value: AttributeFormValues[K]) => void;
}

/** The validation rules of the definition's type: bounds for numbers and dates, lengths and a pattern for text. */
export function AttributeRuleFields({ values, errors, onChange }: AttributeRuleFieldsProps) {
  const input = (field: 'min' | 'max' | 'minLength' | 'maxLength' | 'pattern', path: string) => ({
    value: values[field],
    error: errors[`validation/${path}`],
    autoComplete: 'off',
    onChange: (event: { currentTarget: { value: string } }) => onChange(field, event.currentTarget.value),
  });
  if (values.type === 'number' || values.type === 'date') {
    const hint = values.type === 'date' ? 'YYYY-MM-DD' : undefined;
    return (
      <SimpleGrid cols={2} spacing="md">
        <TextInput label="Least value" placeholder={hint} {...input('min', 'min')} />
        <TextInput label="Greatest value" placeholder={hint} {...input('max', 'max')} />
      </SimpleGrid>
    );
  }
  if (values.type !== 'text') return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
      <TextInput label="Shortest" inputMode="numeric" {...input('minLength', 'minLength')} />
      <TextInput
        label="Longest"
        inputMode="numeric"
        placeholder="1000"
        {...input('maxLength', 'maxLength')}
      />
      <TextInput label="Pattern" placeholder={'^[A-Z]{2}-\\d+$'} {...input('pattern', 'pattern')} />
    </SimpleGrid>
  );
}
