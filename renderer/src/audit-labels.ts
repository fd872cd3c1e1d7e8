/** Plain-language wording for history rows; unknown actions fall back to their raw names. */
import type { AuditEntry } from '../../core/api.ts';
import { EVENT_LABELS, type EventType } from '../../core/shared/vocabulary.ts';
import { shownPlace } from './format.ts';

const SETTING_LABELS: Record<string, string> = {
  userName: 'Your name',
  officeName: 'Office or committee',
  theme: 'Appearance',
  ocrEnabled: 'Read scanned pages in the background',
  backupEveryHours: 'Back up every (hours)',
  backupKeep: 'Backups kept',
  backupFolder: 'Backup folder',
  officeTimeZone: 'Office time zone',
  workspaceId: "This workspace's id (given at its first backup)",
};

/** Field names whose generic spelling ("due tz") would not read as words. */
const FIELD_LABELS: Record<string, string> = {
  dueTz: 'due time zone',
  due_tz: 'due time zone',
  dueAt: 'due',
  due_at: 'due',
  dueAsap: 'due as soon as possible',
  due_asap: 'due as soon as possible',
};

const ACTIONS: Record<string, string> = {
  'requests.create': 'Logged the request',
  'requests.update': 'Changed details',
  'requests.event.add': 'Added to the timeline',
  'requests.event.remove': 'Removed from the timeline',
  'requests.tracking': 'Changed tracking numbers',
  'disclosures.create': 'Took in the disclosure',
  'disclosures.reveal': "Opened the source's identity",
  'disclosures.consentCheck': "Checked the source's consent",
  'disclosures.update': 'Changed details',
  'disclosures.identity': "Changed the sealed identity",
  'disclosures.contact': 'Added a contact',
  'disclosures.refer': 'Referred',
  'disclosures.referralCase': 'Recorded a case number',
  'disclosures.linkRequest': 'Linked',
  'disclosures.unlinkRequest': 'Unlinked',
  'disclosure.grant': 'Granted access',
  'disclosure.revokeGrant': 'Revoked access',
  'documents.link': 'Linked a document',
  'documents.unlink': 'Unlinked a document',
  'productions.create': 'Made a production',
  'app.backup': 'Backed up',
  'identity.remember': "Remembered the sources' passphrase in this computer's keychain",
  'identity.forget': "Forgot the sources' passphrase on this computer",
  'identity.passphrase': "Changed the sources' passphrase",
  'identity.upgrade': "Re-sealed the sources at today's key strength",
  'app.restore': 'Restored a backup',
};

/** A short value as shown in a change; null when it is not short and simple (a list, an object). Amounts kept in cents show as dollars. */
function plain(v: unknown, cents: boolean): string | null {
  if (cents && typeof v === 'number') return `$${(v / 100).toFixed(2)}`;
  return v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? describeValue(v) : null;
}

/** "status: intake → referred; assignee" — values shown when short and simple, the field named otherwise. */
function changes(before: Record<string, unknown>, after: Record<string, unknown>): string {
  return Object.keys(after)
    .map((k) => {
      const cents = k.endsWith('Cents');
      const [b, a] = [plain(before[k], cents), plain(after[k], cents)];
      const field = FIELD_LABELS[k] ?? (cents ? k.slice(0, -'Cents'.length) : k)
        .replace(/_/g, ' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase();
      return b !== null && a !== null && b.length + a.length < 60 ? `${field}: ${b} → ${a}` : field;
    })
    .join('; ');
}

/**
 * Who made a change: the display name, and the operating-system account
 * beside it when it says something more (the display name is whatever a
 * window last saved; the account is recorded by the app and cannot be).
 */
export { whoDid } from '../../core/shared/who.ts';

const str0 = (v: unknown): string => (typeof v === 'string' ? v : '');

export function describeWhat(e: AuditEntry): string {
  if (e.action === 'settings.displayName') return `Display name: ${describeValue(e.before)} → ${describeValue(e.after)}`;
  // A member's own name in a team workspace (whose login the Who column gives), read as a data folder's name change is.
  if (e.action === 'team.displayName') return `Display name: ${str0((e.before as { displayName?: unknown } | null)?.displayName)} → ${str0((e.after as { displayName?: unknown } | null)?.displayName)}`;
  if (e.action === 'team.grant') {
    const was = str0((e.before as { role?: unknown } | null)?.role);
    return `${was ? `Changed ${e.entityId}'s role from ${was} to` : `Granted ${e.entityId} the role`} ${str0((e.after as { role?: unknown } | null)?.role)}`;
  }
  if (e.action === 'team.revoke') return `Took ${e.entityId}'s role (${str0((e.before as { role?: unknown } | null)?.role)}) away`;
  if (e.action === 'team.forbidden') {
    const a = (e.after ?? {}) as { role?: unknown; needed?: unknown };
    return `Refused ${e.entityId}: ${a.role ? `a ${str0(a.role)}` : 'not a member'}, needs ${str0(a.needed)}`;
  }
  if (e.entity === 'setting') return `Changed setting “${SETTING_LABELS[e.entityId] ?? e.entityId}”`;
  const label = ACTIONS[e.action];
  const after = (e.after ?? {}) as Record<string, unknown>;
  const before = (e.before ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (e.action) {
    case 'disclosures.reveal':
    case 'disclosures.consentCheck':
      return `${label}: ${str(after.outcome)}${after.purpose ? ` (${str(after.purpose)})` : ''}`;
    case 'requests.event.add':
    case 'requests.event.remove': {
      const ev = e.action === 'requests.event.add' ? after : before;
      const kind = EVENT_LABELS[str(ev.type) as EventType] ?? str(ev.type);
      return `${label}: ${kind.toLowerCase()}${ev.date ? ` on ${str(ev.date)}` : ''}`;
    }
    case 'requests.update':
    case 'disclosures.update':
      return `${label}: ${changes(before, after)}`;
    case 'disclosures.contact':
      return `${label}: ${str(after.kind).replace(/-/g, ' ')} on ${str(after.contacted_on)}`;
    case 'disclosures.refer': {
      const warned = Array.isArray(after.warnings) ? after.warnings.length : 0;
      return `${label} to ${str(after.recipient)}${after.shares_identity ? ', identity shared' : ''}${warned ? `, past ${warned} consent warning${warned === 1 ? '' : 's'}` : ''}`;
    }
    case 'disclosures.referralCase':
      return `${label}: ${str(after.case_number) || '(none)'}`;
    case 'disclosure.grant':
      return `${label} to ${str(after.login)}`;
    case 'disclosure.revokeGrant':
      return `${label} of ${str(before.login)}`;
    case 'disclosures.linkRequest':
    case 'disclosures.unlinkRequest': {
      const other = { ...before, ...after };
      return `${label} ${other.request ? `request ${str(other.request)}` : `disclosure ${str(other.disclosure)}`}`;
    }
  }
  return label ? `${label}${e.entity === 'request' || e.entity === 'disclosure' ? '' : ` · ${e.entity} ${e.entityId}`}` : `${e.action} · ${e.entity} ${e.entityId}`;
}

/** A history value as shown: a place on disk (a production's or a backup's folder) by its own name only, as everywhere in the window. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v === '' ? '(empty)' : shownPlace(v);
  return JSON.stringify(v, (_key, value: unknown) => (typeof value === 'string' ? shownPlace(value) : value));
}
