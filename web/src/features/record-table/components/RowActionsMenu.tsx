import { ActionIcon, Menu } from '@mantine/core';
import { Icon } from '@/components/Icon';
import type { RowAction } from '../types';

interface RowActionsMenuProps<Row> {
  row: Row;
  /** Names the row for assistive technology: "Actions for <label>". */
  label: string;
  actions: readonly RowAction<Row>[];
}

/** The kebab menu at the end of a grid row; fully usable with the keyboard (Enter/Space, arrows, Escape). */
export function RowActionsMenu<Row>({ row, label, actions }: RowActionsMenuProps<Row>) {
  return (
    <Menu position="bottom-end" shadow="md" width={210} withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Actions for ${label}`}>
          <Icon name="dotsVertical" />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {actions
          .filter((action) => action.isAvailable?.(row) ?? true)
          .map((action) => (
            <Menu.Item key={action.label} color={action.color} onClick={() => action.onSelect(row)}>
              {action.label}
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}
