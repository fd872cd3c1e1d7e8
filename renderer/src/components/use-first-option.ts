import { useRef, type KeyboardEvent } from 'react';

/**
 * For a filtering combobox: typing highlights the first option the text begins with, and ↓ would
 * then step past it to the second (ICE ↓ Enter picked USMS). After typing, ↓ lands on the first —
 * best — option instead. Call `typed()` from the combobox's onChange.
 */
export function useFirstOptionOnArrowDown() {
  const typedSince = useRef(false);
  function onKeyDownCapture(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== 'ArrowDown' || e.altKey || !typedSince.current) return;
    typedSince.current = false;
    const input = e.currentTarget;
    const list = document.getElementById(input.getAttribute('aria-controls') ?? '');
    const first = list?.querySelector('[role="option"]');
    if (first && first.id === input.getAttribute('aria-activedescendant')) {
      e.preventDefault();
      e.stopPropagation();
    }
  }
  return { onKeyDownCapture, typed: () => (typedSince.current = true) };
}
