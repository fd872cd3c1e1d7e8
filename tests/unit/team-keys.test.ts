/**
 * Sources without a shared passphrase in a team workspace: each member's own key pair, a key per
 * disclosure wrapped for whoever may reveal it, sharing with colleagues granted it, rotation after
 * a revoke, and a data folder copied in with its sealed sources. Real logins (team-helpers.ts);
 * key pairs made at a cheap scrypt cost as the identity tests do, except where keys.create is tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { copyWorkspace } from '../../core/index.ts';
import { fingerprint, newUserKey, openUserKey, unwrapWith } from '../../core/disclosures/key-crypto.ts';
import { openIdentity } from '../../core/disclosures/identity.ts';
import { addWaiting, insertUserKey } from '../../db/user-keys.ts';
import { fails, ok, query, tempDir, testCore } from './helpers.ts';
import { freshPgDatabase, pgAdmin, pgServer, pgSkipReason, pgUrl } from './pg-helpers.ts';
import { createLogin, teamWorkspace, type Staffer } from './team-helpers.ts';
import { openCore } from '../../core/index.ts';
import { openSources } from '../../core/productions/source-gate.ts';
import { keychainFile, safeStorageKeyHolder, teamKeychainDir, type SafeStorageLike } from '../../core/disclosures/keychain.ts';

const d = pgSkipReason ? describe.skip : describe;
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const ADMIN_PASS = 'the admin keeps this one';
const ANA_PASS = 'ana has her own passphrase';
const OFFICE = 'correct horse battery staple';
const SOURCE = { name: 'Zelda Quorntree', contact: 'zq@example.org', relation: 'employee', consent: 'confidential', mayShare: 'the office only' } as const;

/** A key pair for this member, made at a cheap cost, through their own core. */
async function giveKey(s: Staffer, pass: string): Promise<void> {
  const k = newUserKey(s.login, pass, CHEAP);
  await s.core.workspace.write(s.login, (w) => insertUserKey(w, s.login, k, fingerprint(k.public_key)));
}

const intake = (core: Core, passphrase: string) =>
  core.invoke('disclosures.create', { received: '2026-11-20', channel: 'phone', summary: 'Sponsor vetting skipped', identity: SOURCE, passphrase } as never);
const reveal = (core: Core, reference: string, passphrase: string) => core.invoke('disclosures.reveal', { reference, passphrase, purpose: 'referral to OSC with consent' });
const idOf = async (core: Core, reference: string) => (await query<{ id: number }>(core, 'SELECT id FROM disclosures WHERE reference = ?', [reference]))[0]!.id;
const outcomes = async (core: Core, reference: string) =>
  (await query<{ actor: string; after: string }>(core, "SELECT actor, after FROM audit_log WHERE action = 'disclosures.reveal' AND entity_id = ? ORDER BY seq", [reference])).map((r) => [r.actor, (JSON.parse(r.after) as { outcome: string }).outcome]);
/** Need-to-know as the admin grants it: the grant puts the grantee in line for the disclosure's key. */
const grant = (team: { admin: Staffer }, reference: string, login: string) => ok(team.admin.core.invoke('disclosures.grant', { reference, login }));
/** The revoke drops the grantee's wrap and marks the key for rotation. */
const revoke = (team: { admin: Staffer }, reference: string, login: string) => ok(team.admin.core.invoke('disclosures.revokeGrant', { reference, login }));

d('keys of one\'s own in a team workspace', () => {
  it('keys.create makes a key pair sealed by the user\'s own passphrase, refuses a weak one and a second one; keys.changePassphrase re-seals only it', async () => {
    const team = await teamWorkspace();
    const core = team.admin.core;
    expect(await ok(core.invoke('keys.mine', {}))).toEqual({ team: true, hasKey: false, fingerprint: null, createdAt: null, waiting: 0 });
    expect(await fails(core.invoke('keys.create', { passphrase: 'short' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('at least 12 characters') });
    const made = await ok(core.invoke('keys.create', { passphrase: ADMIN_PASS }));
    expect(made).toMatchObject({ hasKey: true, fingerprint: expect.stringMatching(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/) });
    expect(await fails(core.invoke('keys.create', { passphrase: ADMIN_PASS }))).toMatchObject({ code: 'CONFLICT' });
    const stored = await query<{ public_key: Buffer; sealed_private: Buffer }>(core, 'SELECT public_key, sealed_private FROM user_keys');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.sealed_private.includes(Buffer.from(ADMIN_PASS))).toBe(false);

    expect(await fails(core.invoke('keys.changePassphrase', { passphrase: 'not the passphrase at all', newPassphrase: 'a brand new passphrase' }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await ok(core.invoke('keys.changePassphrase', { passphrase: ADMIN_PASS, newPassphrase: 'a brand new passphrase' }))).toMatchObject({ fingerprint: made.fingerprint });
    const row = (await query<{ sealed_private: Buffer; kdf: string }>(core, 'SELECT sealed_private, kdf FROM user_keys'))[0]!;
    expect(openUserKey(team.admin.login, row, ADMIN_PASS)).toBeNull();
    expect(openUserKey(team.admin.login, row, 'a brand new passphrase')).not.toBeNull();
    const history = await query<{ action: string }>(core, "SELECT action FROM audit_log WHERE action LIKE 'keys.%' ORDER BY seq");
    expect(history.map((h) => h.action)).toEqual(['keys.create', 'keys.passphrase', 'keys.passphrase']);
  });

  it('in a data folder, keys are refused with what the data folder uses instead', async () => {
    const core = await testCore({ engine: 'sqlite' });
    expect(await ok(core.invoke('keys.mine', {}))).toMatchObject({ team: false, hasKey: false });
    expect(await fails(core.invoke('keys.create', { passphrase: ADMIN_PASS }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('office passphrase') });
  });

  it('a source is revealed with one\'s own passphrase; a colleague\'s or a wrong one is refused and recorded; sealing without a key says how to make one', async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    await giveKey(team.admin, ADMIN_PASS);
    // Ana has no key yet: she cannot seal a source, and is told how to make a key.
    expect(await fails(intake(ana.core, ANA_PASS))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('sunshine keys create') });
    await giveKey(ana, ANA_PASS);

    const dis = await ok(intake(team.admin.core, ADMIN_PASS));
    expect(await query(team.admin.core, 'SELECT sealed_with FROM disclosure_identities')).toEqual([{ sealed_with: 'disclosure' }]);
    expect(await query(team.admin.core, 'SELECT count(*)::int AS n FROM identity_keyring')).toEqual([{ n: 0 }]);
    expect(await ok(reveal(team.admin.core, dis.reference, ADMIN_PASS))).toEqual(SOURCE);
    expect(await fails(reveal(team.admin.core, dis.reference, ANA_PASS))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('your own') });
    expect(await fails(reveal(team.admin.core, dis.reference, 'a wrong passphrase here'))).toMatchObject({ code: 'UNAUTHORIZED' });
    // Ana was never granted it: need-to-know does not even tell her it exists.
    expect(await fails(reveal(ana.core, dis.reference, ANA_PASS))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await outcomes(team.admin.core, dis.reference)).toEqual([
      [team.admin.login, 'shown'],
      [team.admin.login, 'refused: wrong passphrase'],
      [team.admin.login, 'refused: wrong passphrase'],
    ]);
  });

  it("a member's own passphrase remembered in this computer's keychain reveals a source, and is replaced when she changes it", async () => {
    const team = await teamWorkspace();
    await giveKey(team.admin, ADMIN_PASS);
    // As the desktop app keeps it: in its own settings folder, one folder per database and login.
    const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    const safe: SafeStorageLike = { isEncryptionAvailable: () => true, encryptString: (t) => flip(Buffer.from(t, 'utf8')), decryptString: (b) => flip(b).toString('utf8'), getSelectedStorageBackend: () => 'keychain' };
    const settings = tempDir();
    const url = pgUrl(pgServer!, team.database, team.admin.login);
    const holder = safeStorageKeyHolder(safe, teamKeychainDir(settings, url), 'darwin');
    const core = await team.reopen(team.admin, { keychain: holder });
    const dis = await ok(intake(core, ADMIN_PASS));
    const byKeychain = () => core.invoke('disclosures.reveal', { reference: dis.reference, useKeychain: true, purpose: 'call back' });
    expect(await fails(byKeychain())).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('remembers no passphrase for your key') });
    expect(await fails(core.invoke('identity.remember', { passphrase: ANA_PASS }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await ok(core.invoke('identity.remember', { passphrase: ADMIN_PASS }))).toEqual({ available: true, remembered: true, passphraseSet: true, ownKeys: true, officePassphraseSet: false });
    expect(await ok(byKeychain())).toEqual(SOURCE);
    // Not in the team's shared folder, and the folder's name says nothing of whose it is.
    expect(fs.existsSync(keychainFile(team.filesDir))).toBe(false);
    expect(fs.readdirSync(path.join(settings, 'keychains'))).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);

    await ok(core.invoke('keys.changePassphrase', { passphrase: ADMIN_PASS, newPassphrase: 'a brand new passphrase' }));
    expect(holder.load()).toBe('a brand new passphrase');
    expect(await ok(byKeychain())).toEqual(SOURCE);
    const history = await query<{ entity: string; entity_id: string; after: string }>(core, "SELECT entity, entity_id, after FROM audit_log WHERE action = 'identity.remember' ORDER BY seq");
    expect(history.map((h) => [h.entity, h.entity_id, JSON.parse(h.after)])).toEqual([
      ['user', team.admin.login, { outcome: 'refused: wrong passphrase' }],
      ['user', team.admin.login, { remembered: "your key's passphrase, in this computer's keychain" }],
      ['user', team.admin.login, { remembered: "the new passphrase, in this computer's keychain" }],
    ]);
    await ok(core.invoke('identity.forget', {}));
    expect(holder.remembered()).toBe(false);
    expect((await query<{ entity: string }>(core, "SELECT entity FROM audit_log WHERE action = 'identity.forget'")).map((r) => r.entity)).toEqual(['user']);
  });

  it('the keychain folder of a team workspace is one per database and login, the same whatever password the address carries', () => {
    const at = (url: string) => teamKeychainDir('/settings', url);
    expect(at('postgres://ana@db.example:5432/oversight')).toBe(at('postgres://ana:s3cret@db.example:5432/oversight'));
    expect(at('postgres://ana@db.example:5432/oversight')).not.toBe(at('postgres://cy@db.example:5432/oversight'));
    expect(at('postgres://ana@db.example:5432/oversight')).not.toBe(at('postgres://ana@db.example:5432/other'));
    expect(at('postgres://ana:s3cret@db.example/oversight')).not.toContain('ana');
  });

  it('a colleague granted a disclosure waits for its key, is refused with who can share it, and reveals with her own passphrase once a holder shares', async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    await giveKey(team.admin, ADMIN_PASS);
    await giveKey(ana, ANA_PASS);
    const dis = await ok(intake(team.admin.core, ADMIN_PASS));
    await grant(team, dis.reference, ana.login);

    expect(await ok(team.admin.core.invoke('keys.mine', {}))).toMatchObject({ waiting: 1 });
    expect(await fails(reveal(ana.core, dis.reference, ANA_PASS))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(new RegExp(`ask someone who can reveal it \\(${team.admin.login}\\) to open it once; it is then shared with you`)),
    });
    expect((await outcomes(team.admin.core, dis.reference)).at(-1)).toEqual([ana.login, 'refused: waiting for a holder to share the key']);
    // The holder's wrong passphrase shares nothing.
    expect(await fails(team.admin.core.invoke('keys.share', { passphrase: ANA_PASS }))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await ok(team.admin.core.invoke('keys.share', { passphrase: ADMIN_PASS }))).toMatchObject({ shared: 1, rotated: 0, waiting: 0 });
    expect(await ok(reveal(ana.core, dis.reference, ANA_PASS))).toEqual(SOURCE);
  });

  it("a member cannot put their own public key in a colleague's place", async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    await giveKey(team.admin, ADMIN_PASS);
    const planted = newUserKey(team.admin.login, ANA_PASS, CHEAP);
    const changed = await ana.core.workspace
      .write(ana.login, async (w) => (await w.run('UPDATE user_keys SET public_key = ? WHERE login = ?', [planted.public_key, team.admin.login])).changes)
      .catch(() => 0);
    expect(changed).toBe(0);
    await expect(ana.core.workspace.write(ana.login, (w) => insertUserKey(w, 'someone_else', planted, 'x'))).rejects.toThrow(/row-level security/);
    const row = (await query<{ sealed_private: Buffer; kdf: string }>(team.admin.core, 'SELECT sealed_private, kdf FROM user_keys WHERE login = ?', [team.admin.login]))[0]!;
    expect(openUserKey(team.admin.login, row, ADMIN_PASS)).not.toBeNull();
  });

  it('the production source gate opens sources sealed per user with the producer\'s own key, and says which is not shared with them', async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    await giveKey(team.admin, ADMIN_PASS);
    await giveKey(ana, ANA_PASS);
    const dis = await ok(intake(team.admin.core, ADMIN_PASS));
    const mine = await openSources(team.admin.core.workspace.engine, ADMIN_PASS, team.admin.login);
    expect(mine.state === 'done' && mine.matcher.find('a memo naming Zelda Quorntree').map((h) => h.reference)).toEqual([dis.reference]);
    expect((await openSources(team.admin.core.workspace.engine, ANA_PASS, team.admin.login)).state).toBe('wrong-passphrase');
    // Not granted, Ana's gate does not see the source at all; granted, it waits for the key.
    expect(await openSources(ana.core.workspace.engine, ANA_PASS, ana.login)).toEqual({ state: 'no-sources' });
    await grant(team, dis.reference, ana.login);
    expect(await openSources(ana.core.workspace.engine, ANA_PASS, ana.login)).toEqual({ state: 'not-shared', reference: dis.reference });
  });

  it('a holder\'s reveal also shares the keys waiting for colleagues', async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    await giveKey(team.admin, ADMIN_PASS);
    await giveKey(ana, ANA_PASS);
    const dis = await ok(intake(team.admin.core, ADMIN_PASS));
    await grant(team, dis.reference, ana.login);
    await ok(reveal(team.admin.core, dis.reference, ADMIN_PASS));
    expect(await ok(reveal(ana.core, dis.reference, ANA_PASS))).toEqual(SOURCE);
  });

  it('after a revoke the key is rotated at the next holder\'s unlock: the revoked user\'s private key and the disclosure key she kept no longer open it', async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    await giveKey(team.admin, ADMIN_PASS);
    await giveKey(ana, ANA_PASS);
    const dis = await ok(intake(team.admin.core, ADMIN_PASS));
    const id = await idOf(team.admin.core, dis.reference);
    await grant(team, dis.reference, ana.login);
    await ok(team.admin.core.invoke('keys.share', { passphrase: ADMIN_PASS }));

    // What Ana's computer could have kept: her private key and the disclosure key she unwrapped.
    const anaRow = (await query<{ sealed_private: Buffer; kdf: string }>(ana.core, 'SELECT sealed_private, kdf FROM user_keys WHERE login = ?', [ana.login]))[0]!;
    const anaKey = openUserKey(ana.login, anaRow, ANA_PASS)!;
    const anaWrap = (await query<{ wrapped: Buffer }>(ana.core, 'SELECT wrapped FROM disclosure_keys WHERE disclosure_id = ? AND login = ?', [id, ana.login]))[0]!.wrapped;
    const keptKey = unwrapWith(anaWrap, anaKey, id, ana.login)!;
    const before = (await query<{ nonce: Buffer; ciphertext: Buffer }>(team.admin.core, 'SELECT nonce, ciphertext FROM disclosure_identities WHERE disclosure_id = ?', [id]))[0]!;
    expect(openIdentity(keptKey, before, dis.reference)).toEqual(SOURCE);

    await revoke(team, dis.reference, ana.login);
    expect(await query(team.admin.core, 'SELECT login FROM disclosure_keys WHERE disclosure_id = ?', [id])).toEqual([{ login: team.admin.login }]);
    expect(await fails(reveal(ana.core, dis.reference, ANA_PASS))).toMatchObject({ code: 'NOT_FOUND' });
    // Row-level security: no longer granted, she reads none of its wraps and cannot put herself in line again.
    expect(await query(ana.core, 'SELECT count(*)::int AS n FROM disclosure_keys')).toEqual([{ n: 0 }]);
    await expect(ana.core.workspace.write(ana.login, (w) => addWaiting(w, id, ana.login))).rejects.toThrow(/row-level security/);

    // The admin's next unlock rotates it; the admin still reveals it.
    expect(await ok(reveal(team.admin.core, dis.reference, ADMIN_PASS))).toEqual(SOURCE);
    const after = (await query<{ nonce: Buffer; ciphertext: Buffer; rotate: number }>(team.admin.core, 'SELECT nonce, ciphertext, rotate FROM disclosure_identities WHERE disclosure_id = ?', [id]))[0]!;
    expect(after.rotate).toBe(0);
    expect(after.ciphertext.equals(before.ciphertext)).toBe(false);
    expect(openIdentity(keptKey, after, dis.reference)).toBeNull();
    // Her private key opens no wrap of the new key (only the admin's is there, bound to the admin).
    for (const w of await query<{ login: string; wrapped: Buffer }>(team.admin.core, 'SELECT login, wrapped FROM disclosure_keys WHERE disclosure_id = ?', [id])) {
      expect(unwrapWith(w.wrapped, anaKey, id, ana.login)).toBeNull();
      expect(unwrapWith(w.wrapped, anaKey, id, w.login)).toBeNull();
    }
    expect(await query(team.admin.core, "SELECT action FROM audit_log WHERE action IN ('keys.revoked', 'keys.rotate') ORDER BY seq")).toEqual([{ action: 'keys.revoked' }, { action: 'keys.rotate' }]);
  });
});

d('a data folder copied to a team workspace', () => {
  /** A data folder with one source sealed under the office passphrase; an empty database owned by a new login. */
  async function folderAndTarget() {
    const dir = tempDir();
    const lone = await testCore({ dataDir: dir, engine: 'sqlite' });
    const dis = await ok(intake(lone, OFFICE));
    lone.close();
    const server = pgServer!;
    const database = await freshPgDatabase(server, 'sunshine_keys_copy');
    const copier = await createLogin('copier');
    await pgAdmin(server, 'postgres', (c) => c.query(`ALTER DATABASE ${database} OWNER TO "${copier.login}"`));
    await pgAdmin(server, database, (c) => c.query(`ALTER SCHEMA public OWNER TO "${copier.login}"`));
    const files = tempDir('sunshine-team-');
    const url = pgUrl(server, database, copier.login);
    const open = async () => {
      const core = openCore({ dataDir: files, database: url, password: copier.password });
      await core.ready;
      return core;
    };
    return { dir, dis, copier, files, url, open };
  }

  it('with its passphrase, each identity is re-sealed for the copier, who reveals it with their own passphrase', async () => {
    const t = await folderAndTarget();
    const r = await copyWorkspace({ from: t.dir, to: t.url, files: t.files }, { password: { to: t.copier.password }, identities: { passphrase: OFFICE, ownPassphrase: ADMIN_PASS, kdf: CHEAP } });
    expect(r.identities).toMatchObject({ sealed: 1, resealed: 1, login: t.copier.login });
    const core = await t.open();
    try {
      expect(await ok(core.invoke('keys.mine', {}))).toMatchObject({ hasKey: true, fingerprint: r.identities.fingerprint });
      expect(await ok(reveal(core, t.dis.reference, ADMIN_PASS))).toEqual(SOURCE);
      expect(await fails(reveal(core, t.dis.reference, OFFICE))).toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      core.close();
    }
  });

  it('with a wrong passphrase nothing is copied; without one the identities stay sealed under the office passphrase, which still reveals them', async () => {
    const t = await folderAndTarget();
    await expect(copyWorkspace({ from: t.dir, to: t.url, files: t.files }, { password: { to: t.copier.password }, identities: { passphrase: 'not the office one', ownPassphrase: ADMIN_PASS, kdf: CHEAP } })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const r = await copyWorkspace({ from: t.dir, to: t.url, files: t.files }, { password: { to: t.copier.password } });
    expect(r.identities).toMatchObject({ sealed: 1, resealed: 0 });
    const core = await t.open();
    try {
      expect(await ok(reveal(core, t.dis.reference, OFFICE))).toEqual(SOURCE);
    } finally {
      core.close();
    }
  });
});
