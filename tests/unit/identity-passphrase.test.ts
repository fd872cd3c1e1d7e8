import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { openCore } from '../../core/index.ts';
import { DEFAULT_KDF, withKey } from '../../core/disclosures/identity-crypto.ts';
import { freshKey, keyringKdf, rekeyAll, unlock } from '../../core/disclosures/identity.ts';
import { keychainFile, safeStorageKeyHolder, type SafeStorageLike } from '../../core/disclosures/keychain.ts';
import { fails, ok, tamper, tempDir, testCore } from './helpers.ts';

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
const stored = (core: Core) =>
  JSON.stringify({
    keyring: core.store.db.prepare('SELECT hex(salt), kdf, hex(nonce), hex(verifier) FROM identity_keyring').raw().all(),
    identities: core.store.db.prepare('SELECT disclosure_id, hex(nonce), hex(ciphertext) FROM disclosure_identities ORDER BY disclosure_id').raw().all(),
  });
const ciphertexts = (core: Core) => core.store.db.prepare('SELECT hex(ciphertext) FROM disclosure_identities ORDER BY disclosure_id').pluck().all() as string[];
const auditRows = (core: Core, action: string) =>
  (core.store.db.prepare('SELECT after FROM audit_log WHERE action = ? ORDER BY seq').pluck().all(action) as string[]).map((a) => JSON.parse(a) as Record<string, unknown>);
const reveal = (core: Core, reference: string, passphrase: string) => core.invoke('disclosures.reveal', { reference, passphrase, purpose: 'test' });

/** A workspace sealed the way older versions did (a cheaper scrypt cost), through the same re-sealing code the app uses. */
async function sealAtOldCost(core: Core) {
  const key = (await unlock(core.store.engine, PASS))!;
  await withKey(key, () => core.store.write('test', (w) => rekeyAll(w, key, freshKey(PASS, OLD_KDF), 'test.downgrade')));
  expect(await keyringKdf(core.store.engine)).toEqual(OLD_KDF);
}

describe('the key derivation cost', () => {
  it('is scrypt N=2^17, r=8, p=1 for new workspaces', async () => {
    const core = testCore();
    await intake(core, 'Zelda Quorntree');
    expect(DEFAULT_KDF).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(await keyringKdf(core.store.engine)).toEqual(DEFAULT_KDF);
  });

  it('an older workspace still opens, and is re-sealed at the new cost the first time its passphrase is used, content identical', async () => {
    const core = testCore();
    const a = await intake(core, 'Zelda Quorntree');
    const b = await intake(core, 'Osric Pell');
    const before = [await ok(reveal(core, a.reference, PASS)), await ok(reveal(core, b.reference, PASS))];
    await sealAtOldCost(core);
    const oldCiphertexts = ciphertexts(core);

    expect(await ok(reveal(core, a.reference, PASS))).toEqual(before[0]);
    expect(await keyringKdf(core.store.engine)).toEqual(DEFAULT_KDF);
    // Every identity was re-sealed, not just the one opened, and each still holds the same.
    expect(ciphertexts(core).every((c, i) => c !== oldCiphertexts[i])).toBe(true);
    expect(await ok(reveal(core, b.reference, PASS))).toEqual(before[1]);
    expect(auditRows(core, 'identity.upgrade')).toEqual([{ from: OLD_KDF, kdf: DEFAULT_KDF, resealed: 2 }]);
  });

  it('an upgrade that cannot be done (an identity will not open) changes nothing, says so, and the passphrase still works', async () => {
    const core = testCore();
    const a = await intake(core, 'Zelda Quorntree');
    await intake(core, 'Osric Pell');
    await sealAtOldCost(core);
    tamper(core.store.db, "UPDATE disclosure_identities SET ciphertext = zeroblob(40) WHERE disclosure_id = 2");
    const snapshot = stored(core);
    expect((await ok(reveal(core, a.reference, PASS))).name).toBe('Zelda Quorntree');
    expect(stored(core)).toBe(snapshot);
    expect(await keyringKdf(core.store.engine)).toEqual(OLD_KDF);
    expect(auditRows(core, 'identity.upgrade')).toEqual([{ outcome: expect.stringMatching(/^not done: The sealed identity of DIS-2026-0002 was changed or damaged/), kdf: OLD_KDF }]);
  });
});

describe('changing the passphrase', () => {
  it('re-seals every identity in one step: the old passphrase no longer opens, the new one does, one history entry without either', async () => {
    const core = testCore();
    const a = await intake(core, 'Zelda Quorntree');
    const b = await intake(core, 'Osric Pell');
    const before = ciphertexts(core);
    const audits = core.store.db.prepare('SELECT count(*) FROM audit_log').pluck();
    const count = audits.get() as number;

    expect(await ok(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: NEW_PASS }))).toMatchObject({ resealed: 2, passphraseSet: true });
    expect(audits.get()).toBe(count + 1);
    expect(auditRows(core, 'identity.passphrase')).toEqual([{ resealed: 2, kdf: DEFAULT_KDF }]);
    expect(ciphertexts(core).every((c, i) => c !== before[i])).toBe(true);

    expect(await fails(reveal(core, a.reference, PASS))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await ok(reveal(core, a.reference, NEW_PASS))).name).toBe('Zelda Quorntree');
    expect((await ok(reveal(core, b.reference, NEW_PASS))).contact).toBe('osric.pell@example.org');
    // New sources are sealed with the new one.
    expect(await fails(create(core, 'Third Person'))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await ok(create(core, 'Third Person', NEW_PASS))).sourceOnFile).toBe(true);
    const history = JSON.stringify(core.store.db.prepare('SELECT * FROM audit_log').all());
    expect(history).not.toContain(PASS);
    expect(history).not.toContain(NEW_PASS);
  });

  it('with the wrong current passphrase changes nothing, and the attempt is on the record', async () => {
    const core = testCore();
    const a = await intake(core, 'Zelda Quorntree');
    const snapshot = stored(core);
    expect(await fails(core.invoke('identity.changePassphrase', { passphrase: 'a guess, a long guess', newPassphrase: NEW_PASS }))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/in the history/) });
    expect(stored(core)).toBe(snapshot);
    expect(auditRows(core, 'identity.passphrase')).toEqual([{ outcome: 'refused: wrong passphrase' }]);
    expect((await ok(reveal(core, a.reference, PASS))).name).toBe('Zelda Quorntree');
  });

  it('stops with nothing changed when one identity will not open midway', async () => {
    const core = testCore();
    const a = await intake(core, 'Zelda Quorntree');
    await intake(core, 'Osric Pell');
    await intake(core, 'Third Person');
    // The second of three is damaged: the first has already been re-sealed when it is reached.
    tamper(core.store.db, "UPDATE disclosure_identities SET ciphertext = zeroblob(40) WHERE disclosure_id = 2");
    const snapshot = stored(core);
    expect(await fails(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: NEW_PASS }))).toMatchObject({
      code: 'INTEGRITY',
      message: expect.stringMatching(/DIS-2026-0002 was changed or damaged .*nothing was re-sealed/),
    });
    expect(stored(core)).toBe(snapshot);
    expect(auditRows(core, 'identity.passphrase')).toEqual([{ outcome: expect.stringMatching(/^refused: The sealed identity of DIS-2026-0002/) }]);
    expect((await ok(reveal(core, a.reference, PASS))).name).toBe('Zelda Quorntree');
    expect(await fails(reveal(core, a.reference, NEW_PASS))).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a new passphrase that is too short or the same, and a workspace with none yet, with what to do', async () => {
    const core = testCore();
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
    const core = openCore({ dataDir: data, keychain: holder });
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
    const core = testCore(data);
    await intake(core, 'Zelda Quorntree');
    await ok(core.invoke('identity.changePassphrase', { passphrase: PASS, newPassphrase: NEW_PASS }));
    expect(fs.existsSync(keychainFile(data))).toBe(false);
    expect(auditRows(core, 'identity.forget')).toEqual([{ remembered: "nothing: the desktop app's remembered copy held the old passphrase" }]);
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
