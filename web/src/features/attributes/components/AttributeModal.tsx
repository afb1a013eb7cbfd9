import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblemByPath } from '@/api/field-errors';
import { notifyError, notifySuccess } from '@/lib/notify';
import type { Attribute } from '../api/types';
import { useSaveAttribute } from '../hooks/useSaveAttribute';
import {
  type AttributeFormValues,
  type AttributeType,
  attributeFormPaths,
  attributeTypes,
  emptyAttributeForm,
  toAttributeFormValues,
  toCreateInput,
  toPatch,
} from '../lib/attribute-form';
import { AttributeRuleFields } from './AttributeRuleFields';

interface AttributeModalProps {
  /** The definition to change; null to define a new one. */
  attribute: Attribute | null;
  opened: boolean;
  onClose: () => void;
}

/** Defines a custom attribute, or changes or deletes one (its code and type stay). */
export function AttributeModal({ attribute, opened, onClose }: AttributeModalProps) {
  const save = useSaveAttribute();
  const [values, setValues] = useState(() =>
    attribute ? toAttributeFormValues(attribute) : emptyAttributeForm,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmDelete, setConfirmDelete] = useState(false);

  const set = <K extends keyof AttributeFormValues>(field: K, value: AttributeFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors({});
  };

  const failed = (error: unknown) => {
    if (!isApiError(error) || ![400, 409, 422].includes(error.status)) return notifyError(error);
    const { fields, other } = splitProblemByPath(error, attributeFormPaths);
    setErrors(fields);
    if (other.length > 0 || Object.keys(fields).length === 0) notifyError(error, other);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    const variables = attribute
      ? ({ kind: 'update', id: attribute.id, patch: toPatch(values) } as const)
      : ({ kind: 'create', input: toCreateInput(values) } as const);
    save.mutate(variables, {
      onSuccess: () => {
        notifySuccess(`${values.label.trim()} was saved.`);
        onClose();
      },
      onError: failed,
    });
  };

  const remove = () => {
    if (!attribute) return;
    save.mutate(
      { kind: 'delete', id: attribute.id },
      {
        onSuccess: () => {
          notifySuccess(`${attribute.label} was deleted.`);
          onClose();
        },
        onError: failed,
      },
    );
  };

  const choices = values.type === 'enum' || values.type === 'multiEnum';
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={attribute ? `Custom attribute ${attribute.code}` : 'New custom attribute'}
      centered
      size="lg"
    >
      <form
        onSubmit={submit}
        aria-label={attribute ? 'Edit custom attribute' : 'New custom attribute'}
        noValidate
      >
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label="Code"
              description="camelCase letters and digits, e.g. shoeSize; cannot change"
              withAsterisk
              data-autofocus
              disabled={attribute !== null}
              value={values.code}
              error={errors.code}
              onChange={(event) => set('code', event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <TextInput
              label="Label"
              withAsterisk
              value={values.label}
              error={errors.label}
              onChange={(event) => set('label', event.currentTarget.value)}
            />
          </SimpleGrid>
          <Select
            label="Type"
            description="Cannot change once defined"
            data={attributeTypes}
            value={values.type}
            disabled={attribute !== null}
            error={errors.type}
            allowDeselect={false}
            onChange={(type) => type && set('type', type as AttributeType)}
            comboboxProps={{ withinPortal: true }}
          />
          {choices && (
            <Textarea
              label="Options"
              description="One a line: value, or value | label"
              withAsterisk
              autosize
              minRows={3}
              value={values.options}
              error={errors.options}
              onChange={(event) => set('options', event.currentTarget.value)}
            />
          )}
          <AttributeRuleFields values={values} errors={errors} onChange={set} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Checkbox
              label="Required when an admin creates a customer"
              checked={values.required}
              error={errors.required}
              onChange={(event) => set('required', event.currentTarget.checked)}
            />
            <Checkbox
              label="Sortable (keeps an index)"
              checked={values.indexed}
              disabled={values.type === 'multiEnum'}
              error={errors.indexed}
              onChange={(event) => set('indexed', event.currentTarget.checked)}
            />
            <Checkbox
              label="Shoppers see it"
              checked={values.shopperVisible}
              error={errors.shopperVisible}
              onChange={(event) => set('shopperVisible', event.currentTarget.checked)}
            />
            <Checkbox
              label="Shoppers can change it"
              checked={values.shopperVisible && values.shopperEditable}
              disabled={!values.shopperVisible}
              error={errors.shopperEditable}
              onChange={(event) => set('shopperEditable', event.currentTarget.checked)}
            />
          </SimpleGrid>
          {confirmDelete && (
            <Alert color="red" title="Delete this attribute?">
              <Text size="sm">Every customer's value of it is removed for good.</Text>
            </Alert>
          )}
          <Group justify="space-between" mt="sm">
            <Group>
              {attribute && !confirmDelete && (
                <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                  Delete…
                </Button>
              )}
              {attribute && confirmDelete && (
                <Button color="red" onClick={remove} loading={save.isPending}>
                  Delete attribute and values
                </Button>
              )}
            </Group>
            <Group>
              <Button variant="default" onClick={onClose} disabled={save.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                {attribute ? 'Save' : 'Create attribute'}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
