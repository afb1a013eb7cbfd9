import { Autocomplete, Group, Select, TextInput } from '@mantine/core';
import { readRelativeDate } from '@server/lib/filter/relative-date.js';
import { useState } from 'react';
import { useGroups } from '@/features/groups/hooks/useGroups';
import { useTagSuggestions } from '@/features/tags/hooks/useTagSuggestions';
import type { FilterField } from '../lib/fields';
import { describeRelativeDate, RELATIVE_DATES } from '../lib/values';
import { CountrySelect } from './CountrySelect';

interface ValueInputProps {
  field: FilterField;
  /** The value as typed (draft.ts): "50.00", `now-30d`, "DE", "true". */
  text: string;
  onChange: (text: string) => void;
  currency: string;
  error?: string;
}

// Inside the condition's popover: a list drawn in a portal would count as a click outside it.
const inline = { withinPortal: false };

function GroupSelect({ text, onChange, error }: Omit<ValueInputProps, 'field' | 'currency'>) {
  const { data: groups } = useGroups();
  const data = (groups ?? []).map((group) => ({ value: group.code, label: `${group.name} (${group.code})` }));
  if (text && !data.some((option) => option.value === text)) data.push({ value: text, label: text });
  return (
    <Select
      label="Group"
      data={data}
      value={text || null}
      onChange={(code) => onChange(code ?? '')}
      searchable
      error={error}
      comboboxProps={inline}
    />
  );
}

function TagInput({ text, onChange, error }: Omit<ValueInputProps, 'field' | 'currency'>) {
  const suggestions = useTagSuggestions(text.trim());
  return (
    <Autocomplete
      label="Tag"
      data={(suggestions.data?.data ?? []).map((row) => row.tag)}
      value={text}
      onChange={onChange}
      error={error}
      comboboxProps={inline}
    />
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ON_A_DATE = 'date';

/** A date relative to today (kept relative in the filter) or a calendar day. */
function DateInput({ text, onChange, error }: Omit<ValueInputProps, 'field' | 'currency'>) {
  const [pickDay, setPickDay] = useState(DAY.test(text));
  const data = RELATIVE_DATES.map((choice) => ({ value: choice.text, label: choice.label }));
  if (text && !pickDay && !data.some((option) => option.value === text)) {
    const anchor = /^[A-Za-z]+/.exec(text)?.[0] ?? '';
    const relative = readRelativeDate(text, 0, anchor.length);
    data.push({ value: text, label: relative ? describeRelativeDate(relative.value) : text });
  }
  data.push({ value: ON_A_DATE, label: 'a date…' });
  return (
    <Group gap="xs" align="flex-start" grow>
      <Select
        label="When"
        data={data}
        value={pickDay ? ON_A_DATE : text || null}
        onChange={(choice) => {
          setPickDay(choice === ON_A_DATE);
          onChange(choice === ON_A_DATE ? '' : (choice ?? ''));
        }}
        allowDeselect={false}
        comboboxProps={inline}
        error={pickDay ? undefined : error}
      />
      {pickDay && (
        <TextInput
          type="date"
          label="Date"
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          error={error}
        />
      )}
    </Group>
  );
}

/** The value of one condition, typed for its field: names for countries, money in the tenant's currency. */
export function ValueInput({ field, text, onChange, currency, error }: ValueInputProps) {
  switch (field.kind) {
    case 'country':
      return <CountrySelect value={text} onChange={onChange} error={error} />;
    case 'group':
      return <GroupSelect text={text} onChange={onChange} error={error} />;
    case 'tags':
      return <TagInput text={text} onChange={onChange} error={error} />;
    case 'date':
      return <DateInput text={text} onChange={onChange} error={error} />;
    case 'boolean':
    case 'enum': {
      const data =
        field.kind === 'enum'
          ? (field.options ?? [])
          : [
              { value: 'true', label: 'Yes' },
              { value: 'false', label: 'No' },
            ];
      return (
        <Select
          label={field.label}
          data={data}
          value={text || null}
          onChange={(value) => onChange(value ?? '')}
          allowDeselect={false}
          error={error}
          comboboxProps={inline}
        />
      );
    }
    case 'money':
      return (
        <TextInput
          label={`Amount (${currency})`}
          description={`In ${currency}, e.g. 50 or 50.00`}
          inputMode="decimal"
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          error={error}
          autoComplete="off"
        />
      );
    case 'number':
      return (
        <TextInput
          label="Number"
          inputMode="numeric"
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          error={error}
          autoComplete="off"
        />
      );
    default:
      return (
        <TextInput
          label="Value"
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
          error={error}
          autoComplete="off"
        />
      );
  }
}
