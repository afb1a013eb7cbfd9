import { Button, Checkbox, Divider, Popover, Stack, Text } from '@mantine/core';
import { Icon } from '@/components/Icon';
import type { RecordColumn } from '../types';

interface ColumnChooserProps<Row> {
  columns: readonly RecordColumn<Row>[];
  visibleColumnIds: readonly string[];
  onToggle: (id: string, visible: boolean) => void;
  onReset: (ids: string[]) => void;
}

/** The "Columns" button: a checkbox list of every column; the last visible column cannot be hidden. */
export function ColumnChooser<Row>({
  columns,
  visibleColumnIds,
  onToggle,
  onReset,
}: ColumnChooserProps<Row>) {
  const choosable = columns.filter((column) => !column.alwaysVisible);
  const visibleCount = choosable.filter((column) => visibleColumnIds.includes(column.id)).length;
  const defaults = columns.filter((column) => column.defaultVisible || column.alwaysVisible).map((c) => c.id);
  const isDefault =
    defaults.length === visibleColumnIds.length && defaults.every((id) => visibleColumnIds.includes(id));

  return (
    <Popover position="bottom-end" shadow="md" width={240} trapFocus withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<Icon name="columns" size={16} />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            Visible columns
          </Text>
          {choosable.map((column) => {
            const checked = visibleColumnIds.includes(column.id);
            return (
              <Checkbox
                key={column.id}
                label={column.header}
                checked={checked}
                disabled={checked && visibleCount === 1}
                onChange={(event) => onToggle(column.id, event.currentTarget.checked)}
              />
            );
          })}
          <Divider />
          <Button variant="subtle" size="xs" disabled={isDefault} onClick={() => onReset(defaults)}>
            Restore default columns
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
