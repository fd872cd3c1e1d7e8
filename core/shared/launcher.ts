/**
 * The start screen's view of the launcher, shared by the shells and the window: which workspaces
 * this computer has opened, and what the person chose. Paths shown are only those the person
 * typed or chose before; the default folder is named as such, never by its path.
 */

/** A remembered workspace as the start screen lists it (never with a password). */
export type PlaceView = { kind: 'folder'; /** null: the default folder of this computer */ dir: string | null } | { kind: 'team'; url: string; files: string };

export interface LauncherStatus {
  /** A workspace is open: the app, not the start screen. */
  open: boolean;
  recent: PlaceView[];
  /** Whether a password can be kept in this computer's keychain (the desktop app with a real one). */
  keychain: boolean;
  /** Why the last workspace could not be opened again at start, in plain words; null when nothing failed. */
  problem: string | null;
}

/** What the person chose on the start screen. */
export type PlaceChoice =
  | { kind: 'default' }
  | { kind: 'folder'; dir: string }
  | { kind: 'team'; url: string; files: string; password?: string; remember?: boolean };
