import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pgSkipReason } from './pg-helpers.ts';
import { createLogin, teamWorkspace } from './team-helpers.ts';
import { ok, tempDir } from './helpers.ts';
import { write } from './fixtures.ts';

const d = pgSkipReason ? describe.skip : describe;

d('record versions on a team workspace', () => {
  it('two reviewers saving the same document from the same version at once: one wins, the other is told who changed what', async () => {
    const team = await teamWorkspace({ now: () => new Date('2027-01-10T19:02:00Z') });
    const people = [];
    for (const [name, display] of [['ana', 'Ana Ruiz'], ['ben', 'Ben Ortiz']] as const) {
      const l = await createLogin(name);
      await ok(team.admin.core.invoke('team.grant', { login: l.login, role: 'reviewer', displayName: display }));
      people.push({ ...l, core: await team.reopen(l) });
    }
    const [ana, ben] = people as [(typeof people)[0], (typeof people)[0]];
    const src = tempDir('sunshine-src-');
    write(src, 'memo.txt', 'sponsor vetting memo');
    const id = (await ok(team.admin.core.invoke('documents.import', { paths: [path.join(src, 'memo.txt')] }))).files[0]!.documentId!;

    const loaded = await ok(ana.core.invoke('review.get', { id }));
    const [a, b] = await Promise.all([
      ana.core.invoke('review.set', { ids: [id], version: loaded.version, status: 'responsive', notes: 'Ana read it' }),
      ben.core.invoke('review.set', { ids: [id], version: loaded.version, status: 'privileged', privilege: 'attorney-client' }),
    ]);
    const results = [a, b];
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const anaWon = a.ok;
    const winner = anaWon ? ana : ben;
    // Refused by whichever check met it first, each naming the winner: the lease her saving took (she is coding it),
    // or, had the loser's write gone first to the lock, the version she saved over.
    const changed = anaWon ? 'Ana Ruiz changed the status and the notes at 14:02 — reload or keep yours' : 'Ben Ortiz changed the status and the privilege basis at 14:02 — reload or keep yours';
    const coding = `${anaWon ? 'Ana Ruiz' : 'Ben Ortiz'} (${winner.login}) is coding this document; you can read it.`;
    expect(lost[0]).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect([changed, coding]).toContain((lost[0] as { error: { message: string } }).error.message);
    // The winner's coding whole, nothing of the loser's, one version up.
    const now = await ok(team.admin.core.invoke('review.get', { id }));
    expect(now).toMatchObject(
      anaWon ? { status: 'responsive', notes: 'Ana read it', privilege: null, version: 2 } : { status: 'privileged', privilege: 'attorney-client', notes: '', version: 2 },
    );
    expect(now.history.filter((h) => h.what.startsWith('coded'))).toHaveLength(1);

    // Once the winner leaves the document, Keep mine: the loser saves again from the version the refusal was about, and wins.
    await ok(winner.core.invoke('review.release', { id }));
    const loser = anaWon ? ben : ana;
    const again = await ok(loser.core.invoke('review.set', { ids: [id], version: 2, status: 'non-responsive' }));
    expect(again).toMatchObject({ changed: 1, version: 3 });
  });
});
