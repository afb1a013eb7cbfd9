import {
  ActionIcon,
  Button,
  Checkbox,
  Divider,
  Group,
  NumberInput,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Icon } from '@/components/Icon';
import {
  type ColumnLayout,
  DEFAULT_COLUMN_WIDTH,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  type RecordColumn,
} from '../types';

interface ColumnChooserProps<Row> {
  columns: readonly RecordColumn<Row>[];
  /** The shown columns in order, with the widths set. */
  layout: readonly ColumnLayout[];
  /** Applies a change to the layout as it is when the change lands (quick clicks must all count). */
  onChange: (change: (layout: ColumnLayout[]) => ColumnLayout[]) => void;
}

/** Takes a width once it is a whole number in range, so typing "240" does not stop at "2". */
function WidthInput({
  header,
  width,
  fallback,
  onChange,
}: {
  header: string;
  width: number | undefined;
  fallback: number;
  onChange: (width: number | undefined) => void;
}) {
  const [value, setValue] = useState<string | number>(width ?? '');
  // A width changed from outside (Restore default columns) replaces what was typed.
  useEffect(() => setValue((typed) => (typed === width ? typed : (width ?? ''))), [width]);
  return (
    <NumberInput
      aria-label={`Width of ${header} in pixels`}
      size="xs"
      w={76}
      min={MIN_COLUMN_WIDTH}
      max={MAX_COLUMN_WIDTH}
      step={20}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="blur"
      placeholder={String(fallback)}
      value={value}
      onChange={(next) => {
        setValue(next);
        if (next === '') onChange(undefined);
        else if (typeof next === 'number' && next >= MIN_COLUMN_WIDTH && next <= MAX_COLUMN_WIDTH)
          onChange(next);
      }}
    />
  );
}

/**
 * The "Columns" button: the shown columns in order — each with a width and buttons to move it
 * up or down — then the others to add. The last shown column cannot be hidden.
 */
export function ColumnChooser<Row>({ columns, layout, onChange }: ColumnChooserProps<Row>) {
  const byId = new Map(columns.map((column) => [column.id, column]));
  const shown = layout.filter((entry) => byId.has(entry.id));
  const hidden = columns.filter(
    (column) => !column.alwaysVisible && !shown.some((entry) => entry.id === column.id),
  );
  const choosableShown = shown.filter((entry) => !byId.get(entry.id)?.alwaysVisible).length;
  const defaults = columns.filter((column) => column.defaultVisible || column.alwaysVisible).map((c) => c.id);
  const isDefault =
    defaults.length === shown.length &&
    shown.every((entry, index) => entry.id === defaults[index] && entry.width === undefined);

  const move = (id: string, by: -1 | 1) =>
    onChange((layout) => {
      const next = [...layout];
      const index = next.findIndex((entry) => entry.id === id);
      const [entry] = index >= 0 ? next.splice(index, 1) : [];
      if (entry) next.splice(Math.max(0, Math.min(next.length, index + by)), 0, entry);
      return next;
    });
  const setWidth = (id: string, width: number | undefined) =>
    onChange((layout) =>
      layout.map((entry) => (entry.id === id ? { id, ...(width ? { width } : {}) } : entry)),
    );

  return (
    <Popover position="bottom-end" shadow="md" width={340} trapFocus withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<Icon name="columns" size={16} />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah="min(70vh, 560px)" type="auto" offsetScrollbars>
          <Stack gap="xs">
            {/* One keyed list, so a column ticked or unticked keeps its checkbox (and the focus) as it moves. */}
            {[
              <Text key="shown-heading" size="xs" fw={700} c="dimmed" tt="uppercase">
                Shown, in order
              </Text>,
              ...shown.map((entry, index) => {
                const column = byId.get(entry.id);
                if (!column) return null;
                return (
                  <Group key={entry.id} gap={6} wrap="nowrap" data-testid={`column-${entry.id}`}>
                    <Checkbox
                      style={{ flex: 1, minWidth: 0 }}
                      label={column.header}
                      checked
                      disabled={Boolean(column.alwaysVisible) || choosableShown === 1}
                      onChange={() => onChange((layout) => layout.filter((other) => other.id !== entry.id))}
                    />
                    <WidthInput
                      header={column.header}
                      width={entry.width}
                      fallback={column.width ?? DEFAULT_COLUMN_WIDTH}
                      onChange={(width) => setWidth(entry.id, width)}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move ${column.header} up`}
                      disabled={index === 0}
                      onClick={() => move(entry.id, -1)}
                    >
                      <Icon name="arrowUp" size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Move ${column.header} down`}
                      disabled={index === shown.length - 1}
                      onClick={() => move(entry.id, 1)}
                    >
                      <Icon name="arrowDown" size={16} />
                    </ActionIcon>
                  </Group>
                );
              }),
              hidden.length > 0 && <Divider key="more-divider" />,
              hidden.length > 0 && (
                <Text key="more-heading" size="xs" fw={700} c="dimmed" tt="uppercase">
                  More columns
                </Text>
              ),
              ...hidden.map((column) => (
                <Group key={column.id} gap={6} wrap="nowrap">
                  <Checkbox
                    style={{ flex: 1, minWidth: 0 }}
                    label={column.header}
                    checked={false}
                    onChange={() => onChange((layout) => [...layout, { id: column.id }])}
                  />
                </Group>
              )),
            ]}
            <Divider />
            <Button
              variant="subtle"
              size="xs"
              disabled={isDefault}
              onClick={() => onChange(() => defaults.map((id) => ({ id })))}
            >
              Restore default columns
            </Button>
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
