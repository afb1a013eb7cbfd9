import { useCallback, useState } from 'react';
import type { FieldErrors } from '@/api/field-errors';
import type { AttributeFormValue } from '@/features/attributes/components/CustomAttributeFields';
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

  const setAttribute = useCallback((code: string, value: AttributeFormValue) => {
    setValues((current) => ({ ...current, attributes: { ...current.attributes, [code]: value } }));
    const key = `attributes/${code}`;
    setErrors((current) => (current[key] ? { ...current, [key]: undefined } : current));
  }, []);

  return { values, setValues, errors, setErrors, setField, setAttribute };
}
