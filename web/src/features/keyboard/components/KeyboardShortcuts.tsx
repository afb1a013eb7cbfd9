import { useDisclosure } from '@mantine/hooks';
import { useGlobalShortcuts } from '../hooks/useGlobalShortcuts';
import { CommandPalette } from './CommandPalette';
import { ShortcutsDialog } from './ShortcutsDialog';

interface KeyboardShortcutsProps {
  /** The palette's state, owned by the layout so its header button opens the same one. */
  paletteOpened: boolean;
  onOpenPalette: () => void;
  onClosePalette: () => void;
}

/** The app-wide keys and the two dialogs they open: the command palette and the shortcuts list. */
export function KeyboardShortcuts({ paletteOpened, onOpenPalette, onClosePalette }: KeyboardShortcutsProps) {
  const [helpOpened, help] = useDisclosure(false);
  useGlobalShortcuts({ onOpenPalette, onOpenHelp: help.open });
  return (
    <>
      <CommandPalette opened={paletteOpened} onClose={onClosePalette} />
      <ShortcutsDialog opened={helpOpened} onClose={help.close} />
    </>
  );
}
