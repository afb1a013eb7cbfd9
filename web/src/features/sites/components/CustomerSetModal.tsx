import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { CustomerSet } from '../api/types';
import { useSaveCustomerSet } from '../hooks/useSaveCustomerSet';

interface CustomerSetModalProps {
  opened: boolean;
  onClose: () => void;
  /** The set to rename, or null to create one. */
  customerSet: CustomerSet | null;
}

/** Creates a customer set (code and name) or renames one (the code stays). */
export function CustomerSetModal({ opened, onClose, customerSet }: CustomerSetModalProps) {
  const save = useSaveCustomerSet();
  const [code, setCode] = useState('');
  const [name, setName] = useState(customerSet?.name ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const title = customerSet ? 'Rename customer set' : 'New customer set';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const variables = customerSet
      ? ({ kind: 'rename', id: customerSet.id, name: name.trim() } as const)
      : ({ kind: 'create', input: { code: code.trim(), name: name.trim() } } as const);
    save.mutate(variables, {
      onSuccess: (saved) => {
        notifySuccess(customerSet ? `The set is now called ${saved.name}.` : `${saved.name} was created.`);
        onClose();
      },
      onError: (error) => {
        if (!isApiError(error) || ![400, 409].includes(error.status)) return notifyError(error);
        const { fields, other } = splitProblem(error, ['code', 'name']);
        if (error.status === 409 && !fields.code) fields.code = error.detail;
        setErrors(fields);
        if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error, other);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <form onSubmit={submit} aria-label={title} noValidate>
        <Stack gap="md">
          {!customerSet && (
            <TextInput
              label="Code"
              description="2–40 lowercase letters, digits and dashes; cannot be changed later"
              withAsterisk
              data-autofocus
              value={code}
              error={errors.code}
              onChange={(event) => setCode(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
          <TextInput
            label="Name"
            withAsterisk
            data-autofocus={customerSet ? true : undefined}
            value={name}
            error={errors.name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {customerSet ? 'Rename' : 'Create customer set'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
