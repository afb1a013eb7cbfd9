import { Alert, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Icon } from './Icon';

/** One field both versions changed: its label and each side's value, as text. */
export interface ConflictRow {
  field: string;
  label: string;
  theirs: string;
  mine: string;
}

interface ConflictNoticeProps {
  /** What was changed, as a sentence ("Someone else changed this customer while you were editing"). */
  title: string;
  /** What someone else's save left in the fields this edit changed; undefined while it loads. */
  rows: ConflictRow[] | undefined;
  /** Drops this edit and shows the saved version. */
  onReload: () => void;
  /** Saves this edit's fields over the saved version (their other changes stay). */
  onKeepMine: () => void;
  reloading?: boolean;
  saving?: boolean;
}

/**
 * A save refused because someone else saved first (a 412). Drawn where the form starts, scrolled
 * into view and focused, since the Save button the user just pressed may be far below: it names
 * each field the two versions disagree on and lets the user choose which one stays.
 */
export function ConflictNotice({
  title,
  rows,
  onReload,
  onKeepMine,
  reloading,
  saving,
}: ConflictNoticeProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, []);

  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      role="alert"
      color="yellow"
      title={title}
      icon={<Icon name="alertCircle" />}
      data-testid="conflict-notice"
      // Scrolled to below the fixed header, not under it.
      style={{ scrollMarginTop: 'calc(var(--app-shell-header-height, 0px) + var(--mantine-spacing-md))' }}
    >
      <Stack gap="sm">
        <Text size="sm">
          Your changes are not saved yet. Choose which version to keep for the fields you changed.
        </Text>
        {rows === undefined ? (
          <Group gap="xs">
            <Loader size="xs" aria-hidden="true" />
            <Text size="sm">Loading their version…</Text>
          </Group>
        ) : rows.length > 0 ? (
          <Table.ScrollContainer minWidth={320}>
            <Table withTableBorder fz="sm" aria-label="Fields changed in both versions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Field</Table.Th>
                  <Table.Th scope="col">Their value</Table.Th>
                  <Table.Th scope="col">Your value</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.field}>
                    <Table.Th scope="row" fw={500}>
                      {row.label}
                    </Table.Th>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{row.theirs}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{row.mine}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : (
          <Text size="sm">Their changes are in other fields than yours.</Text>
        )}
        <Group gap="sm">
          <Button
            size="xs"
            variant="default"
            leftSection={<Icon name="refresh" size={14} />}
            onClick={onReload}
            loading={reloading}
            disabled={saving || rows === undefined}
          >
            Reload their version
          </Button>
          <Button size="xs" onClick={onKeepMine} loading={saving} disabled={reloading || rows === undefined}>
            Keep mine
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
