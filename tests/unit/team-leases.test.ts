/**
 * Review batches and leases in a team workspace, with real logins: each staffer's app is a core of
 * its own, connected as that staffer (never the superuser, who would pass every rule).
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import type { Role } from '../../core/shared/roles.ts';
import { codedSentence } from '../../core/shared/coded-words.ts';
import { fails, ok, tempDir } from './helpers.ts';
import { makePdf, write } from './fixtures.ts';
import { pgAdmin, pgServer, pgSkipReason } from './pg-helpers.ts';
import { createLogin, teamWorkspace, type TeamWorkspace } from './team-helpers.ts';

const d = pgSkipReason ? describe.skip : describe;
if (pgSkipReason) console.warn(`[skipped] team leases: ${pgSkipReason}`);

/** A member with a display name, as an admin grants one in Settings → Team. */
async function person(team: TeamWorkspace, name: string, displayName: string, role: Role) {
  const l = await createLogin(name);
  await ok(team.admin.core.invoke('team.grant', { login: l.login, role, displayName }));
  return { ...l, core: await team.reopen(l) };
}

/** A workspace with ana and ben (reviewers) and four text documents, imported by the admin. */
async function office() {
  const team = await teamWorkspace();
  const src = tempDir('sunshine-leases-');
  for (const n of ['w', 'x', 'y', 'z']) write(src, `${n}.txt`, `grant letter ${n}`);
  const r = await ok(team.admin.core.invoke('documents.import', { paths: [src] }));
  const ids = r.files.map((f) => f.documentId!).sort((a, b) => a - b);
  const ana = await person(team, 'ana', 'Ana Ruiz', 'reviewer');
  const ben = await person(team, 'ben', 'Ben Okafor', 'reviewer');
  return { team, ids, ana, ben };
}

/** Move a lease into the past through the server's own superuser: the clock moved on, without waiting. */
const lapse = (team: TeamWorkspace, id: number) =>
  pgAdmin(pgServer!, team.database, (c) => c.query(`UPDATE document_leases SET expires_at = '2000-01-01T00:00:00.000Z' WHERE document_id = $1`, [id]));

const reviewRows = async (core: Core, id: number) => (await ok(core.invoke('review.get', { id }))).history.filter((h) => h.what.startsWith('coded'));

d('leases in a team workspace', () => {
  it("a document ana is coding is read-only to ben, who is told who has it; her coding goes through", async () => {
    const { ids, ana, ben } = await office();
    const doc = ids[0]!;
    const mine = await ok(ana.core.invoke('review.lease', { id: doc }));
    expect(mine).toMatchObject({ held: true, yours: true, holder: { login: ana.login, displayName: 'Ana Ruiz' }, renewSeconds: 30, teamOnly: false });
    // Renewing keeps the time it was first taken.
    expect((await ok(ana.core.invoke('review.lease', { id: doc }))).since).toBe(mine.since);

    const seen = await ok(ben.core.invoke('review.lease', { id: doc }));
    expect(seen).toMatchObject({ held: true, yours: false, holder: { login: ana.login, displayName: 'Ana Ruiz' }, since: mine.since });
    const refused = `Ana Ruiz (${ana.login}) is coding this document; you can read it.`;
    expect(await fails(ben.core.invoke('review.set', { ids: [doc], status: 'privileged' }))).toEqual({ code: 'CONFLICT', message: refused });
    expect(await fails(ben.core.invoke('tags.create', { name: 'Hot' }).then(() => ben.core.invoke('tags.apply', { tag: 'Hot', ids: [doc] })))).toEqual({ code: 'CONFLICT', message: refused });
    // Ben still reads it, and nothing of his was written.
    expect(await ok(ben.core.invoke('review.get', { id: doc }))).toMatchObject({ status: 'unreviewed', tags: [] });
    expect(await ok(ben.core.invoke('review.leaseOf', { id: doc }))).toMatchObject({ held: true, holder: { login: ana.login } });

    await ok(ana.core.invoke('review.set', { ids: [doc], status: 'responsive' }));
    expect((await ok(ben.core.invoke('review.get', { id: doc }))).status).toBe('responsive');

    // Leaving the document gives it back: ben may take it then.
    expect(await ok(ana.core.invoke('review.release', { id: doc }))).toEqual({ released: true });
    expect(await ok(ben.core.invoke('review.lease', { id: doc }))).toMatchObject({ yours: true, holder: { login: ben.login, displayName: 'Ben Okafor' } });
    await ok(ben.core.invoke('review.set', { ids: [doc], status: 'privileged' }));
  });

  it("ana's machine switched off: her lease lapses by the server's clock and ben takes the document over", async () => {
    const { team, ids, ana, ben } = await office();
    const doc = ids[1]!;
    await ok(ana.core.invoke('review.lease', { id: doc }));
    ana.core.close(); // no release: the machine is simply gone
    expect(await fails(ben.core.invoke('review.set', { ids: [doc], rating: 'hot' }))).toMatchObject({ code: 'CONFLICT' });
    await lapse(team, doc);
    expect(await ok(ben.core.invoke('review.leaseOf', { id: doc }))).toMatchObject({ held: false, holder: null });
    expect(await ok(ben.core.invoke('review.lease', { id: doc }))).toMatchObject({ held: true, yours: true });
    await ok(ben.core.invoke('review.set', { ids: [doc], rating: 'hot' }));
    // Back at her desk, ana finds ben has it now.
    const again = await team.reopen(ana);
    expect(await ok(again.invoke('review.lease', { id: doc }))).toMatchObject({ yours: false, holder: { login: ben.login } });
    expect(await fails(again.invoke('review.set', { ids: [doc], rating: 'cold' }))).toEqual({ code: 'CONFLICT', message: `Ben Okafor (${ben.login}) is coding this document; you can read it.` });
  });

  it('a bulk coding leaves out what a colleague is coding right now and says whose; ben takes no lease on the rest', async () => {
    const { team, ids, ana, ben } = await office();
    const [held, ...free] = ids;
    await ok(ana.core.invoke('review.lease', { id: held! }));
    await ok(ben.core.invoke('tags.create', { name: 'Letters' }));
    const tagged = await ok(ben.core.invoke('tags.apply', { tag: 'Letters', search: { query: 'grant letter' } }));
    expect(tagged).toEqual({ tag: 'Letters', documents: 4, changed: 3, leftOut: { documents: 1, holders: [`Ana Ruiz (${ana.login})`] } });
    expect(codedSentence(tagged, 'tagged')).toBe(`Letters: 3 of 4 documents tagged; 1 left out, being coded by Ana Ruiz (${ana.login}).`);
    expect((await ok(ben.core.invoke('review.get', { id: held! }))).tags).toEqual([]);
    for (const id of free) expect((await ok(ben.core.invoke('review.get', { id }))).tags.map((t) => t.path)).toEqual(['Letters']);
    const coded = await ok(ben.core.invoke('review.set', { ids, status: 'responsive' }));
    expect(coded).toMatchObject({ documents: 4, changed: 3, leftOut: { documents: 1 } });
    expect((await ok(ben.core.invoke('review.get', { id: held! }))).status).toBe('unreviewed');
    // A bulk action is not a document open in ben's window: he holds none of them now.
    for (const id of free) expect(await ok(ana.core.invoke('review.leaseOf', { id }))).toMatchObject({ held: false });
    // Once ana's lease lapses, the same coding reaches her document too, with nothing left out.
    await lapse(team, held!);
    expect(await ok(ben.core.invoke('review.set', { ids, status: 'responsive' }))).toEqual({ documents: 4, changed: 1 });
  });

  it('redaction by search leaves out a document a colleague is coding, naming it and her; with every hit held, nothing is written', async () => {
    const team = await teamWorkspace();
    const src = tempDir('sunshine-leases-pdf-');
    await makePdf(`${src}/one.pdf`, ['Sponsor Quillonby met staff.']);
    await makePdf(`${src}/two.pdf`, ['Quillonby again, on page one.']);
    const r = await ok(team.admin.core.invoke('documents.import', { paths: [src] }));
    // By name: files are read in parallel, so their ids come in any order.
    const [one, two] = ['one.pdf', 'two.pdf'].map((n) => r.files.find((f) => f.path.endsWith(n))!.documentId!);
    const ana = await person(team, 'ana', 'Ana Ruiz', 'reviewer');
    const ben = await person(team, 'ben', 'Ben Okafor', 'reviewer');
    await ok(ana.core.invoke('review.lease', { id: one! }));
    const applied = await ok(ben.core.invoke('redactions.applyHits', { terms: ['quillonby'], reason: 'b6' }));
    expect(applied).toMatchObject({ hits: 1, boxes: 1, documents: 1, skipped: [{ documentId: one, document: 'one.pdf', hits: 1, reason: `being coded by Ana Ruiz (${ana.login}); not redacted` }] });
    expect((await ok(ben.core.invoke('redactions.list', { id: one! }))).redactions).toEqual([]);
    expect((await ok(ben.core.invoke('redactions.list', { id: two! }))).redactions).toHaveLength(1);
    await ok(ben.core.invoke('redactions.undoBatch', { batch: applied.batch }));
    await ok(ana.core.invoke('review.lease', { id: two! }));
    expect(await fails(ben.core.invoke('redactions.applyHits', { terms: ['quillonby'], reason: 'b6' }))).toEqual({
      code: 'CONFLICT',
      message: `Every document with hits is being coded by Ana Ruiz (${ana.login}); nothing was redacted. Try again when they have left it.`,
    });
    expect((await ok(ben.core.invoke('redactions.list', { id: two! }))).redactions).toEqual([]);
  });

  it('two reviewers saving the same document at the same moment: one wins, the other is refused, nothing of theirs written', async () => {
    const { ids, ana, ben } = await office();
    const doc = ids[2]!;
    const [a, b] = await Promise.all([
      ana.core.invoke('review.set', { ids: [doc], status: 'responsive', notes: 'ana read it' }),
      ben.core.invoke('review.set', { ids: [doc], status: 'privileged', notes: 'ben read it' }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const lost = (a.ok ? b : a) as { ok: false; error: { code: string; message: string } };
    const [winner, loser] = a.ok ? [ana, ben] : [ben, ana];
    expect(lost.error.code).toBe('CONFLICT');
    expect(lost.error.message).toContain(`(${winner.login}) is coding this document`);
    const now = await ok(loser.core.invoke('review.get', { id: doc }));
    expect(now).toMatchObject(winner === ana ? { status: 'responsive', notes: 'ana read it' } : { status: 'privileged', notes: 'ben read it' });
    expect(await reviewRows(loser.core, doc)).toHaveLength(1);
  });

  it('batches go to reviewers in turn; a viewer is refused by name; next-in-batch passes over what a colleague holds', async () => {
    const { team, ids, ana, ben } = await office();
    const vic = await person(team, 'vic', 'Vic Chen', 'viewer');
    expect(await fails(team.admin.core.invoke('review.makeBatches', { from: { search: { query: 'grant' } }, size: 1, reviewers: [ana.login, vic.login], name: 'Letters' }))).toEqual({
      code: 'BAD_INPUT',
      message: expect.stringContaining(`reviewers: ${vic.login} is a viewer, who may not code documents`),
    });
    const made = await ok(team.admin.core.invoke('review.makeBatches', { from: { search: { query: 'grant' } }, size: 1, reviewers: [ana.login, ben.login], name: 'Letters' }));
    expect(made.batches.map((b) => [b.total, b.reviewer.displayName])).toEqual([
      [1, 'Ana Ruiz'],
      [1, 'Ben Okafor'],
      [1, 'Ana Ruiz'],
      [1, 'Ben Okafor'],
    ]);
    const anas = await ok(ana.core.invoke('review.myBatch', {}));
    expect(anas.batches.map((b) => b.name)).toEqual(['Letters 1 of 4', 'Letters 3 of 4']);
    expect(anas.next).toMatchObject({ remaining: 2, document: { id: ids[0], batchName: 'Letters 1 of 4' } });
    // Ben opened ana's first document (to read along, say): her next one is the other.
    await ok(ben.core.invoke('review.lease', { id: ids[0]! }));
    expect(await ok(ana.core.invoke('review.nextInBatch', {}))).toMatchObject({ remaining: 2, leasedByOthers: 1, document: { id: ids[2] } });
    // Counsel's view: per reviewer.
    await ok(ana.core.invoke('review.set', { ids: [ids[2]!], status: 'responsive' }));
    const all = await ok(team.admin.core.invoke('review.batches', {}));
    expect(all.reviewers.map((r) => [r.displayName, r.batches, r.done, r.total])).toEqual(
      [
        ['Ana Ruiz', 2, 1, 2],
        ['Ben Okafor', 2, 0, 2],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    expect(all.eligible.map((e) => e.login).sort()).toEqual([team.admin.login, ana.login, ben.login].sort());
    // Reassigning to ben moves the batch into his list.
    await ok(team.admin.core.invoke('review.reassignBatch', { id: anas.batches[0]!.id, reviewer: ben.login }));
    expect((await ok(ben.core.invoke('review.myBatch', {}))).batches).toHaveLength(3);
  });
});
