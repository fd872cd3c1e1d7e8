/** Plain-language wording for history rows; unknown actions fall back to their raw names. */
import type { AuditEntry } from '../../core/api.ts';

const SETTING_LABELS: Record<string, string> = {
  userName: 'Your name',
  officeName: 'Office or committee',
  theme: 'Appearance',
  ocrEnabled: 'Read scanned pages in the background',
};

export function describeWhat(e: AuditEntry): string {
  if (e.entity === 'setting') return `Changed setting “${SETTING_LABELS[e.entityId] ?? e.entityId}”`;
  return `${e.action} · ${e.entity} ${e.entityId}`;
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  return JSON.stringify(v);
}
