import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Attribute } from '@/features/attributes/api/types';
import { useAttributes } from '@/features/attributes/hooks/useAttributes';
import { useGroups } from '@/features/groups/hooks/useGroups';
import { useTagSuggestions } from '@/features/tags/hooks/useTagSuggestions';
import type { QuickTerm, QuickValue } from '../lib/quick-filters';

interface QuickFiltersProps {
  /** The quick terms now in the filter, by attribute. */
  terms: Record<string, QuickTerm>;
  /** Sets (or, with null, removes) the quick filter of one attribute. */
  onChange: (attribute: string, term: QuickTerm | null) => void;
}

const WIDTH = 190;
const eq = (attribute: string, value: QuickValue | null): QuickTerm | null =>
  value === null || value === '' ? null : { attribute, op: 'eq', value };

function GroupFilter({ terms, onChange }: QuickFiltersProps) {
  const { data: groups } = useGroups();
  const value = terms.group ? String(terms.group.value) : null;
  const data = (groups ?? []).map((group) => ({ value: group.code, label: `${group.name} (${group.code})` }));
  if (value && !data.some((option) => option.value.toLowerCase() === value.toLowerCase()))
    data.push({ value, label: value });
  return (
    <Select
      label="Group"
      placeholder="Any group"
      w={WIDTH}
      data={data}
      value={data.find((option) => option.value.toLowerCase() === value?.toLowerCase())?.value ?? null}
      onChange={(code) => onChange('group', eq('group', code))}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': 'Any group' }}
    />
  );
}

/** Tags as the tenant uses them, completed from GET /tags?q= as one types. */
function TagFilter({ terms, onChange }: QuickFiltersProps) {
  const value = terms.tags ? String(terms.tags.value) : null;
  const [search, setSearch] = useState(value ?? '');
  const suggestions = useTagSuggestions(search === value ? '' : search.trim());
  const tags = (suggestions.data?.data ?? []).map((row) => row.tag);
  const data = value && !tags.includes(value) ? [value, ...tags] : tags;
  return (
    <Select
      label="Tag"
      placeholder="Any tag"
      w={WIDTH}
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(tag) => onChange('tags', eq('tags', tag))}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': 'Any tag' }}
      nothingFoundMessage="No tag starts so"
    />
  );
}

/** A free input applied on Enter or when it loses focus, so typing does not reload the grid per key. */
function CommitOnBlur({
  definition,
  term,
  onChange,
}: {
  definition: Attribute;
  term: QuickTerm | undefined;
  onChange: QuickFiltersProps['onChange'];
}) {
  const attribute = `attributes.${definition.code}`;
  const applied = term?.value ?? '';
  const [draft, setDraft] = useState<string | number>(typeof applied === 'boolean' ? '' : applied);
  const commit = () => {
    const value = typeof draft === 'string' ? draft.trim() : draft;
    if (value !== applied) onChange(attribute, eq(attribute, value));
  };
  const shared = {
    label: definition.label,
    w: WIDTH,
    onBlur: commit,
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key === 'Enter') commit();
    },
  };
  return definition.type === 'number' ? (
    <NumberInput {...shared} placeholder="Any" value={draft} onChange={setDraft} />
  ) : (
    <TextInput
      {...shared}
      placeholder="Any"
      value={draft}
      onChange={(e) => setDraft(e.currentTarget.value)}
    />
  );
}

/** One indexed attribute's input, typed: options to pick, yes/no, a number, a date, or text. */
function AttributeFilter({ definition, terms, onChange }: QuickFiltersProps & { definition: Attribute }) {
  const attribute = `attributes.${definition.code}`;
  const term = terms[attribute];
  if (definition.type === 'enum' || definition.type === 'boolean') {
    const data =
      definition.type === 'enum'
        ? definition.options.map((option) => ({ value: option.value, label: option.label }))
        : [
            { value: 'true', label: 'Yes' },
            { value: 'false', label: 'No' },
          ];
    const pick = (value: string | null): QuickValue | null =>
      value === null ? null : definition.type === 'boolean' ? value === 'true' : value;
    return (
      <Select
        label={definition.label}
        placeholder="Any"
        w={WIDTH}
        data={data}
        value={term ? String(term.value) : null}
        onChange={(value) => onChange(attribute, eq(attribute, pick(value)))}
        clearable
        clearButtonProps={{ 'aria-label': `Any ${definition.label}` }}
      />
    );
  }
  if (definition.type === 'date')
    return (
      <TextInput
        type="date"
        label={`${definition.label} from`}
        w={WIDTH}
        value={term ? String(term.value) : ''}
        onChange={(event) => {
          const day = event.currentTarget.value;
          onChange(attribute, day ? { attribute, op: 'ge', value: day } : null);
        }}
      />
    );
  // The key remounts the input when the URL changes the applied value (back, clear, a shared link).
  return (
    <CommitOnBlur key={String(term?.value ?? '')} definition={definition} term={term} onChange={onChange} />
  );
}

/**
 * Quick filters over group, tag and each indexed custom attribute. Each is one `and` term of the
 * grid's filter (lib/quick-filters.ts); clearing it removes the term.
 */
export function QuickFilters(props: QuickFiltersProps) {
  const { data: definitions } = useAttributes();
  const indexed = (definitions ?? []).filter((definition) => definition.indexed);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" role="group" aria-label="Quick filters">
      <GroupFilter {...props} />
      <TagFilter {...props} />
      {indexed.map((definition) => (
        <AttributeFilter key={definition.code} definition={definition} {...props} />
      ))}
    </Group>
  );
}
