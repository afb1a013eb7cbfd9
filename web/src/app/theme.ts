import { Alert, type CSSVariablesResolver, createTheme, Menu, Modal, Notification, Table } from '@mantine/core';
import { returnFocusToMenuTarget } from '@/features/keyboard/lib/return-focus-to-menu-target';

/**
 * Mantine's default shade 6 fails WCAG AA contrast for white text and small coloured text,
 * so filled and light variants use shade 8 of indigo and the dimmed/error colours are darkened.
 */
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 6 },
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
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});
