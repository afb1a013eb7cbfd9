import {
  Button,
  Modal,
  MultiSelect,
  NumberInput,
  Group as Row,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Group } from '../api/types';
import { useRoles } from '../hooks/useRoles';
import { useSaveGroup } from '../hooks/useSaveGroup';

interface GroupModalProps {
  onClose: () => void;
  /** The group to change, or null to create one. */
  group: Group | null;
}

/** Creates or changes a group: code, name, description, bundled roles, reminder days. */
export function GroupModal({ onClose, group }: GroupModalProps) {
  const save = useSaveGroup();
  const roles = useRoles();
  const [code, setCode] = useState(group?.code ?? '');
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [roleIds, setRoleIds] = useState<string[]>(group?.roleIds ?? []);
  const [reminderDays, setReminderDays] = useState<number | string>(group?.reminderDays ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const title = group ? `Edit group ${group.code}` : 'New group';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const input = {
      code: code.trim(),
      name: name.trim(),
      description: description.trim() || null,
      roleIds,
      reminderDays: reminderDays === '' ? null : Number(reminderDays),
    };
    save.mutate(
      { id: group?.id ?? null, input },
      {
        onSuccess: (saved) => {
          notifySuccess(group ? `${saved.name} was saved.` : `${saved.name} was created.`);
          onClose();
        },
        onError: (error) => {
          if (!isApiError(error) || ![400, 409].includes(error.status)) return notifyError(error);
          const { fields, other } = splitProblem(error, [
            'code',
            'name',
            'description',
            'reminderDays',
            'roleIds',
          ]);
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
            description="What stores check and filters name, e.g. vip"
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
          <Row justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {group ? 'Save group' : 'Create group'}
            </Button>
          </Row>
        </Stack>
      </form>
    </Modal>
  );
}
