import { type FormEvent, useState } from 'react';
import type { FieldErrors } from '@/api/field-errors';
import type { Role } from '../api/types';
import { useSaveRole } from '../hooks/useSaveRole';
import { codeNameInput, definitionSaveHandlers } from '../lib/definition-save';
import { CodeNameFields, type CodeNameValues } from './CodeNameFields';
import { DefinitionModal } from './DefinitionModal';

interface RoleModalProps {
  onClose: () => void;
  /** The role to change, or null to create one. */
  role: Role | null;
}

/** Creates or changes a customer role: code, name, description. */
export function RoleModal({ onClose, role }: RoleModalProps) {
  const save = useSaveRole();
  const [values, setValues] = useState<CodeNameValues>({
    code: role?.code ?? '',
    name: role?.name ?? '',
    description: role?.description ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const title = role ? `Edit role ${role.code}` : 'New role';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const input = codeNameInput(values);
    save.mutate(
      { id: role?.id ?? null, input },
      definitionSaveHandlers({
        isNew: !role,
        knownFields: ['code', 'name', 'description'],
        onClose,
        setErrors,
      }),
    );
  };

  return (
    <DefinitionModal
      title={title}
      onClose={onClose}
      onSubmit={submit}
      saving={save.isPending}
      submitLabel={role ? 'Save role' : 'Create role'}
    >
      <CodeNameFields values={values} onChange={setValues} errors={errors} codeExample="wholesale" />
    </DefinitionModal>
  );
}
