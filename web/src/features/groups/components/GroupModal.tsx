import { MultiSelect, NumberInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { FieldErrors } from '@/api/field-errors';
import type { Group } from '../api/types';
import { useRoles } from '../hooks/useRoles';
import { useSaveGroup } from '../hooks/useSaveGroup';
import { codeNameInput, definitionSaveHandlers } from '../lib/definition-save';
import { CodeNameFields, type CodeNameValues } from './CodeNameFields';
import { DefinitionModal } from './DefinitionModal';

interface GroupModalProps {
  onClose: () => void;
  /** The group to change, or null to create one. */
  group: Group | null;
}

/** Creates or changes a group: code, name, description, bundled roles, reminder days. */
export function GroupModal({ onClose, group }: GroupModalProps) {
  const save = useSaveGroup();
  const roles = useRoles();
  const [values, setValues] = useState<CodeNameValues>({
    code: group?.code ?? '',
    name: group?.name ?? '',
    description: group?.description ?? '',
  });
  const [roleIds, setRoleIds] = useState<string[]>(group?.roleIds ?? []);
  const [reminderDays, setReminderDays] = useState<number | string>(group?.reminderDays ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const title = group ? `Edit group ${group.code}` : 'New group';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const input = {
      ...codeNameInput(values),
      roleIds,
      reminderDays: reminderDays === '' ? null : Number(reminderDays),
    };
    save.mutate(
      { id: group?.id ?? null, input },
      definitionSaveHandlers({
        isNew: !group,
        knownFields: ['code', 'name', 'description', 'reminderDays', 'roleIds'],
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
      submitLabel={group ? 'Save group' : 'Create group'}
    >
      <CodeNameFields values={values} onChange={setValues} errors={errors} codeExample="vip" />
      <MultiSelect
        label="Roles"
        description="Every active member holds these roles"
        data={(roles.data ?? []).map((role) => ({
          value: role.id,
          label: `${role.code} — ${role.name}`,
        }))}
        value={roleIds}
        onChange={setRoleIds}
        error={errors.roleIds}
        searchable
        clearable
      />
      <NumberInput
        label="Reminder (days before a membership ends)"
        description="Leave empty for no reminder email"
        min={1}
        max={365}
        allowDecimal={false}
        value={reminderDays}
        error={errors.reminderDays}
        onChange={setReminderDays}
      />
    </DefinitionModal>
  );
}
