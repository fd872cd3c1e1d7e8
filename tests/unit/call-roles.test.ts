import { describe, expect, it } from 'vitest';
import { api } from '../../core/api.ts';
import type { CallMeta } from '../../core/contract.ts';
import { neededRole, refusal } from '../../core/team/call-roles.ts';

/**
 * Every call, by the least role a member of a team workspace needs to make it. A new call lands
 * here by its default (a viewer for a read, counsel for a change) and fails this test until it is
 * listed: whoever adds it decides on purpose who may make it.
 */
const BY_ROLE = {
  viewer: [
    'agencies.list', 'app.backups', 'app.status', 'app.verify', 'audit.export', 'audit.list', 'calendar.exportIcs', 'closures.list',
    'dashboard.summary', 'deadlines.compute', 'disclosures.get', 'disclosures.list', 'documents.byBates', 'documents.exportResults',
    'documents.get', 'documents.grid', 'documents.list', 'documents.original', 'documents.page', 'documents.pageImage',
    'documents.pageWords', 'documents.piiHits', 'documents.saveCopy', 'documents.search', 'documents.sheet', 'documents.termReport',
    'documents.thread', 'identity.keychain', 'jobs.cancel', 'pii.list', 'pii.patterns', 'productions.list', 'received.get',
    'received.inspect', 'received.list', 'redactions.findHits', 'redactions.list', 'requests.exportCsv', 'requests.get',
    'requests.list', 'review.get', 'searches.list', 'settings.get', 'keys.mine',
    'review.batches', 'review.leaseOf', 'review.myBatch', 'review.nextInBatch',
    // Any member names themselves; the handler keeps the workspace's own settings to admins.
    'settings.update',
    'tags.list', 'team.users',
    // One's own key pair: any member may make one, change its passphrase and share what it holds.
    'keys.create', 'keys.changePassphrase', 'keys.share',
    // Decided by the handler: an admin, or the disclosure's assignee; one who cannot see it is told it is not there.
    'disclosures.grant', 'disclosures.revokeGrant',
  ],
  reviewer: [
    'documents.readAgain', 'pii.scan', 'redactions.add', 'redactions.applyHits', 'redactions.remove', 'redactions.undoBatch',
    'review.lease', 'review.release', 'review.set', 'searches.delete', 'searches.save', 'tags.apply', 'tags.create', 'tags.delete', 'tags.update',
  ],
  counsel: [
    'agencies.create', 'agencies.importCsv', 'agencies.update', 'closures.add', 'closures.remove', 'disclosures.addContact',
    'disclosures.create', 'disclosures.linkRequest', 'disclosures.refer', 'disclosures.reveal', 'disclosures.setIdentity',
    'disclosures.setReferralCase', 'disclosures.unlinkRequest', 'disclosures.update', 'documents.import', 'documents.link',
    'documents.rethread', 'documents.runOcr', 'documents.unlink', 'identity.forget', 'identity.remember', 'pii.setPatterns',
    'productions.create', 'productions.plan', 'received.import', 'redactions.approve', 'requests.addEvent', 'requests.create',
    'requests.importCsv', 'requests.removeEvent', 'requests.update',
    'review.deleteBatch', 'review.makeBatches', 'review.reassignBatch',
  ],
  admin: [
    'app.backup', 'app.backupNow', 'app.restore', 'app.restorePreview', 'app.setBackupFolder', 'identity.changePassphrase',
    'team.grant', 'team.revoke',
  ],
};

describe('who may make each call', () => {
  it('every call has the role listed here', () => {
    const actual: Record<string, string[]> = { viewer: [], reviewer: [], counsel: [], admin: [] };
    for (const [name, def] of Object.entries(api)) actual[neededRole(def as CallMeta)]!.push(name);
    for (const names of Object.values(actual)) names.sort();
    const listed = Object.fromEntries(Object.entries(BY_ROLE).map(([r, names]) => [r, [...names].sort()]));
    expect(actual).toEqual(listed);
  });

  it('every call that changes data needs more than a viewer, but for those whose handlers decide who', () => {
    // One's own name and key; a disclosure's access, granted by an admin or its assignee (checked in the handler).
    const handlerDecides = new Set(['settings.update', 'keys.create', 'keys.changePassphrase', 'keys.share', 'disclosures.grant', 'disclosures.revokeGrant']);
    const loose = Object.entries(api).filter(([name, def]) => (def as CallMeta).mutates && neededRole(def as CallMeta) === 'viewer' && !handlerDecides.has(name));
    expect(loose.map(([n]) => n)).toEqual([]);
  });

  it('a refusal says what the person is, what the call needs and what to do', () => {
    const why = refusal('requests.create', api['requests.create'], 'reviewer', 'aruiz');
    expect(why).toBe('You are a reviewer in this workspace; “Log a request, letter or subpoena” (requests.create) needs counsel or an admin. Ask an admin to change your role.');
    expect(refusal('requests.create', api['requests.create'], 'counsel', 'aruiz')).toBeNull();
    expect(refusal('team.grant', api['team.grant'], 'counsel', 'aruiz')).toContain('needs an admin');
    expect(refusal('review.set', api['review.set'], 'viewer', 'aruiz')).toContain('You are a viewer');
  });

  it('a login that is no member is told to ask for a grant, by its name', () => {
    expect(refusal('requests.list', api['requests.list'], null, 'zed')).toBe(
      'Your login zed is not a member of this workspace: ask an admin to run `sunshine team grant zed <role>`.',
    );
  });
});
