import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { dbPathIn } from '../../core/datadir.ts';
import { fails, ok, query, tamperWith, teamLoginOf, tempDir, testCore } from './helpers.ts';
import { cliWorkspace, runSunshine } from './cli-workspace.ts';
import { TABLES } from '../../db/tables.ts';
import { write } from './fixtures.ts';
import { safeStorageKeyHolder, keychainFile, type SafeStorageLike } from '../../core/disclosures/keychain.ts';
import { fakeSafeStorage } from './fake-safe-storage.ts';

const PASS = 'correct horse battery staple';
const NAME = 'Zelda Quorntree';
const CONTACT = 'zq-7781@protonmail.example';
const audits = async (core: Core) => (await query(core, 'SELECT count(*) FROM audit_log')).map((r) => Object.values(r)[0])[0] as number;

/**
 * Where the text is kept in the clear: files under the data folder (on SQLite its database, once
 * the WAL is written back into it), and on PostgreSQL any row of any table.
 */
async function storedInClear(core: Core, text: string): Promise<string[]> {
  if (core.workspace.kind === 'sqlite') core.store.checkpoint();
  const found = leaks(core.dataDir, text);
  if (core.workspace.kind === 'postgres') {
    for (const { name } of TABLES) {
      for (const row of await query(core, `SELECT * FROM ${name}`)) {
        const values = Object.values(row);
        if (values.some((v) => (Buffer.isBuffer(v) ? v.includes(text) || v.includes(Buffer.from(text, 'utf16le')) : JSON.stringify(v ?? '').includes(text)))) found.push(`table ${name}`);
      }
    }
  }
  return found;
}

/** Whether any file under the data folder holds the text, as UTF-8 or UTF-16. */
function leaks(dir: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => needles.some((n) => fs.readFileSync(f).includes(n)));
}

function intake(core: Core, extra: Record<string, unknown> = {}) {
  return core.invoke('disclosures.create', {
    received: '2026-11-20',
    channel: 'secure-drop',
    summary: 'Children released to a sponsor at a vacant warehouse address',
    agencies: ['ORR', 'ICE'],
    allegations: ['danger-to-health-or-safety', 'gross-mismanagement'],
    tags: ['child welfare'],
    retaliation: true,
    personnelAction: 'reassigned after raising concerns',
    identity: { name: NAME, contact: CONTACT, relation: 'employee', consent: 'confidential', mayShare: 'agency and office only' },
    passphrase: PASS,
    ...extra,
  } as never);
}

describe('disclosures and protected sources', () => {
  it('seal the source: no byte of the name or contact in the database, its WAL or the history, and reveal only with the passphrase, on the record', async () => {
    const core = await testCore();
    const d = await ok(intake(core));
    expect(d).toMatchObject({ reference: 'DIS-2026-0001', pseudonym: 'Source DIS-2026-0001', sourceOnFile: true, agencies: [{ abbreviation: 'ORR' }, { abbreviation: 'ICE' }] });
    expect(JSON.stringify(d)).not.toContain('Zelda');
    // On SQLite, before a checkpoint the rows are in the WAL; after it, in the main file: neither holds them.
    if (core.workspace.kind === 'sqlite') expect(fs.existsSync(`${dbPathIn(core.dataDir)}-wal`)).toBe(true);
    expect(await storedInClear(core, NAME)).toEqual([]);
    expect(await storedInClear(core, CONTACT)).toEqual([]);
    expect(await storedInClear(core, NAME)).toEqual([]);
    expect(await storedInClear(core, CONTACT)).toEqual([]);
    expect(await storedInClear(core, 'Quorntree')).toEqual([]);

    const before = await audits(core);
    const wrong = await fails(core.invoke('disclosures.reveal', { reference: d.reference, passphrase: 'not the one at all', purpose: 'check' }));
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/nothing was shown/) });
    expect(wrong.message).not.toContain('Zelda');
    expect(await audits(core)).toBe(before + 1);
    await ok(core.invoke('settings.update', { userName: 'Counsel R. Lee' }));
    const shown = await ok(core.invoke('disclosures.reveal', { reference: d.reference, passphrase: PASS, purpose: 'referral to OSC' }));
    expect(shown).toEqual({ name: NAME, contact: CONTACT, relation: 'employee', consent: 'confidential', mayShare: 'agency and office only' });
    const log = (await query(core, "SELECT actor, after FROM audit_log WHERE action = 'disclosures.reveal' ORDER BY seq")) as { actor: string; after: string }[];
    expect(log.map((l) => [l.actor, JSON.parse(l.after)])).toEqual([
      [expect.any(String), { outcome: 'refused: wrong passphrase', purpose: 'check', via: 'passphrase' }],
      // In a team workspace the actor is the login, whatever name was typed.
      [teamLoginOf(core) ?? 'Counsel R. Lee', { outcome: 'shown', purpose: 'referral to OSC', via: 'passphrase' }],
    ]);
    expect(await storedInClear(core, NAME)).toEqual([]);

    // The history export holds every row, with hashes, and nothing of the source.
    const exported = await ok(core.invoke('audit.export', { from: '2000-01-01', to: '2100-12-31' }));
    expect(exported.rows).toBe(await audits(core));
    expect(exported.csv.split('\r\n')[0]).toBe('\uFEFFseq,at,actor,os_user,action,entity,entity_id,before,after,prev_hash,hash');
    expect(exported.csv).toContain('disclosures.reveal');
    expect(exported.csv).not.toMatch(/Zelda|Quorntree|zq-7781/);
    expect((await ok(core.invoke('audit.export', { from: '2000-01-01', to: '2000-01-02' }))).rows).toBe(0);
    expect(await fails(core.invoke('audit.export', { from: '2026-02-01', to: '2026-01-01' }))).toMatchObject({ code: 'BAD_INPUT' });
  });

  it('detect a changed or moved sealed identity, and keep one passphrase per workspace', async () => {
    const core = await testCore();
    const a = await ok(intake(core));
    expect(await fails(intake(core, { passphrase: 'a different passphrase' }))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/nothing was saved/) });
    expect((await ok(core.invoke('disclosures.list', {}))).disclosures).toHaveLength(1);
    const b = await ok(intake(core, { identity: { name: 'Other Person' } }));

    // Moved: a's sealed identity copied onto b does not open (it is bound to a's reference).
    await tamperWith(core, 'UPDATE disclosure_identities SET nonce = (SELECT nonce FROM disclosure_identities WHERE disclosure_id = 1), ciphertext = (SELECT ciphertext FROM disclosure_identities WHERE disclosure_id = 1) WHERE disclosure_id = 2');
    expect(await fails(core.invoke('disclosures.reveal', { reference: b.reference, passphrase: PASS, purpose: 'check' }))).toMatchObject({ code: 'INTEGRITY' });
    // Changed by one byte.
    const [sealed] = await query<{ c: Buffer }>(core, 'SELECT ciphertext AS c FROM disclosure_identities WHERE disclosure_id = 1');
    const flipped = Buffer.from(sealed!.c);
    flipped[0] = flipped[0]! ^ 1;
    await tamperWith(core, 'UPDATE disclosure_identities SET ciphertext = ? WHERE disclosure_id = 1', [flipped]);
    expect(await fails(core.invoke('disclosures.reveal', { reference: a.reference, passphrase: PASS, purpose: 'check' }))).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/changed or damaged/) });
  });

  it('refuse incomplete intake with a clear message and nothing saved', async () => {
    const core = await testCore();
    const before = await audits(core);
    expect(await fails(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'pigeon', summary: 'x' } as never))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/channel/) });
    expect(await fails(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: '' }))).toMatchObject({ message: expect.stringMatching(/say what the disclosure is about/) });
    expect(await fails(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'x', identity: { name: NAME } } as never))).toMatchObject({
      message: expect.stringMatching(/sealed with the passphrase: give it/),
    });
    expect(await fails(intake(core, { passphrase: 'short' }))).toMatchObject({ message: expect.stringMatching(/at least 12 characters/) });
    expect(await fails(intake(core, { agencies: ['Nowhere Agency'] }))).toMatchObject({ message: expect.stringMatching(/no agency called/) });
    expect(await audits(core)).toBe(before);
  });

  it("link documents to a disclosure at import or later, and search within a disclosure's documents", async () => {
    const core = await testCore();
    const d = await ok(intake(core));
    const src = tempDir('sunshine-src-');
    write(src, 'photo-notes.txt', 'warehouse address on the release form');
    const r = await ok(core.invoke('documents.import', { paths: [src], disclosure: d.reference }));
    const id = r.files[0]!.documentId!;
    expect((await ok(core.invoke('documents.get', { id }))).disclosures).toEqual([d.reference]);
    expect((await ok(core.invoke('disclosures.get', { reference: d.reference }))).documents).toEqual([{ id, name: 'photo-notes.txt', type: 'text' }]);
    expect((await ok(core.invoke('documents.search', { query: 'warehouse', disclosure: d.reference }))).total).toBe(1);
    await ok(core.invoke('documents.unlink', { id, disclosure: d.reference }));
    expect((await ok(core.invoke('documents.search', { query: 'warehouse', disclosure: d.reference }))).total).toBe(0);
    // The document's own history says so too.
    expect((await ok(core.invoke('review.get', { id }))).history.map((h) => h.what)).toEqual(['added', `linked to ${d.reference}`, `unlinked from ${d.reference}`]);
    expect(await fails(core.invoke('documents.link', { id, disclosure: 'DIS-2026-0099' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('edit fields and status, recording only what changed; an unchanged save records nothing', async () => {
    const core = await testCore();
    const d = await ok(intake(core));
    const before = await audits(core);
    const same = await ok(core.invoke('disclosures.update', { reference: d.reference, patch: { summary: d.summary, status: 'intake' } }));
    expect(same.updatedAt).toBe(d.updatedAt);
    expect(await audits(core)).toBe(before);
    const e = await ok(core.invoke('disclosures.update', { reference: d.reference.toLowerCase(), patch: { status: 'investigating', assignee: 'M. Ortiz', agencies: ['ICE'], pseudonym: 'Warehouse source' } }));
    expect(e).toMatchObject({ status: 'investigating', assignee: 'M. Ortiz', agencies: [{ abbreviation: 'ICE' }], pseudonym: 'Warehouse source', summary: d.summary });
    const row = (await query(core, "SELECT before, after FROM audit_log WHERE action = 'disclosures.update'"))[0] as { before: string; after: string };
    expect(Object.keys(JSON.parse(row.after)).sort()).toEqual(['agencies', 'assignee', 'pseudonym', 'status']);
    expect(JSON.parse(row.before)).toMatchObject({ status: 'intake', assignee: '' });
    expect(await fails(core.invoke('disclosures.update', { reference: d.reference, patch: { status: 'lost' } } as never))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/status/) });
    expect(await fails(core.invoke('disclosures.update', { reference: d.reference, patch: { pseudonym: '  ' } }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/pseudonym/) });
    expect(await fails(core.invoke('disclosures.update', { reference: 'DIS-2020-0404', patch: { status: 'closed' } }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ok(core.invoke('disclosures.get', { reference: d.reference }))).status).toBe('investigating');
  });

  it('keep a timeline of contacts and link the requests a disclosure led to, on both histories', async () => {
    const core = await testCore();
    const d = await ok(intake(core));
    await ok(core.invoke('disclosures.addContact', { reference: d.reference, on: '2026-11-24', kind: 'phone', direction: 'to-source', summary: 'Asked for the release forms' }));
    const c = await ok(core.invoke('disclosures.addContact', { reference: d.reference, on: '2026-11-21', kind: 'secure-message', summary: 'Sent two release forms' }));
    expect(c.contacts.map((x) => [x.on, x.kind, x.direction, x.summary])).toEqual([
      ['2026-11-21', 'secure-message', 'from-source', 'Sent two release forms'],
      ['2026-11-24', 'phone', 'to-source', 'Asked for the release forms'],
    ]);
    expect(await fails(core.invoke('disclosures.addContact', { reference: d.reference, on: '2026-02-30', kind: 'phone', summary: 'x' }))).toMatchObject({ code: 'BAD_INPUT' });
    expect(await fails(core.invoke('disclosures.addContact', { reference: d.reference, on: '2026-11-25', kind: 'phone', summary: ' ' }))).toMatchObject({ message: expect.stringMatching(/say what/) });

    const req = await ok(core.invoke('requests.create', { kind: 'oversight-letter', agency: 'ORR', subject: 'Sponsor vetting records' } as never));
    const linked = await ok(core.invoke('disclosures.linkRequest', { reference: d.reference, request: req.reference }));
    expect(linked.requests).toEqual([{ reference: req.reference, subject: 'Sponsor vetting records', status: expect.any(String), agency: 'ORR' }]);
    expect((await ok(core.invoke('requests.get', { reference: req.reference }))).disclosures).toEqual([{ reference: d.reference, status: 'intake', receivedOn: '2026-11-20' }]);
    const onRequest = await ok(core.invoke('audit.list', { entity: 'request', entityId: req.reference }));
    expect(onRequest.entries.map((e) => e.action)).toContain('disclosures.linkRequest');
    // Linking twice changes nothing; unlinking removes it from both sides.
    const n = await audits(core);
    await ok(core.invoke('disclosures.linkRequest', { reference: d.reference, request: req.reference }));
    expect(await audits(core)).toBe(n);
    await ok(core.invoke('disclosures.unlinkRequest', { reference: d.reference, request: req.reference }));
    expect((await ok(core.invoke('requests.get', { reference: req.reference }))).disclosures).toEqual([]);
    expect(await fails(core.invoke('disclosures.linkRequest', { reference: d.reference, request: 'REQ-1999-0001' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("a referral that keeps the identity here quotes the source's limit when the passphrase is given, and goes ahead without it", async () => {
    const core = await testCore();
    const limit = "not to be shared with the agency's OIG";
    const d = await ok(intake(core, { identity: { name: NAME, consent: 'consented', mayShare: limit } }));
    const toOig = { reference: d.reference, on: '2026-11-26', recipientKind: 'inspector-general' as const, recipient: 'HHS OIG' };
    const checked = await ok(core.invoke('disclosures.refer', { ...toOig, passphrase: PASS }));
    expect(checked).toMatchObject({ referred: false, warnings: [`Consent: “${limit}” — check that this referral keeps to it.`] });
    const went = await ok(core.invoke('disclosures.refer', { ...toOig, passphrase: PASS, despiteWarnings: true }));
    expect(went.disclosure.referrals[0]!.warnings).toEqual([expect.stringMatching(/drawn from the source's sealed consent/)]);
    expect(await storedInClear(core, limit)).toEqual([]);
    // Not sharing and no passphrase: nothing sealed is opened, nothing is quoted.
    expect(await ok(core.invoke('disclosures.refer', { ...toOig, recipient: 'GAO' }))).toMatchObject({ referred: true, warnings: [] });
  });

  it('refer onward: a referral without a recipient is refused, and sharing the identity is checked against the sealed consent', async () => {
    const core = await testCore();
    const d = await ok(intake(core)); // consent: confidential
    const base = { reference: d.reference, on: '2026-11-26', recipientKind: 'inspector-general' as const };
    const n0 = await audits(core);
    for (const recipient of [undefined, '', '   ']) {
      const e = await fails(core.invoke('disclosures.refer', { ...base, ...(recipient === undefined ? {} : { recipient }) } as never));
      expect(e).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/a referral needs a recipient/) });
    }
    expect(await audits(core)).toBe(n0);

    // Not sharing the identity: no passphrase needed, no warning; the status follows.
    const plain = await ok(core.invoke('disclosures.refer', { ...base, recipient: 'DHS OIG', caseNumber: 'OIG-26-0113' }));
    expect(plain.referred).toBe(true);
    expect(plain.disclosure.status).toBe('referred');
    expect(plain.disclosure.referrals).toMatchObject([{ recipient: 'DHS OIG', caseNumber: 'OIG-26-0113', sharesIdentity: false, warnings: [] }]);

    // Sharing it needs the passphrase (the consent is sealed) …
    const share = { ...base, recipientKind: 'osc' as const, recipient: 'Office of Special Counsel', sharesIdentity: true };
    expect(await fails(core.invoke('disclosures.refer', share))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/^passphrase: the source's consent, and any limit they set on who may be told, is sealed with their identity — give the passphrase/) });
    expect(await fails(core.invoke('disclosures.refer', { ...share, passphrase: 'wrong wrong wrong' }))).toMatchObject({ code: 'UNAUTHORIZED' });
    // … and a confidential source without consent on file is a warning, quoting the limit they set: nothing saved unless the referrer goes ahead.
    const warned = await ok(core.invoke('disclosures.refer', { ...share, passphrase: PASS }));
    expect(warned.referred).toBe(false);
    expect(warned.warnings).toEqual([expect.stringMatching(/The source is confidential/), 'Consent: “agency and office only” — check that this referral keeps to it.', expect.stringMatching(/No written consent/)]);
    expect(warned.warnings.join(' ')).not.toMatch(/Zelda|Quorntree|protonmail/);
    expect((await ok(core.invoke('disclosures.get', { reference: d.reference }))).referrals).toHaveLength(1);
    const checks = (await query(core, "SELECT after FROM audit_log WHERE action = 'disclosures.consentCheck' ORDER BY seq")).map((r) => Object.values(r)[0]) as string[];
    expect(checks.map((c) => (JSON.parse(c) as { outcome: string }).outcome)).toEqual(['refused: wrong passphrase', 'checked, not shown']);
    const went = await ok(core.invoke('disclosures.refer', { ...share, passphrase: PASS, despiteWarnings: true }));
    expect(went.referred).toBe(true);
    // What is kept with it (in the clear, and in the history) says there was a warning from the sealed consent, never what it said.
    expect(went.disclosure.referrals[1]).toMatchObject({
      recipient: 'Office of Special Counsel',
      sharesIdentity: true,
      consentOnFile: false,
      warnings: [expect.stringMatching(/drawn from the source's sealed consent/), expect.stringMatching(/drawn from the source's sealed consent/), expect.stringMatching(/No written consent/)],
    });
    expect(await storedInClear(core, 'agency and office only')).toEqual([]);
    expect(await storedInClear(core, 'confidential')).toEqual([]);
    expect(await storedInClear(core, 'agreed to be known')).toEqual([]);

    // Consent given: no warning once the consent form is on file.
    await ok(core.invoke('disclosures.setIdentity', { reference: d.reference, passphrase: PASS, identity: { name: NAME, contact: CONTACT, relation: 'employee', consent: 'consented', mayShare: '' } }));
    const clean = await ok(core.invoke('disclosures.refer', { ...share, recipient: 'GAO FAIS', recipientKind: 'gao', consentOnFile: true, passphrase: PASS }));
    expect(clean).toMatchObject({ referred: true, warnings: [] });
    const updated = await ok(core.invoke('disclosures.setReferralCase', { reference: d.reference, referral: clean.disclosure.referrals[2]!.id, caseNumber: 'GAO-108' }));
    expect(updated.referrals[2]!.caseNumber).toBe('GAO-108');
    expect(await fails(core.invoke('disclosures.setReferralCase', { reference: d.reference, referral: 9999, caseNumber: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
    // The re-sealed identity opens with the new consent, and still nothing in the clear anywhere.
    expect((await ok(core.invoke('disclosures.reveal', { reference: d.reference, passphrase: PASS, purpose: 'check' }))).consent).toBe('consented');
    expect(await storedInClear(core, NAME)).toEqual([]);
  });
});

describe('guessing the passphrase', () => {
  it('is on the record wherever a passphrase is asked for, and nothing is saved', async () => {
    const core = await testCore();
    const d = await ok(intake(core));
    const refusals = async () => (await query(core, "SELECT action FROM audit_log WHERE after LIKE '%refused: wrong passphrase%' ORDER BY seq")).map((r) => Object.values(r)[0]);
    const wrong = 'a guess, a long guess';
    expect(await fails(core.invoke('disclosures.setIdentity', { reference: d.reference, passphrase: wrong, identity: { name: 'Someone Else' } }))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/in the history/) });
    expect(await fails(intake(core, { passphrase: wrong }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await fails(core.invoke('disclosures.reveal', { reference: d.reference, passphrase: wrong, purpose: 'check' }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await refusals()).toEqual(['disclosures.identity', 'disclosures.create', 'disclosures.reveal']);
    expect((await ok(core.invoke('disclosures.list', {}))).disclosures).toHaveLength(1);
    expect((await ok(core.invoke('disclosures.reveal', { reference: d.reference, passphrase: PASS, purpose: 'check' }))).name).toBe(NAME);
  });
});

describe("the passphrase in this computer's keychain", () => {
  it('is kept sealed in its own file beside the database, only where a real keychain exists', () => {
    const dir = tempDir();
    expect(safeStorageKeyHolder(fakeSafeStorage('basic_text'), dir, 'linux').available()).toBe(false);
    expect(safeStorageKeyHolder(fakeSafeStorage('gnome_libsecret'), dir, 'linux').available()).toBe(true);
    const holder = safeStorageKeyHolder(fakeSafeStorage(), dir, 'darwin');
    expect(holder.load()).toBeNull();
    holder.save(PASS);
    expect(holder.load()).toBe(PASS);
    expect(fs.readFileSync(keychainFile(dir)).includes(Buffer.from(PASS))).toBe(false);
    expect(fs.statSync(keychainFile(dir)).mode & 0o777).toBe(0o600);
    fs.writeFileSync(keychainFile(dir), 'damaged');
    expect(holder.load()).toBeNull();
    holder.forget();
    expect(fs.existsSync(keychainFile(dir))).toBe(false);
  });

  it('opens sources only after being checked and remembered, every use on the record, and can be forgotten', async () => {
    const data = tempDir();
    const core = await testCore({ dataDir: data, keychain: safeStorageKeyHolder(fakeSafeStorage(), data, 'darwin') });
    try {
      expect(await ok(core.invoke('identity.keychain', {}))).toEqual({ available: true, remembered: false, passphraseSet: false, ownKeys: false, officePassphraseSet: false });
      expect(await fails(core.invoke('identity.remember', { passphrase: PASS }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no passphrase is set yet/) });
      const d = await ok(intake(core));
      expect(await fails(core.call('disclosures.reveal', { reference: d.reference, useKeychain: true }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^purpose: say why the source is being opened/) });
      expect(await fails(core.invoke('disclosures.reveal', { reference: d.reference, useKeychain: true, purpose: '  ' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^purpose: say why/) });
      expect(await fails(core.invoke('disclosures.reveal', { reference: d.reference, useKeychain: true, purpose: 'call back' }))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/remembers no passphrase/) });
      expect(await fails(core.invoke('identity.remember', { passphrase: 'not it, not it at all' }))).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(fs.existsSync(keychainFile(data))).toBe(false);
      expect(await ok(core.invoke('identity.remember', { passphrase: PASS }))).toEqual({ available: true, remembered: true, passphraseSet: true, ownKeys: false, officePassphraseSet: true });

      expect(await fails(core.invoke('disclosures.reveal', { reference: d.reference, useKeychain: true, passphrase: PASS, purpose: 'call back' }))).toMatchObject({ code: 'BAD_INPUT' });
      expect((await ok(core.invoke('disclosures.reveal', { reference: d.reference, useKeychain: true, purpose: 'call back' }))).name).toBe(NAME);
      const checked = await ok(core.invoke('disclosures.refer', { reference: d.reference, on: '2026-11-27', recipientKind: 'osc', recipient: 'OSC', sharesIdentity: true, useKeychain: true }));
      expect(checked.warnings[0]).toMatch(/The source is confidential/);
      const rows = (await query(core, "SELECT action, after FROM audit_log WHERE action IN ('disclosures.reveal', 'disclosures.consentCheck', 'identity.remember') ORDER BY seq")) as { action: string; after: string }[];
      expect(rows.map((r) => [r.action, JSON.parse(r.after)])).toEqual([
        ['disclosures.reveal', { outcome: 'refused: nothing remembered on this computer', purpose: 'call back', via: 'keychain' }],
        ['identity.remember', { outcome: 'refused: wrong passphrase' }],
        ['identity.remember', { remembered: "in this computer's keychain" }],
        ['disclosures.reveal', { outcome: 'shown', purpose: 'call back', via: 'keychain' }],
        ['disclosures.consentCheck', { outcome: 'checked, not shown', purpose: 'referral to OSC', via: 'keychain' }],
      ]);
      // Neither the database nor a backup holds the passphrase; the backup does not take the keychain's file.
      expect(await storedInClear(core, PASS)).toEqual([]);
      const b = await ok(core.invoke('app.backup', { out: tempDir('sunshine-backups-') }));
      // The database (a data folder's file, a team workspace's rows) and its manifest: no keychain file.
      expect(fs.readdirSync(b.folder).sort()).toEqual(core.workspace.kind === 'sqlite' ? ['manifest.json', 'sunshine.db'] : ['manifest.json', 'tables']);

      expect(await ok(core.invoke('identity.forget', {}))).toMatchObject({ remembered: false });
      expect(await fails(core.invoke('disclosures.reveal', { reference: d.reference, useKeychain: true, purpose: 'call back' }))).toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      core.close();
    }
  });

  it('says whether one is remembered without opening it', async () => {
    const data = tempDir();
    let opened = 0;
    const safe = fakeSafeStorage();
    const counting: SafeStorageLike = { ...safe, decryptString: (b) => (opened++, safe.decryptString(b)) };
    const core = await testCore({ dataDir: data, keychain: safeStorageKeyHolder(counting, data, 'darwin') });
    try {
      await ok(intake(core));
      expect(await ok(core.invoke('identity.remember', { passphrase: PASS }))).toMatchObject({ remembered: true });
      expect(await ok(core.invoke('identity.keychain', {}))).toMatchObject({ remembered: true });
      expect(await ok(core.invoke('identity.forget', {}))).toMatchObject({ remembered: false });
      expect(await ok(core.invoke('identity.keychain', {}))).toMatchObject({ remembered: false });
      expect(opened).toBe(0);
      // Forgetting was on the record: the check saw the sealed file without opening it.
      expect((await query(core, "SELECT count(*) FROM audit_log WHERE action = 'identity.forget'")).map((r) => Object.values(r)[0])[0]).toBe(1);
    } finally {
      core.close();
    }
  });

  it('is refused with a clear message where there is no keychain (the CLI, browser mode)', async () => {
    const core = await testCore();
    await ok(intake(core));
    expect(await ok(core.invoke('identity.keychain', {}))).toEqual({ available: false, remembered: false, passphraseSet: true, ownKeys: false, officePassphraseSet: true });
    expect(await fails(core.invoke('identity.remember', { passphrase: PASS }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no keychain/) });
  });
});

describe('sunshine disclosures', () => {
  it('adds with the identity from an owner-only file and the passphrase from SUNSHINE_PASSPHRASE, shows by pseudonym, and prints the identity only with --reveal', async () => {
    const ws = await cliWorkspace();
    const run = (env: Record<string, string>, ...args: string[]) => runSunshine(ws, args, { env });
    const source = path.join(tempDir(), 'source.json');
    fs.writeFileSync(source, JSON.stringify({ name: NAME, contact: CONTACT }), { mode: 0o600 });
    const added = run({ SUNSHINE_PASSPHRASE: PASS }, 'disclosures', 'add', '--received', '2026-11-20', '--channel', 'phone', '--summary', 'Sponsor vetting skipped', '--agency', 'ORR', '--source-from', source);
    expect(added).toMatchObject({ code: 0, out: 'Added DIS-2026-0001 (Source DIS-2026-0001).\n', err: '' });
    const shown = run({}, '--json', 'disclosures', 'show', 'DIS-2026-0001');
    expect(shown.code).toBe(0);
    expect(shown.out).not.toContain('Zelda');
    expect(JSON.parse(shown.out)).toMatchObject({ pseudonym: 'Source DIS-2026-0001', sourceOnFile: true });
    expect(run({}, 'disclosures', 'list').out).toMatch(/^DIS-2026-0001 {2}2026-11-20 {2}intake {8}Source DIS-2026-0001: Sponsor vetting skipped/);
    // Without a reason nothing is asked and nothing is opened.
    expect(run({ SUNSHINE_PASSPHRASE: PASS }, 'disclosures', 'show', 'DIS-2026-0001', '--reveal')).toMatchObject({ code: 2, err: expect.stringMatching(/--purpose: say why the source is being opened/) });
    expect(run({ SUNSHINE_PASSPHRASE: 'wrong wrong wrong' }, 'disclosures', 'show', 'DIS-2026-0001', '--reveal', '--purpose', 'check')).toMatchObject({ code: 2, err: expect.stringMatching(/nothing was shown/) });
    expect(run({ SUNSHINE_PASSPHRASE: PASS }, 'disclosures', 'show', 'DIS-2026-0001', '--reveal', '--purpose', 'referral').out).toContain(`Identity: ${NAME}, ${CONTACT} — employee, consent: confidential`);
  });

  it('updates, keeps the contact timeline, links a request and refers, stopping at consent warnings unless told to go ahead', async () => {
    const ws = await cliWorkspace();
    const run = (env: Record<string, string>, ...args: string[]) => runSunshine(ws, args, { env });
    const env = { SUNSHINE_PASSPHRASE: PASS };
    const source = path.join(tempDir(), 'source.json');
    fs.writeFileSync(source, JSON.stringify({ name: NAME, consent: 'anonymous' }), { mode: 0o600 });
    run(env, 'disclosures', 'add', '--received', '2026-11-20', '--channel', 'phone', '--summary', 'Sponsor vetting skipped', '--source-from', source);
    run({}, 'requests', 'add', '--kind', 'oversight-letter', '--agency', 'ORR', '--subject', 'Sponsor vetting');
    expect(run({}, 'disclosures', 'update', 'DIS-2026-0001', '--status', 'under-review', '--assignee', 'M. Ortiz')).toMatchObject({ code: 0, out: expect.stringMatching(/under-review, M\. Ortiz/) });
    expect(run({}, 'disclosures', 'contact', 'DIS-2026-0001', '--on', '2026-11-22', '--kind', 'phone', '--summary', 'Follow-up call', '--to-source').out).toContain('2026-11-22  phone, to the source: Follow-up call');
    expect(run({}, 'disclosures', 'link', 'DIS-2026-0001', '--request', 'REQ-2026-0001').out).toContain('Request REQ-2026-0001 (ORR): Sponsor vetting');
    expect(run({}, 'disclosures', 'refer', 'DIS-2026-0001', '--kind', 'osc')).toMatchObject({ code: 2, err: expect.stringMatching(/--to/) });
    const warned = run(env, 'disclosures', 'refer', 'DIS-2026-0001', '--to', 'Office of Special Counsel', '--kind', 'osc', '--on', '2026-11-27', '--shares-identity');
    expect(warned).toMatchObject({ code: 1, err: expect.stringMatching(/warning: The source is anonymous/), out: expect.stringMatching(/^Not referred/) });
    expect(warned.err + warned.out).not.toContain('Zelda');
    const went = run(env, 'disclosures', 'refer', 'DIS-2026-0001', '--to', 'Office of Special Counsel', '--kind', 'osc', '--on', '2026-11-27', '--shares-identity', '--despite-warnings', '--case', 'DI-27-0004');
    expect(went).toMatchObject({ code: 0, out: 'Referred DIS-2026-0001 to Office of Special Counsel.\n' });
    const shown = run({}, 'disclosures', 'show', 'DIS-2026-0001').out;
    expect(shown).toMatch(/2026-11-27 {2}referred to Office of Special Counsel, case DI-27-0004, identity shared — went ahead past 2 warnings/);
    expect(shown).toContain('referred, M. Ortiz');
  });
});
