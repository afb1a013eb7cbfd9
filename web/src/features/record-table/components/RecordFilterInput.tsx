import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';

interface RecordFilterInputProps {
  /** The applied filter (from the URL). */
  value: string;
  onChange: (value: string) => void;
  /** The server's explanation of a filter it could not parse. */
  error?: string | null;
  example?: string;
}

/** An advanced filter expression (SCIM-like); applied on Enter or with the Apply button. */
export function RecordFilterInput({ value, onChange, error, example }: RecordFilterInputProps) {
  const [text, setText] = useState(value);
  const [applied, setApplied] = useState(value);
  if (value !== applied) {
    setApplied(value);
    setText(value);
  }
  const apply = () => onChange(text.trim());

  return (
    <Stack gap="xs">
      <TextInput
        label="Filter expression"
        description={example ? `For example: ${example}` : undefined}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply();
        }}
        error={error}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        autoComplete="off"
        spellCheck={false}
      />
      <Group gap="xs">
        <Button variant="default" onClick={apply} disabled={text.trim() === value}>
          Apply
        </Button>
        <Button
          variant="subtle"
          color="gray"
          onClick={() => {
            setText('');
            onChange('');
          }}
          disabled={!text && !value}
        >
          Clear
        </Button>
      </Group>
    </Stack>
  );
}
