/** How big a file is, in the units people read: "12 KB", "3.4 MB", "1.2 GB". */
export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.max(n === 0 ? 0 : 1, Math.round(n / 1024))} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
