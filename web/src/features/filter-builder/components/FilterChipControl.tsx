import { Box, Button, CloseButton, Group, Popover, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useId } from 'react';
import type { FilterChip } from '../lib/chips';
import type { FilterField } from '../lib/fields';
import { ConditionForm } from './ConditionForm';

interface FilterChipControlProps {
  chip: FilterChip;
  /** "Country is Germany". */
  label: string;
  fields: readonly FilterField[];
  currency: string;
  /** The server's reason when it refused this condition. */
  error?: string;
  onChange: (chip: FilterChip) => void;
  onRemove: () => void;
}

/** One condition as a chip: its words open the same form as "Add filter"; × removes it. */
export function FilterChipControl({
  chip,
  label,
  fields,
  currency,
  error,
  onChange,
  onRemove,
}: FilterChipControlProps) {
  const [opened, { close, toggle }] = useDisclosure(false);
  const errorId = useId();
  return (
    <Box component="li" data-testid="filter-chip" data-invalid={error ? true : undefined} maw="100%">
      <Group gap={0} wrap="nowrap">
        <Popover
          opened={opened}
          onChange={(open) => !open && close()}
          position="bottom-start"
          shadow="md"
          width={320}
          trapFocus
          returnFocus
        >
          <Popover.Target>
            <Button
              size="xs"
              radius="xl"
              variant={error ? 'outline' : 'light'}
              color={error ? 'red' : undefined}
              onClick={toggle}
              aria-describedby={error ? errorId : undefined}
              aria-expanded={opened}
              aria-haspopup="dialog"
              styles={{ root: { borderTopRightRadius: 0, borderBottomRightRadius: 0 } }}
            >
              {label}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <ConditionForm
              fields={fields}
              chip={chip}
              currency={currency}
              onCancel={close}
              onApply={(next) => {
                close();
                onChange(next);
              }}
            />
          </Popover.Dropdown>
        </Popover>
        <CloseButton
          size={30}
          radius="xl"
          variant={error ? 'outline' : 'light'}
          c={error ? 'red' : undefined}
          aria-label={`Remove filter: ${label}`}
          onClick={onRemove}
          style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0 }}
        />
      </Group>
      {error && (
        <Text id={errorId} size="xs" c="red" mt={4} maw={360}>
          {error}
        </Text>
      )}
    </Box>
  );
}
