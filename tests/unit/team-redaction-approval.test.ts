/**
 * A second reviewer's approval of redactions in a team workspace: the two reviewers are two
 * logins (what a name typed in Settings cannot fake), and each is shown by their display name.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/shared/roles.ts';
import { makePdf } from './fixtures.ts';
import { fails, ok, tempDir } from './helpers.ts';
import { pgSkipReason } from './pg-helpers.ts';
import { createLogin, teamWorkspace, type TeamWorkspace } from './team-helpers.ts';

const d = pgSkipReason ? describe.skip : describe;
if (pgSkipReason) console.warn(`[skipped] team redaction approval: ${pgSkipReason}`);

const box = { page: 1, x: 0.1, y: 0.1, width: 0.3, height: 0.05 };

async function person(team: TeamWorkspace, name: string, displayName: string, role: Role) {
  const l = await createLogin(name);
  await ok(team.admin.core.invoke('team.grant', { login: l.login, role, displayName }));
  return { ...l, core: await team.reopen(l) };
}

d('a second reviewer in a team workspace', () => {
  it('is another login: counsel who drew a box may not approve, a colleague who drew none may; both named as people', async () => {
    const team = await teamWorkspace();
    const src = tempDir('sunshine-team-approve-');
    await makePdf(path.join(src, 'memo.pdf'), ['Sponsor Numbatleigh at the address on file']);
    const id = (await ok(team.admin.core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    const ana = await person(team, 'ana', 'Ana Ruiz', 'counsel');
    const cy = await person(team, 'cy', 'Cy Tran', 'counsel');
    const anaName = `Ana Ruiz (${ana.login})`;
    const cyName = `Cy Tran (${cy.login})`;

    // A name typed in Settings is only a display name: calling herself Cy, ana is still ana, and the login beside the name says so.
    await ok(ana.core.invoke('settings.update', { userName: 'Cy Tran' }));
    await ok(ana.core.invoke('redactions.add', { id, ...box, reason: 'b6' }));
    expect((await ok(cy.core.invoke('redactions.list', { id }))).approval.drawnBy).toEqual([`Cy Tran (${ana.login})`]);
    expect(await fails(ana.core.invoke('redactions.approve', { id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(`Cy Tran (${ana.login}) drew these boxes`) });
    await ok(ana.core.invoke('settings.update', { userName: 'Ana Ruiz' }));
    const drawn = await ok(cy.core.invoke('redactions.list', { id }));
    expect(drawn.redactions.map((r) => r.createdBy)).toEqual([anaName]);
    expect(drawn.approval).toEqual({ boxes: 1, drawnBy: [anaName], approvedBy: null, approvedAt: null });
    expect(await fails(ana.core.invoke('redactions.approve', { id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(new RegExp(`^Redactions are approved by a second reviewer: Ana Ruiz \\(${ana.login}\\) drew these boxes`)) });

    // Drawing took the document's lease: ana leaves it, and cy may approve.
    expect(await fails(cy.core.invoke('redactions.approve', { id }))).toMatchObject({ code: 'CONFLICT', message: `${anaName} is coding this document; you can read it.` });
    await ok(ana.core.invoke('review.release', { id }));
    expect(await ok(cy.core.invoke('redactions.approve', { id }))).toMatchObject({ boxes: 1, drawnBy: [anaName], approvedBy: cyName });
    // The history records the login as the actor, whatever name was typed.
    const history = (await ok(ana.core.invoke('review.get', { id }))).history;
    expect(history.find((h) => h.what === 'approved its 1 redaction as a second reviewer')).toMatchObject({ actor: cy.login, actorName: 'Cy Tran' });

    // Cy adds a box: Cy drew part of the set now, and may not approve it; ana may not either.
    await ok(cy.core.invoke('redactions.add', { id, ...box, y: 0.5, reason: 'b7C' }));
    expect((await ok(ana.core.invoke('redactions.list', { id }))).approval).toMatchObject({ boxes: 2, drawnBy: [anaName, cyName], approvedBy: null });
    expect(await fails(cy.core.invoke('redactions.approve', { id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Cy Tran \(.*\) drew some of these boxes/) });
    // Once cy has left the document: ana drew some of it too, and may not; the admin drew none of it.
    await ok(cy.core.invoke('review.release', { id }));
    expect(await fails(ana.core.invoke('redactions.approve', { id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(`${anaName} drew some of these boxes`) });
    expect(await ok(team.admin.core.invoke('redactions.approve', { id }))).toMatchObject({ boxes: 2, approvedBy: expect.any(String) });
  });
});
