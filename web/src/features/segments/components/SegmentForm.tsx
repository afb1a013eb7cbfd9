import { Alert, Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/api/client';
import { type FieldErrors, splitProblem } from '@/api/field-errors';
import { notifyError } from '@/lib/notify';
import type { Segment, SegmentInput } from '../api/types';
import { SegmentFilterEditor } from './SegmentFilterEditor';

interface SegmentFormProps {
  segment?: Segment;
  readOnly?: boolean;
  saving: boolean;
  onSave: (input: SegmentInput) => Promise<unknown>;
}

const FIELDS = ['name', 'description', 'filter'] as const;

/** Name, description and filter of a segment; the server's field messages land under each. */
export function SegmentForm({ segment, readOnly = false, saving, onSave }: SegmentFormProps) {
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [filter, setFilter] = useState(segment?.filter ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<string[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setOther([]);
    try {
      await onSave({ name, description: description.trim() || null, filter });
    } catch (error) {
      if (!isApiError(error) || error.errors.length === 0) return notifyError(error);
      const split = splitProblem(error, FIELDS);
      setErrors(split.fields);
      setOther(split.other);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.name}
          required
          maxLength={100}
          readOnly={readOnly}
        />
        <Textarea
          label="Description"
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          error={errors.description}
          autosize
          minRows={1}
          maxLength={1000}
          readOnly={readOnly}
        />
        <SegmentFilterEditor
          value={filter}
          onChange={(next) => {
            setFilter(next);
            setErrors((current) => ({ ...current, filter: undefined }));
          }}
          saveError={errors.filter}
        />
        {other.length > 0 && (
          <Alert color="red" title="The segment was not saved">
            {other.join(' ')}
          </Alert>
        )}
        {!readOnly && (
          <Group>
            <Button type="submit" loading={saving}>
              Save segment
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
