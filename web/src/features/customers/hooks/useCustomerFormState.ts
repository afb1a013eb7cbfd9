import { useCallback, useState } from 'react';
import type { FieldErrors } from '@/api/field-errors';
import type { CustomerFormValues } from '../lib/customer-form';

/** Form values plus server field errors; editing a field clears its error. */
export function useCustomerFormState(initial: CustomerFormValues | (() => CustomerFormValues)) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  const setField = useCallback(
    <K extends keyof CustomerFormValues>(field: K, value: CustomerFormValues[K]) => {
      setValues((current) => ({ ...current, [field]: value }));
      setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
    },
    [],
  );

  return { values, setValues, errors, setErrors, setField };
}
