import { Textarea, TextInput } from '@mantine/core';
import type { FieldErrors } from '@/api/field-errors';

export interface CodeNameValues {
  code: string;
  name: string;
  description: string;
}

interface CodeNameFieldsProps {
  values: CodeNameValues;
  onChange: (values: CodeNameValues) => void;
  errors: FieldErrors;
  /** An example code in the hint, in the words of the thing being named. */
  codeExample: string;
}

/** The code, name and description that groups and roles share; the code is what stores check. */
export function CodeNameFields({ values, onChange, errors, codeExample }: CodeNameFieldsProps) {
  return (
    <>
      <TextInput
        label="Code"
        description={`What stores check and filters name, e.g. ${codeExample}`}
        withAsterisk
        data-autofocus
        value={values.code}
        error={errors.code}
        onChange={(event) => onChange({ ...values, code: event.currentTarget.value })}
        autoComplete="off"
        spellCheck={false}
      />
      <TextInput
        label="Name"
        withAsterisk
        value={values.name}
        error={errors.name}
        onChange={(event) => onChange({ ...values, name: event.currentTarget.value })}
      />
      <Textarea
        label="Description"
        autosize
        minRows={2}
        value={values.description}
        error={errors.description}
        onChange={(event) => onChange({ ...values, description: event.currentTarget.value })}
      />
    </>
  );
}
