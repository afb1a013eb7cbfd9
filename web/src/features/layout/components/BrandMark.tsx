import { Group, Text, ThemeIcon } from '@mantine/core';

/** The product name with its mark, as shown in the header and on the sign-in page. */
export function BrandMark({ size = 'md' }: { size?: 'md' | 'lg' }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size={size === 'lg' ? 36 : 28} radius="md" aria-hidden="true">
        <Text component="span" fw={800} size={size === 'lg' ? 'lg' : 'md'} c="white">
          C
        </Text>
      </ThemeIcon>
      <Text component="span" fw={700} size={size === 'lg' ? 'xl' : 'lg'} c="bright">
        Clientele
      </Text>
    </Group>
  );
}
