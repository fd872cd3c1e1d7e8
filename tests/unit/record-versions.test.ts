import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { fails, ok, tempDir, testCore, TEST_ENGINE } from './helpers.ts';
import { write } from './fixtures.ts';

// 19:02 UTC is 14:02 in the office's default zone (America/New_York), the day of the saves.
const NOW = new Date('2027-01-10T19:02:00Z');
const workspace = () => testCore({ now: () => NOW });

/** Who the audit names for a save from this core: Settings' name in a data folder; the database login (as its display name) on a team workspace as the superuser. */
/** Names the person acting from now on: in a data folder the actor; on PostgreSQL the display name of the one login these tests run as, which the history names by its name now. */
async function actingAs(core: Core, name: string): Promise<string> {
  await ok(core.invoke('settings.update', { userName: name }));
  return name;
}

async function oneDocument(core: Core): Promise<number> {
  const src = tempDir('sunshine-src-');
  write(src, 'memo.txt', 'sponsor vetting memo');
  const r = await ok(core.invoke('documents.import', { paths: [src] }));
  return r.files[0]!.documentId!;
}

describe('record versions', () => {
  it('a request saved from an older version is refused naming who changed what and when; keep mine saves with the newer version', async () => {
    const core = await workspace();
    const created = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Children released to HHS' }));
    expect(created.version).toBe(1);
    const loaded = await ok(core.invoke('requests.get', { reference: created.reference }));

    const who = await actingAs(core, 'Ana Ruiz');
    const theirs = await ok(core.invoke('requests.update', { reference: created.reference, version: loaded.version, patch: { dueAt: '2027-02-01', priority: 'high' } }));
    expect(theirs.version).toBe(2);

    const ben = await actingAs(core, 'Ben Ortiz');
    const refused = await fails(core.invoke('requests.update', { reference: created.reference, version: loaded.version, patch: { subject: 'Mine' } }));
    // On PostgreSQL Ana and Ben are one login here, named as it is called now (two logins: team-record-versions.test.ts).
    expect(refused).toEqual({ code: 'CONFLICT', message: `${TEST_ENGINE === 'postgres' ? ben : who} changed the priority and the due date at 14:02 — reload or keep yours` });
    // Nothing of the refused save was stored.
    expect(await ok(core.invoke('requests.get', { reference: created.reference }))).toMatchObject({ subject: 'Children released to HHS', priority: 'high', version: 2 });

    // Keep mine: the same change, sent with the version the refusal was about.
    const mine = await ok(core.invoke('requests.update', { reference: created.reference, version: theirs.version, patch: { subject: 'Mine' } }));
    expect(mine).toMatchObject({ subject: 'Mine', priority: 'high', version: 3 });
    expect((await ok(core.invoke('requests.list', {}))).rows.find((r) => r.reference === created.reference)?.version).toBe(3);

    // Without a version (the CLI, scripts) a save goes ahead as before, and still counts as one.
    expect(await ok(core.invoke('requests.update', { reference: created.reference, patch: { notes: 'from a script' } }))).toMatchObject({ notes: 'from a script', version: 4 });
  });

  it('tracking numbers are part of the request: a change to them alone is named', async () => {
    const core = await workspace();
    const r = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Detention contracts' }));
    const who = await actingAs(core, 'Ana Ruiz');
    await ok(core.invoke('requests.update', { reference: r.reference, version: 1, patch: { trackingNumbers: [{ kind: 'agency', number: '2027-ICFO-00012' }] } }));
    expect(await fails(core.invoke('requests.update', { reference: r.reference, version: 1, patch: { notes: 'x' } }))).toEqual({
      code: 'CONFLICT',
      message: `${who} changed the tracking numbers at 14:02 — reload or keep yours`,
    });
  });

  it('a change made on another day is dated, not timed', async () => {
    let now = new Date('2027-01-09T15:30:00Z');
    const core = await testCore({ now: () => now });
    const r = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Detention contracts' }));
    const who = await actingAs(core, 'Ana Ruiz');
    await ok(core.invoke('requests.update', { reference: r.reference, version: 1, patch: { subject: 'Detention contracts, 2026' } }));
    now = NOW;
    expect(await fails(core.invoke('requests.update', { reference: r.reference, version: 1, patch: { notes: 'x' } }))).toMatchObject({
      message: `${who} changed the subject on 2027-01-09 — reload or keep yours`,
    });
  });

  it('disclosures, agencies and tags refuse a save from an older version the same way, and go up by one per save', async () => {
    const core = await workspace();
    const who = await actingAs(core, 'Ana Ruiz');
    const d = await ok(core.invoke('disclosures.create', { received: '2027-01-05', channel: 'email', summary: 'Unsafe releases' }));
    expect(d.version).toBe(1);
    expect(await ok(core.invoke('disclosures.update', { reference: d.reference, version: 1, patch: { status: 'under-review', assignee: 'Ana' } }))).toMatchObject({ version: 2 });
    expect(await fails(core.invoke('disclosures.update', { reference: d.reference, version: 1, patch: { summary: 'mine' } }))).toEqual({
      code: 'CONFLICT',
      message: `${who} changed the status and the assignee at 14:02 — reload or keep yours`,
    });
    expect(await ok(core.invoke('disclosures.get', { reference: d.reference }))).toMatchObject({ summary: 'Unsafe releases', version: 2 });

    const ice = (await ok(core.invoke('agencies.list', {}))).find((a) => a.abbreviation === 'ICE')!;
    const v = ice.version;
    expect(await ok(core.invoke('agencies.update', { id: ice.id, version: v, patch: { foiaEmail: 'foia@ice.example.gov' } }))).toMatchObject({ version: v + 1 });
    expect(await fails(core.invoke('agencies.update', { id: ice.id, version: v, patch: { notes: 'mine' } }))).toMatchObject({
      code: 'CONFLICT',
      message: `${who} changed the FOIA email at 14:02 — reload or keep yours`,
    });

    const tag = await ok(core.invoke('tags.create', { name: 'Hot' }));
    expect(tag.version).toBe(1);
    expect(await ok(core.invoke('tags.update', { id: tag.id, version: 1, color: '#aa0000' }))).toMatchObject({ version: 2 });
    expect(await fails(core.invoke('tags.update', { id: tag.id, version: 1, name: 'Warm' }))).toMatchObject({ code: 'CONFLICT', message: `${who} changed the colour at 14:02 — reload or keep yours` });
    expect((await ok(core.invoke('tags.list', {}))).tags.find((t) => t.id === tag.id)).toMatchObject({ name: 'Hot', version: 2 });
  });

  it("a document's coding and tags share one version: a save from before either is refused", async () => {
    const core = await workspace();
    const id = await oneDocument(core);
    const loaded = await ok(core.invoke('review.get', { id }));
    expect(loaded.version).toBe(1);
    const who = await actingAs(core, 'Ana Ruiz');
    await ok(core.invoke('tags.create', { name: 'Hot' }));
    expect(await ok(core.invoke('tags.apply', { tag: 'Hot', ids: [id], version: 1 }))).toMatchObject({ changed: 1, version: 2 });
    expect(await ok(core.invoke('review.set', { ids: [id], version: 2, status: 'responsive' }))).toMatchObject({ changed: 1, version: 3 });
    expect(await fails(core.invoke('review.set', { ids: [id], version: 1, status: 'privileged', privilege: 'attorney-client' }))).toEqual({
      code: 'CONFLICT',
      message: `${who} changed the tags and the status at 14:02 — reload or keep yours`,
    });
    expect(await ok(core.invoke('review.get', { id }))).toMatchObject({ status: 'responsive', privilege: null, version: 3 });
    // A version belongs to one document: with several, or a whole family, it is refused as bad input.
    expect(await fails(core.invoke('review.set', { ids: [id, id + 1], version: 3, status: 'responsive' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/exactly one document/) });
    // Bulk coding without a version goes ahead and counts for every document it changed.
    await ok(core.invoke('review.set', { ids: [id], status: 'non-responsive' }));
    expect((await ok(core.invoke('review.get', { id }))).version).toBe(4);
  });
});
