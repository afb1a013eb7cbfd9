import { Group, Kbd, Modal, Table, Text } from '@mantine/core';
import { Fragment } from 'react';

interface ShortcutsDialogProps {
  opened: boolean;
  onClose: () => void;
}

/** ⌘ on Apple keyboards, Ctrl elsewhere: the key the palette's shortcut is written with. */
const MOD = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

const shortcuts: { keys: string[]; does: string }[] = [
  { keys: [MOD, 'K'], does: 'Go to a customer or a page (command palette)' },
  { keys: ['/'], does: 'Search on this page' },
  { keys: ['j'], does: 'Next row in a list' },
  { keys: ['k'], does: 'Previous row in a list' },
  { keys: ['Enter'], does: 'Open the row' },
  { keys: ['Esc'], does: 'Close a dialog or menu' },
  { keys: ['?'], does: 'Show this list' },
];

/** Lists the keyboard shortcuts; "?" opens it. The single-letter keys do nothing while typing. */
export function ShortcutsDialog({ opened, onClose }: ShortcutsDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" centered>
      <Table verticalSpacing="xs" highlightOnHover={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Keys</Table.Th>
            <Table.Th scope="col">What they do</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shortcuts.map((shortcut) => (
            <Table.Tr key={shortcut.does}>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {shortcut.keys.map((key, index) => (
                    <Fragment key={key}>
                      {index > 0 && (
                        <Text span size="xs" aria-hidden="true">
                          +
                        </Text>
                      )}
                      <Kbd>{key}</Kbd>
                    </Fragment>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{shortcut.does}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" mt="sm">
        Letters and “/” do nothing while you type in a field; {MOD}+K and Esc always work.
      </Text>
    </Modal>
  );
}
