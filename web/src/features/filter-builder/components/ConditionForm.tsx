import { Button, Group, Select, Stack } from '@mantine/core';
import { useState } from 'react';
import type { FilterChip } from '../lib/chips';
import { chipOfDraft, type Draft, draftOf, freshDraft } from '../lib/draft';
import { type FilterField, fieldFor, operatorsFor, operatorWords, takesValue } from '../lib/fields';
import { ValueInput } from './ValueInput';

interface ConditionFormProps {
  fields: readonly FilterField[];
  /** The chip being edited; none when adding one. */
  chip?: FilterChip;
  currency: string;
  onApply: (chip: FilterChip) => void;
  onCancel: () => void;
}

/** Field → operator in words → typed value: one condition, applied as a chip. */
export function ConditionForm({ fields, chip, currency, onApply, onCancel }: ConditionFormProps) {
  const [draft, setDraft] = useState<Draft | null>(() =>
    chip ? draftOf(chip, fieldFor(chip.attr, fields).kind, currency) : null,
  );
  const [error, setError] = useState<string | undefined>();
  const field = draft ? fieldFor(draft.attr, fields) : null;

  const sections = new Map<string, { value: string; label: string }[]>();
  for (const option of fields) {
    const items = sections.get(option.section) ?? [];
    items.push({ value: option.attr, label: option.label });
    sections.set(option.section, items);
  }
  if (field && !fields.includes(field)) sections.set('Other', [{ value: field.attr, label: field.label }]);
  const fieldData = [...sections].map(([group, items]) => ({ group, items }));

  const ops = field ? operatorsFor(field.kind) : [];
  const opData = (draft && !ops.includes(draft.op) ? [...ops, draft.op] : ops).map((op) => ({
    value: op,
    label: field ? operatorWords(field.kind, op) : op,
  }));

  const pickField = (attr: string | null) => {
    if (!attr) return;
    const picked = fieldFor(attr, fields);
    setError(undefined);
    setDraft(freshDraft(picked.attr, picked.kind, operatorsFor(picked.kind)[0] ?? 'eq', currency));
  };

  const apply = () => {
    if (!draft || !field) return;
    const result = chipOfDraft(draft, field.kind, currency);
    if (result.error !== undefined) setError(result.error);
    else onApply(result.chip);
  };

  return (
    <Stack
      gap="sm"
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
      aria-label={chip ? 'Edit filter' : 'Add filter'}
    >
      <Select
        label="Field"
        placeholder="Pick a field"
        data={fieldData}
        value={field?.attr ?? null}
        onChange={pickField}
        searchable
        allowDeselect={false}
        maxDropdownHeight={260}
        comboboxProps={{ withinPortal: false }}
        data-autofocus
      />
      {draft && field && (
        <>
          <Select
            label="Condition"
            data={opData}
            value={draft.op}
            onChange={(op) => {
              const next = opData.find((option) => option.value === op)?.value;
              if (next) setDraft({ ...draft, op: next });
            }}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
          />
          {takesValue(draft.op) && (
            <ValueInput
              key={field.attr}
              field={field}
              text={draft.text}
              onChange={(text) => {
                setError(undefined);
                setDraft({ ...draft, text });
              }}
              currency={currency}
              error={error}
            />
          )}
        </>
      )}
      <Group gap="xs" justify="flex-end">
        <Button variant="subtle" color="gray" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={!draft}>
          Apply
        </Button>
      </Group>
    </Stack>
  );
}
