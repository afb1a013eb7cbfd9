import { Alert, Button, Group, Popover, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { Icon } from '@/components/Icon';
import { useReportingCurrency } from '@/features/auth/hooks/useReportingCurrency';
import { useGroups } from '@/features/groups/hooks/useGroups';
import { RecordFilterInput } from '@/features/record-table/components/RecordFilterInput';
import { useFilterFields } from '../hooks/useFilterFields';
import {
  chipAtPosition,
  errorPosition,
  errorReason,
  type FilterChip,
  printChips,
  readFilter,
} from '../lib/chips';
import { fieldFor, operatorWords, takesValue } from '../lib/fields';
import { describeValue } from '../lib/values';
import { ConditionForm } from './ConditionForm';
import { FilterChipControl } from './FilterChipControl';

interface FilterBuilderProps {
  /** The whole `filter` parameter: the chips read and write all of it. */
  filter: string;
  onChange: (filter: string) => void;
  /** What the Advanced mode edits as text (the filter without the quick filters' own terms). */
  expression: string;
  onExpressionChange: (expression: string) => void;
  /** The server's explanation of a filter it refused ("Invalid filter at position 0: …"). */
  error?: string | null;
  example?: string;
}

/**
 * The customer filter as chips ("Country is Germany", "Total spent more than $50.00") joined with
 * `and`, built field → operator in words → typed value, with the raw expression one switch away.
 * The URL's `filter` stays the one truth; a filter chips cannot show (`or`, `not` around several
 * terms) opens in the Advanced mode with a note.
 */
export function FilterBuilder({
  filter,
  onChange,
  expression,
  onExpressionChange,
  error,
  example,
}: FilterBuilderProps) {
  const fields = useFilterFields();
  const currency = useReportingCurrency();
  const { data: groups } = useGroups();
  const [adding, addPopover] = useDisclosure(false);
  const [advancedChosen, setAdvanced] = useState(false);
  const read = useMemo(() => readFilter(filter), [filter]);
  const chips = read.kind === 'chips' ? read.chips : null;
  const advanced = advancedChosen || !chips;

  const errorAt = error ? errorPosition(error) : null;
  const faultyChip = chips && errorAt !== null ? chipAtPosition(chips, errorAt) : -1;

  const label = (chip: FilterChip) => {
    const field = fieldFor(chip.attr, fields);
    const words = operatorWords(field.kind, chip.op);
    if (!takesValue(chip.op)) return `${field.label} ${words}`;
    const optionLabel = (value: string) =>
      field.kind === 'group'
        ? groups?.find((group) => group.code.toLowerCase() === value.toLowerCase())?.name
        : field.options?.find((option) => option.value === value)?.label;
    return `${field.label} ${words} ${describeValue(field.kind, chip.value, { currency, optionLabel })}`;
  };
  const write = (next: FilterChip[]) => onChange(printChips(next));

  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-start" wrap="wrap">
        {chips && !advanced && chips.length > 0 && (
          <Group
            component="ul"
            aria-label="Filters"
            gap="xs"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            wrap="wrap"
          >
            {chips.map((chip, index) => (
              <FilterChipControl
                // Chips have no identity beyond their place in the filter.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={index}
                chip={chip}
                label={label(chip)}
                fields={fields}
                currency={currency}
                error={index === faultyChip && error ? errorReason(error) : undefined}
                onChange={(next) => write(chips.map((old, i) => (i === index ? next : old)))}
                onRemove={() => write(chips.filter((_, i) => i !== index))}
              />
            ))}
          </Group>
        )}
        {!advanced && (
          <Popover
            opened={adding}
            onChange={(open) => !open && addPopover.close()}
            position="bottom-start"
            shadow="md"
            width={320}
            trapFocus
            returnFocus
          >
            <Popover.Target>
              <Button
                size="xs"
                variant="default"
                leftSection={<Icon name="plus" size={14} />}
                onClick={addPopover.toggle}
                aria-expanded={adding}
                aria-haspopup="dialog"
              >
                Add filter
              </Button>
            </Popover.Target>
            <Popover.Dropdown>
              {adding && (
                <ConditionForm
                  fields={fields}
                  currency={currency}
                  onCancel={addPopover.close}
                  onApply={(chip) => {
                    addPopover.close();
                    write([...(chips ?? []), chip]);
                  }}
                />
              )}
            </Popover.Dropdown>
          </Popover>
        )}
        <Button
          size="xs"
          variant="subtle"
          color="gray"
          onClick={() => setAdvanced(!advancedChosen)}
          aria-pressed={advanced}
          disabled={!chips}
        >
          Advanced
        </Button>
      </Group>
      {!advanced && error && faultyChip < 0 && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
      {advanced && (
        <>
          {!chips && (
            <Alert color="gray" p="xs" variant="light">
              {read.kind === 'invalid'
                ? 'This filter cannot be read, so it is shown as text: fix it here.'
                : 'This filter uses "or", "not" or parentheses, which chips cannot show: edit it here.'}
            </Alert>
          )}
          <RecordFilterInput
            value={expression}
            onChange={onExpressionChange}
            error={error}
            example={example}
          />
        </>
      )}
    </Stack>
  );
}
