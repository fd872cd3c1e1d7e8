import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePdf } from './fixtures.ts';
import { fails, ok, query, tempDir, TEST_ENGINE, testCore } from './helpers.ts';

const box = { page: 1, x: 0.1, y: 0.1, width: 0.3, height: 0.05 };

// Two reviewers are two people here by the name each typed; in a team workspace they are two logins, whatever name is typed.
const teamSkip = TEST_ENGINE === 'postgres' ? 'a team workspace tells reviewers apart by login, not by a typed name: team-redaction-approval.test.ts tests it with two logins' : null;
if (teamSkip) console.warn(`[skipped] redaction approval by a second reviewer: ${teamSkip}`);

describe.skipIf(teamSkip !== null)('a second reviewer', () => {
  it('approves the boxes as they are, never their own; a box changed since undoes the approval', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-approve-');
    await makePdf(path.join(src, 'memo.pdf'), ['Sponsor Numbatleigh at the address on file']);
    const id = (await ok(core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    expect(await fails(core.invoke('redactions.approve', { id }))).toMatchObject({ code: 'BAD_INPUT', message: `id: document ${id} has no redactions to approve.` });

    await ok(core.invoke('settings.update', { userName: 'Ana Drawer' }));
    await ok(core.invoke('redactions.add', { id, ...box, reason: 'b6' }));
    expect((await ok(core.invoke('redactions.list', { id }))).approval).toEqual({ boxes: 1, drawnBy: ['Ana Drawer'], approvedBy: null, approvedAt: null });
    expect(await fails(core.invoke('redactions.approve', { id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^Redactions are approved by a second reviewer: Ana Drawer drew these boxes/) });

    await ok(core.invoke('settings.update', { userName: 'Ben Second' }));
    expect(await ok(core.invoke('redactions.approve', { id }))).toMatchObject({ boxes: 1, approvedBy: 'Ben Second' });
    // Approving twice records it once.
    await ok(core.invoke('redactions.approve', { id }));
    const history = await query<{ actor: string; action: string }>(core, "SELECT actor, action FROM audit_log WHERE action = 'redactions.approve'");
    expect(history).toEqual([{ actor: 'Ben Second', action: 'redactions.approve' }]);
    expect((await ok(core.invoke('review.get', { id }))).history.map((h) => h.what)).toContain('approved its 1 redaction as a second reviewer');

    // Ben adds a box: the set changed, and Ben drew part of it.
    await ok(core.invoke('redactions.add', { id, ...box, y: 0.5, reason: 'b7C' }));
    expect((await ok(core.invoke('redactions.list', { id }))).approval).toMatchObject({ boxes: 2, drawnBy: ['Ana Drawer', 'Ben Second'], approvedBy: null });
    expect(await fails(core.invoke('redactions.approve', { id }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Ben Second drew some of these boxes/) });
    await ok(core.invoke('settings.update', { userName: 'Cy Third' }));
    expect(await ok(core.invoke('redactions.approve', { id }))).toMatchObject({ boxes: 2, approvedBy: 'Cy Third' });

    // Taking a box away leaves the rest unapproved again.
    const [first] = (await ok(core.invoke('redactions.list', { id }))).redactions;
    await ok(core.invoke('redactions.remove', { redaction: first!.id }));
    expect((await ok(core.invoke('redactions.list', { id }))).approval).toMatchObject({ boxes: 1, approvedBy: null });
  }, 60_000);
});
