import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Role } from '../api/types';
import { useSaveRole } from '../hooks/useSaveRole';

interface RoleModalProps {
  onClose: () => void;
  /** The role to change, or null to create one. */
  role: Role | null;
}

/** Creates or changes a customer role: code, name, description. */
export function RoleModal({ onClose, role }: RoleModalProps) {
  const save = useSaveRole();
  const [code, setCode] = useState(role?.code ?? '');
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const title = role ? `Edit role ${role.code}` : 'New role';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const input = { code: code.trim(), name: name.trim(), description: description.trim() || null };
    save.mutate(
      { id: role?.id ?? null, input },
      {
        onSuccess: (saved) => {
          notifySuccess(role ? `${saved.name} was saved.` : `${saved.name} was created.`);
          onClose();
        },
        onError: (error) => {
          if (!isApiError(error) || ![400, 409].includes(error.status)) return notifyError(error);
          const { fields, other } = splitProblem(error, ['code', 'name', 'description']);
          if (error.status === 409 && !fields.code) fields.code = error.detail;
          setErrors(fields);
          if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error, other);
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form onSubmit={submit} aria-label={title} noValidate>
        <Stack gap="md">
          <TextInput
            label="Code"
            description="What stores check and filters name, e.g. wholesale"
            withAsterisk
            data-autofocus
            value={code}
            error={errors.code}
            onChange={(event) => setCode(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <TextInput
            label="Name"
            withAsterisk
            value={name}
            error={errors.name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            error={errors.description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {role ? 'Save role' : 'Create role'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
