import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useState } from 'react';
import { Icon } from '@/components/Icon';

interface RecordSearchInputProps {
  label: string;
  placeholder?: string;
  /** The applied search (from the URL). */
  value: string;
  onChange: (value: string) => void;
  delay?: number;
}

/** Searches as you type: the applied value follows the input after a short pause, Enter applies at once. */
export function RecordSearchInput({
  label,
  placeholder,
  value,
  onChange,
  delay = 250,
}: RecordSearchInputProps) {
  const [text, setText] = useState(value);
  const [applied, setApplied] = useState(value);
  const debouncedChange = useDebouncedCallback(onChange, delay);

  // The URL changed under us (back button, a shared link): show what is applied.
  if (value !== applied) {
    setApplied(value);
    if (value !== text.trim()) setText(value);
  }

  const clear = () => {
    debouncedChange.cancel();
    setText('');
    onChange('');
  };

  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        debouncedChange(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') debouncedChange.flush();
        if (event.key === 'Escape' && text) clear();
      }}
      leftSection={<Icon name="search" size={16} />}
      rightSection={text ? <CloseButton size="sm" aria-label="Clear search" onClick={clear} /> : null}
      autoComplete="off"
      spellCheck={false}
    />
  );
}
