import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { DEFAULT_KDF, withKey } from '../../core/disclosures/identity-crypto.ts';
import { freshKey, keyringKdf, rekeyAll, unlock } from '../../core/disclosures/identity.ts';
import { keychainFile, safeStorageKeyHolder, type SafeStorageLike } from '../../core/disclosures/keychain.ts';
import { fails, ok, query, rowCount, tamperWith, tempDir, testCore } from './helpers.ts';

const PASS = 'correct horse battery staple';
const NEW_PASS = 'a quite different passphrase';
const OLD_KDF = { N: 2 ** 14, r: 8, p: 1 };

const create = (core: Core, name: string, passphrase = PASS) =>
  core.invoke('disclosures.create', {
    received: '2026-11-20',
    channel: 'phone',
    summary: 'Sponsor vetting skipped',
    identity: { name, contact: `${name.toLowerCase().replace(/ /g, '.')}@example.org`, relation: 'employee', consent: 'confidential', mayShare: 'the office only' },
    passphrase,
  } as never);
const intake = (core: Core, name: string) => ok(create(core, name));

/** What is stored for the keyring and every identity, to compare before and after. */
const stored = async (core: Core) =>
  JSON.stringify({
    keyring: await query(core, 'SELECT salt, kdf, nonce, verifier FROM identity_keyring'),
    identities: await query(core, 'SELECT disclosure_id, nonce, ciphertext FROM disclosure_identities ORDER BY disclosure_id'),
  });
const ciphertexts = async (core: Core) => (await query<{ c: Buffer }>(core, 'SELECT ciphertext AS c FROM disclosure_identities ORDER BY disclosure_id')).map((r) => r.c.toString('hex'));
/** Damage one sealed identity (40 zero bytes), as a failing disk or a hand edit would. */
const damage = (core: Core, disclosureId: number) => tamperWith(core, 'UPDATE disclosure_identities SET ciphertext = ? WHERE disclosure_id = ?', [Buffer.alloc(40), disclosureId]);
const auditRows = async (core: Core, action: string) =>
  ((await query(core, 'SELECT after FROM audit_log WHERE action = ? ORDER BY seq', [action])).map((r) => Object.values(r)[0]) as string[]).map((a) => JSON.parse(a) as Record<string, unknown>);
const reveal = (core: Core, reference: string, passphrase: string) => core.invoke('disclosures.reveal', { reference, passphrase, purpose: 'test' });

/** A workspace sealed the way older versions did (a cheaper scrypt cost), through the same re-sealing code the app uses. */
async function sealAtOldCost(core: Core) {
  const key = (await unlock(core.workspace.engine, PASS))!;
  await withKey(key, () => core.workspace.write('test', (w) => rekeyAll(w, key, freshKey(PASS, OLD_KDF), 'test.downgrade')));
  expect(await keyringKdf(core.workspace.engine)).toEqual(OLD_KDF);
}

describe('the key derivation cost', () => {
  it('is scrypt N=2^17, r=8, p=1 for new workspaces', async () => {
    const core = await testCore();
    await intake(core, 'Zelda Quorntree');
    expect(DEFAULT_KDF).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(await keyringKdf(core.workspace.engine)).toEqual(DEFAULT_KDF);
  });

  it('an older workspace still opens, and is re-sealed at the new cost the first time its passphrase is used, content identical', async () => {
    const core = await testCore();
    const a = await intake(core, 'Zelda Quorntree');
    const b = await intake(core, 'Osric Pell');
    const before = [await ok(reveal(core, a.reference, PASS)), await ok(reveal(core, b.reference, PASS))];
    await sealAtOldCost(core);
    const oldCiphertexts = await ciphertexts(core);

    expect(await ok(reveal(core, a.reference, PASS))).toEqual(before[0]);
    expect(await keyringKdf(core.workspace.engine)).toEqual(DEFAULT_KDF);
    // Every identity was re-sealed, not just the one opened, and each still holds the same.
    expect((await ciphertexts(core)).every((c, i) => c !== oldCiphertexts[i])).toBe(true);
    expect(await ok(reveal(core, b.reference, PASS))).toEqual(before[1]);
    expect(await auditRows(core, 'identity.upgrade')).toEqual([{ from: OLD_KDF, kdf: DEFAULT_KDF, resealed: 2 }]);
  });

  it('an upgrade that cannot be done (an identity will not open) changes nothing, says so, and the passphrase still works', async () => {
    const core = await testCore();
    const a = await intake(core, 'Zelda Quorntree');
    await intake(core, 'Osric Pell');
    await sealAtOldCost(core);
    await damage(core, 2);
    const snapshot = await stored(core);
    expect((await ok(reveal(core, a.reference, PASS))).name).toBe('Zelda Quorntree');
    expect(await stored(core)).toBe(snapshot);
    expect(await keyringKdf(core.workspace.engine)).toEqual(OLD_KDF);
    expect(await auditRows(core, 'identity.upgrade')).toEqual([{ outcome: expect.stringMatching(/^not done: The sealed identity of DIS-2026-0002 was changed or damaged/), kdf: OLD_KDF }]);
  });
});

describe('changing the passphrase', () => {
  it('re-seals every identity in one step: the old passphrase no longer opens, the new one does, one history entry without either', async () => {
    const core = await testCore();
    const a = await intake(core, 'Zelda Quorntree');
    const b = await intake(core, 'Osric Pell');
    const before = await ciphertexts(core);
    const count = await rowCount(core, 'audit_log');

    expect(await ok(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: NEW_PASS }))).toMatchObject({ resealed: 2, passphraseSet: true });
    expect(await rowCount(core, 'audit_log')).toBe(count + 1);
    expect(await auditRows(core, 'identity.passphrase')).toEqual([{ resealed: 2, kdf: DEFAULT_KDF }]);
    expect((await ciphertexts(core)).every((c, i) => c !== before[i])).toBe(true);

    expect(await fails(reveal(core, a.reference, PASS))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await ok(reveal(core, a.reference, NEW_PASS))).name).toBe('Zelda Quorntree');
    expect((await ok(reveal(core, b.reference, NEW_PASS))).contact).toBe('osric.pell@example.org');
    // New sources are sealed with the new one.
    expect(await fails(create(core, 'Third Person'))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await ok(create(core, 'Third Person', NEW_PASS))).sourceOnFile).toBe(true);
    const history = JSON.stringify((await query(core, 'SELECT * FROM audit_log')));
    expect(history).not.toContain(PASS);
    expect(history).not.toContain(NEW_PASS);
  });

  it('with the wrong current passphrase changes nothing, and the attempt is on the record', async () => {
    const core = await testCore();
    const a = await intake(core, 'Zelda Quorntree');
    const snapshot = await stored(core);
    expect(await fails(core.invoke('identity.changePassphrase', { passphrase: 'a guess, a long guess', newPassphrase: NEW_PASS }))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/in the history/) });
    expect(await stored(core)).toBe(snapshot);
    expect(await auditRows(core, 'identity.passphrase')).toEqual([{ outcome: 'refused: wrong passphrase' }]);
    expect((await ok(reveal(core, a.reference, PASS))).name).toBe('Zelda Quorntree');
  });

  it('stops with nothing changed when one identity will not open midway', async () => {
    const core = await testCore();
    const a = await intake(core, 'Zelda Quorntree');
    await intake(core, 'Osric Pell');
    await intake(core, 'Third Person');
    // The second of three is damaged: the first has already been re-sealed when it is reached.
    await damage(core, 2);
    const snapshot = await stored(core);
    expect(await fails(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: NEW_PASS }))).toMatchObject({
      code: 'INTEGRITY',
      message: expect.stringMatching(/DIS-2026-0002 was changed or damaged .*nothing was re-sealed/),
    });
    expect(await stored(core)).toBe(snapshot);
    expect(await auditRows(core, 'identity.passphrase')).toEqual([{ outcome: expect.stringMatching(/^refused: The sealed identity of DIS-2026-0002/) }]);
    expect((await ok(reveal(core, a.reference, PASS))).name).toBe('Zelda Quorntree');
    expect(await fails(reveal(core, a.reference, NEW_PASS))).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a new passphrase that is too short or the same, and a workspace with none yet, with what to do', async () => {
    const core = await testCore();
    expect(await fails(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: NEW_PASS }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no passphrase is set yet/) });
    await intake(core, 'Zelda Quorntree');
    expect(await fails(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: 'short' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/at least 12 characters/) });
    expect(await fails(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: PASS }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/same as the current one/) });
  });

  it('replaces a copy remembered in the keychain, so it never goes stale', async () => {
    const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
    const safe: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: (t) => flip(Buffer.from(t, 'utf8')),
      decryptString: (b) => flip(b).toString('utf8'),
      getSelectedStorageBackend: () => 'keychain',
    };
    const data = tempDir();
    const holder = safeStorageKeyHolder(safe, data, 'darwin');
    const core = await testCore({ dataDir: data, keychain: holder });
    try {
      const a = await intake(core, 'Zelda Quorntree');
      await ok(core.invoke('identity.remember', { passphrase: PASS }));
      expect(await ok(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: NEW_PASS }))).toMatchObject({ resealed: 1, remembered: true });
      expect(holder.load()).toBe(NEW_PASS);
      expect((await ok(core.invoke('disclosures.reveal', { reference: a.reference, useKeychain: true, purpose: 'check' }))).name).toBe('Zelda Quorntree');
    } finally {
      core.close();
    }
  });
});

describe('changing the passphrase where there is no keychain (the CLI, browser mode)', () => {
  it("removes the desktop app's remembered copy, which would hold the old passphrase", async () => {
    const data = tempDir();
    const holder = safeStorageKeyHolder({ isEncryptionAvailable: () => true, encryptString: (t) => Buffer.from(t).reverse(), decryptString: (b) => Buffer.from(b).reverse().toString(), getSelectedStorageBackend: () => 'keychain' }, data, 'darwin');
    holder.save(PASS);
    const core = await testCore(data);
    await intake(core, 'Zelda Quorntree');
    await ok(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: NEW_PASS }));
    expect(fs.existsSync(keychainFile(data))).toBe(false);
    expect(await auditRows(core, 'identity.forget')).toEqual([{ remembered: "nothing: the desktop app's remembered copy held the old passphrase" }]);
  });
});

describe('derived keys', () => {
  it('are zeroed after use, also when the use fails', async () => {
    const key = Buffer.alloc(32, 7);
    await expect(
      withKey(key, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(key.equals(Buffer.alloc(32))).toBe(true);
  });
});
