import { useSyncExternalStore } from 'react';
import { webDarkTheme, webLightTheme, type Theme as FluentTheme } from '@fluentui/react-components';
import type { Theme } from '../../core/api.ts';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Follows the system's light/dark preference live. */
export function useSystemDark(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const q = query();
      q.addEventListener('change', cb);
      return () => q.removeEventListener('change', cb);
    },
    () => query().matches,
  );
}

export function fluentTheme(choice: Theme, systemDark: boolean): FluentTheme {
  const dark = choice === 'dark' || (choice === 'system' && systemDark);
  return dark ? webDarkTheme : webLightTheme;
}
