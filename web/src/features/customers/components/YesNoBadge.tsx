import { Badge } from '@mantine/core';

/** A boolean as a readable word with a coloured dot; the word carries the meaning, not the colour. */
export function YesNoBadge({ value, yes = 'Yes', no = 'No' }: { value: boolean; yes?: string; no?: string }) {
  return (
    <Badge variant="dot" color={value ? 'teal' : 'gray'} size="sm" radius="sm" tt="none" fw={500}>
      {value ? yes : no}
    </Badge>
  );
}
