/**
 * Whether the window may open Chromium's developer tools. Never in a packaged
 * app: they would let anyone at the keyboard run code with the window's
 * access to every record, and no environment variable can turn them back on.
 * In development they are on unless SUNSHINE_DEVTOOLS=0 asks to see the app
 * as it ships.
 */
export function devToolsAllowed(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (isPackaged) return false;
  return env.SUNSHINE_DEVTOOLS !== '0';
}
