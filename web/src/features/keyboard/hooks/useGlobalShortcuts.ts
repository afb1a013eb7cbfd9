import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../lib/is-typing-target';

interface GlobalShortcutHandlers {
  onOpenPalette: () => void;
  onOpenHelp: () => void;
}

/** The page's own search box: the first one in the main area (Customers, Orders, Carts, Audit…). */
const SEARCH_BOX = 'main input[type="search"], main input[aria-label^="Search"]';

/**
 * The app-wide keys: Ctrl/⌘+K opens the command palette (also while typing, as in other apps);
 * "/" focuses the page's search box and "?" lists the shortcuts, but only when the user is not
 * typing and no dialog is open (the page under a dialog is out of reach). Esc is the dialogs' own.
 */
export function useGlobalShortcuts(handlers: GlobalShortcutHandlers) {
  // The latest handlers without re-subscribing on every render.
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        latest.current.onOpenPalette();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      if (event.key === '/') {
        const search = document.querySelector<HTMLInputElement>(SEARCH_BOX);
        if (!search) return;
        event.preventDefault();
        search.focus();
        search.select();
      } else if (event.key === '?') {
        event.preventDefault();
        latest.current.onOpenHelp();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
