import { Button, Group, Menu, Text } from '@mantine/core';
import { Icon } from '@/components/Icon';
import { formatTotal } from '@/lib/format';
import type { BulkAction } from '../api/types';
import { BULK_ACTIONS, plural } from './bulk-actions';

/** The API takes at most this many ids; beyond, the view's filter is the selection. */
const MAX_TICKED = 1000;

interface BulkBarProps {
  /** Rows ticked (ignored when `all`). */
  selectedCount: number;
  /** "All N matching" chosen. */
  all: boolean;
  /** Rows of the view: the grid's total, when known. */
  matching: number | undefined;
  matchingIsLowerBound: boolean;
  /** `matching` is the server's estimate (past the 10,000 it counts). */
  matchingIsEstimate?: boolean;
  /** Every row on screen is ticked and the view holds more: offer "Select all N matching". */
  canSelectAll: boolean;
  onSelectAll: () => void;
  onClear: () => void;
  onAction: (action: BulkAction) => void;
}

/** Above the grid while rows are ticked: how many, "Select all N matching", and the actions menu. */
export function BulkBar({
  selectedCount,
  all,
  matching,
  matchingIsLowerBound,
  matchingIsEstimate = false,
  canSelectAll,
  onSelectAll,
  onClear,
  onAction,
}: BulkBarProps) {
  const matchingWords =
    matching === undefined
      ? 'all customers matching'
      : `all ${formatTotal(matching, 'customer', matchingIsLowerBound, matchingIsEstimate)} matching`;
  return (
    <Group
      px="sm"
      py="xs"
      gap="sm"
      justify="space-between"
      bg="var(--mantine-color-blue-light)"
      data-testid="bulk-bar"
    >
      <Group gap="sm">
        <Text size="sm" fw={500} role="status" aria-live="polite">
          {all ? `Selected ${matchingWords} this view.` : `${plural(selectedCount)} selected.`}
        </Text>
        {!all && selectedCount > MAX_TICKED && (
          <Text size="sm" c="red.8">
            At most {MAX_TICKED.toLocaleString()} ticked rows: use “Select all matching” for more.
          </Text>
        )}
        {!all && canSelectAll && (
          <Button variant="subtle" size="compact-sm" onClick={onSelectAll}>
            Select {matchingWords}
          </Button>
        )}
        <Button variant="subtle" size="compact-sm" color="gray" onClick={onClear}>
          Clear selection
        </Button>
      </Group>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="compact-sm" rightSection={<Icon name="chevronDown" size={14} />}>
            Bulk actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(Object.keys(BULK_ACTIONS) as BulkAction[]).map((action) => (
            <Menu.Item
              key={action}
              color={BULK_ACTIONS[action].destructive ? 'red' : undefined}
              onClick={() => onAction(action)}
            >
              {BULK_ACTIONS[action].label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
