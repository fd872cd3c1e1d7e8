/** How big a file is, in the units people read: "12 KB", "3.4 MB", "1.2 GB". */
export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.max(n === 0 ? 0 : 1, Math.round(n / 1024))} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/**
 * A folder as the window names it: its own name only, never the path to it. A path names the
 * account it lives under and the drives of this computer, and a window is shown on projectors and
 * shared screens; `sunshine status` prints the whole path in a terminal.
 */
export function folderName(p: string): string {
  const parts = p.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? p;
}

/** An absolute path (`/home/…`, `C:\\…`, `\\\\server\\…`) as "…/name"; any other text as it is. */
export function shownPlace(text: string): string {
  return /^(?:\/|[A-Za-z]:[\\/]|\\\\)/.test(text) ? `…/${folderName(text)}` : text;
}
