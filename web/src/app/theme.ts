import {
  Alert,
  type CSSVariablesResolver,
  createTheme,
  Menu,
  Modal,
  Notification,
  Table,
} from '@mantine/core';
import { returnFocusToMenuTarget } from '@/features/keyboard/lib/return-focus-to-menu-target';

/**
 * Mantine's default shade 6 fails WCAG AA contrast for white text and small coloured text,
 * so filled and light variants use shade 8 of indigo in both themes, and the dimmed, error and
 * placeholder colours are moved until they reach 4.5:1 on the cards and inputs of each theme.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // Coloured alert titles (shade 8 on a tinted background) fall below 4.5:1 for most colours.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
    // A menu item that opens a dialog must leave the focus to the dialog: see returnFocusToMenuTarget.
    Menu: Menu.extend({ defaultProps: { returnFocus: false, onClose: returnFocusToMenuTarget } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
    }),
    Table: Table.extend({ defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
    // `c="red"` and `c="teal"` (amounts, warnings, "Rotate key"): shade 9 reads on tinted badges in
    // light; in dark Mantine's own shade 4 does.
    '--mantine-color-red-text': 'var(--mantine-color-red-9)',
    '--mantine-color-teal-text': 'var(--mantine-color-teal-9)',
    // Between gray 6 (3.3:1 on white) and gray 7 (as dark as dimmed text): 4.9:1 on white.
    '--mantine-color-placeholder': '#6b7279',
  },
  dark: {
    // Mantine's dark 2 and 3 give 3.5:1 and less on the dark cards (dark 7) and inputs (dark 6).
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-placeholder': '#a3a3a3',
  },
});
