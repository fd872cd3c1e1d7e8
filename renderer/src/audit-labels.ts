/** Plain-language wording for history rows; unknown actions fall back to their raw names. */
import type { AuditEntry } from '../../core/api.ts';

const SETTING_LABELS: Record<string, string> = {
  userName: 'Your name',
  officeName: 'Office or committee',
  theme: 'Appearance',
  ocrEnabled: 'Read scanned pages in the background',
};

const ACTIONS: Record<string, string> = {
  'requests.create': 'Logged the request',
  'requests.update': 'Changed details',
  'requests.event.add': 'Added to the timeline',
  'requests.event.remove': 'Removed from the timeline',
  'disclosures.create': 'Took in the disclosure',
  'disclosures.reveal': "Opened the source's identity",
  'documents.link': 'Linked a document',
  'documents.unlink': 'Unlinked a document',
  'productions.create': 'Made a production',
};

export function describeWhat(e: AuditEntry): string {
  if (e.entity === 'setting') return `Changed setting “${SETTING_LABELS[e.entityId] ?? e.entityId}”`;
  const label = ACTIONS[e.action];
  if (e.action === 'disclosures.reveal') {
    const a = (e.after ?? {}) as { outcome?: string; purpose?: string };
    return `${label}: ${a.outcome ?? ''}${a.purpose ? ` (${a.purpose})` : ''}`;
  }
  return label ? `${label}${e.entity === 'request' || e.entity === 'disclosure' ? '' : ` · ${e.entity} ${e.entityId}`}` : `${e.action} · ${e.entity} ${e.entityId}`;
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  return JSON.stringify(v);
}
