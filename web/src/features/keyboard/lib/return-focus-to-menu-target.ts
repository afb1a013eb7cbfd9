/**
 * A menu's `onClose` (set for every menu in the theme): puts the focus back on the button that
 * opened the menu at once, while the click or key that chose an item is still being handled.
 *
 * Mantine's own return runs 10 ms after the menu closes. A menu item that opens a dialog loses
 * that race: the dialog's focus trap has focused inside the dialog by then, the menu pulls the
 * focus back to its button behind the overlay, and Tab walks the page under the dialog. Done at
 * once instead, the dialog opens with the menu's button as the element it returns focus to on
 * close (rather than the menu item, which is gone by then), and nothing moves the focus after
 * the dialog has taken it.
 */
export function returnFocusToMenuTarget() {
  const dropdown = document.activeElement?.closest('[data-menu-dropdown]');
  if (!dropdown?.id) return;
  const target = document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(dropdown.id)}"]`);
  target?.focus({ preventScroll: true });
}
