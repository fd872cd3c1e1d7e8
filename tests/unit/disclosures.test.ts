import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { dbPathIn } from '../../core/datadir.ts';
import { tempDir, testCore, tamper } from './helpers.ts';
import { write } from './fixtures.ts';

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
async function fails(p: Promise<{ ok: boolean; error?: { code: string; message: string } }>) {
  const r = await p;
  if (r.ok) throw new Error('expected the call to fail');
  return r.error!;
}
const PASS = 'correct horse battery staple';
const NAME = 'Zelda Quorntree';
const CONTACT = 'zq-7781@protonmail.example';
const audits = (core: Core) => core.store.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

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
    const core = testCore();
    const d = await ok(intake(core));
    expect(d).toMatchObject({ reference: 'DIS-2026-0001', pseudonym: 'Source DIS-2026-0001', sourceOnFile: true, agencies: [{ abbreviation: 'ORR' }, { abbreviation: 'ICE' }] });
    expect(JSON.stringify(d)).not.toContain('Zelda');
    // Before a checkpoint the rows are in the WAL; after it, in the main file: neither holds them.
    expect(fs.existsSync(`${dbPathIn(core.dataDir)}-wal`)).toBe(true);
    expect(leaks(core.dataDir, NAME)).toEqual([]);
    expect(leaks(core.dataDir, CONTACT)).toEqual([]);
    core.store.checkpoint();
    expect(leaks(core.dataDir, NAME)).toEqual([]);
    expect(leaks(core.dataDir, 'Quorntree')).toEqual([]);

    const before = audits(core);
    const wrong = await fails(core.invoke('disclosures.reveal', { reference: d.reference, passphrase: 'not the one at all', purpose: 'check' }));
    expect(wrong).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/nothing was shown/) });
    expect(wrong.message).not.toContain('Zelda');
    expect(audits(core)).toBe(before + 1);
    await ok(core.invoke('settings.update', { userName: 'Counsel R. Lee' }));
    const shown = await ok(core.invoke('disclosures.reveal', { reference: d.reference, passphrase: PASS, purpose: 'referral to OSC' }));
    expect(shown).toEqual({ name: NAME, contact: CONTACT, relation: 'employee', consent: 'confidential', mayShare: 'agency and office only' });
    const log = core.store.db.prepare("SELECT actor, after FROM audit_log WHERE action = 'disclosures.reveal' ORDER BY seq").all() as { actor: string; after: string }[];
    expect(log.map((l) => [l.actor, JSON.parse(l.after)])).toEqual([
      [expect.any(String), { outcome: 'refused: wrong passphrase', purpose: 'check' }],
      ['Counsel R. Lee', { outcome: 'shown', purpose: 'referral to OSC' }],
    ]);
    expect(leaks(core.dataDir, NAME)).toEqual([]);

    // The history export holds every row, with hashes, and nothing of the source.
    const exported = await ok(core.invoke('audit.export', { from: '2000-01-01', to: '2100-12-31' }));
    expect(exported.rows).toBe(audits(core));
    expect(exported.csv.split('\r\n')[0]).toBe('\uFEFFseq,at,actor,action,entity,entity_id,before,after,prev_hash,hash');
    expect(exported.csv).toContain('disclosures.reveal');
    expect(exported.csv).not.toMatch(/Zelda|Quorntree|zq-7781/);
    expect((await ok(core.invoke('audit.export', { from: '2000-01-01', to: '2000-01-02' }))).rows).toBe(0);
    expect(await fails(core.invoke('audit.export', { from: '2026-02-01', to: '2026-01-01' }))).toMatchObject({ code: 'BAD_INPUT' });
  });

  it('detect a changed or moved sealed identity, and keep one passphrase per workspace', async () => {
    const core = testCore();
    const a = await ok(intake(core));
    expect(await fails(intake(core, { passphrase: 'a different passphrase' }))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/nothing was saved/) });
    expect((await ok(core.invoke('disclosures.list', {}))).disclosures).toHaveLength(1);
    const b = await ok(intake(core, { identity: { name: 'Other Person' } }));

    // Moved: a's sealed identity copied onto b does not open (it is bound to a's reference).
    tamper(core.store.db, 'UPDATE disclosure_identities SET nonce = (SELECT nonce FROM disclosure_identities WHERE disclosure_id = 1), ciphertext = (SELECT ciphertext FROM disclosure_identities WHERE disclosure_id = 1) WHERE disclosure_id = 2');
    expect(await fails(core.invoke('disclosures.reveal', { reference: b.reference, passphrase: PASS }))).toMatchObject({ code: 'INTEGRITY' });
    // Changed by one byte.
    tamper(core.store.db, "UPDATE disclosure_identities SET ciphertext = unhex(CASE WHEN substr(hex(ciphertext), 1, 2) = '00' THEN '01' ELSE '00' END || substr(hex(ciphertext), 3)) WHERE disclosure_id = 1");
    expect(await fails(core.invoke('disclosures.reveal', { reference: a.reference, passphrase: PASS }))).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/changed or damaged/) });
  });

  it('refuse incomplete intake with a clear message and nothing saved', async () => {
    const core = testCore();
    const before = audits(core);
    expect(await fails(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'pigeon', summary: 'x' } as never))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/channel/) });
    expect(await fails(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: '' }))).toMatchObject({ message: expect.stringMatching(/say what the disclosure is about/) });
    expect(await fails(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'x', identity: { name: NAME } } as never))).toMatchObject({
      message: expect.stringMatching(/sealed with the passphrase: give it/),
    });
    expect(await fails(intake(core, { passphrase: 'short' }))).toMatchObject({ message: expect.stringMatching(/at least 12 characters/) });
    expect(await fails(intake(core, { agencies: ['Nowhere Agency'] }))).toMatchObject({ message: expect.stringMatching(/no agency called/) });
    expect(audits(core)).toBe(before);
  });

  it("link documents to a disclosure at import or later, and search within a disclosure's documents", async () => {
    const core = testCore();
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
    expect(await fails(core.invoke('documents.link', { id, disclosure: 'DIS-2026-0099' }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('sunshine disclosures', () => {
  it('adds with the passphrase from SUNSHINE_PASSPHRASE, shows by pseudonym, and prints the identity only with --reveal', () => {
    const data = tempDir();
    const run = (env: Record<string, string>, ...args: string[]) => {
      const r = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const added = run({ SUNSHINE_PASSPHRASE: PASS }, 'disclosures', 'add', '--received', '2026-11-20', '--channel', 'phone', '--summary', 'Sponsor vetting skipped', '--agency', 'ORR', '--source-name', NAME, '--source-contact', CONTACT);
    expect(added).toMatchObject({ code: 0, out: 'Added DIS-2026-0001 (Source DIS-2026-0001).\n' });
    const shown = run({}, '--json', 'disclosures', 'show', 'DIS-2026-0001');
    expect(shown.code).toBe(0);
    expect(shown.out).not.toContain('Zelda');
    expect(JSON.parse(shown.out)).toMatchObject({ pseudonym: 'Source DIS-2026-0001', sourceOnFile: true });
    expect(run({}, 'disclosures', 'list').out).toMatch(/^DIS-2026-0001 {2}2026-11-20 {2}intake {8}Source DIS-2026-0001: Sponsor vetting skipped/);
    expect(run({ SUNSHINE_PASSPHRASE: 'wrong wrong wrong' }, 'disclosures', 'show', 'DIS-2026-0001', '--reveal')).toMatchObject({ code: 2, err: expect.stringMatching(/nothing was shown/) });
    expect(run({ SUNSHINE_PASSPHRASE: PASS }, 'disclosures', 'show', 'DIS-2026-0001', '--reveal').out).toContain(`Identity: ${NAME}, ${CONTACT} — employee, consent: confidential`);
  });
});
