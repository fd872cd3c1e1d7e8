import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api } from './fixtures.ts';

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-batches-'));
  // A word no other test file uses: tests in one worker share a workspace.
  for (const n of ['one', 'two', 'three']) fs.writeFileSync(path.join(dir, `zarnickwort-${n}.txt`), `Zarnickwort permit file ${n}.`);
  return dir;
}

test.describe('review batches', () => {
  test('make batches from a search, open the first document with "next in my batch", code it, and see progress move', async ({ page, sunshine }) => {
    await api(sunshine, 'documents.import', { paths: [folder()] });
    const base = sunshine.url.split('?')[0];
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Review', exact: true }).click();

    const form = page.getByRole('form', { name: 'Make review batches' });
    await form.getByRole('textbox', { name: 'Batch name' }).fill('Zarnickwort pass');
    await form.getByRole('textbox', { name: 'Search words' }).fill('zarnickwort');
    await form.getByRole('spinbutton', { name: 'Batch size' }).fill('2');
    // The window's own person is the one reviewer who may be given batches here (on a team
    // workspace, its admin): ticked already when alone, ticked here otherwise.
    // (Other specs in this worker's workspace grant other logins a role: the window's own is picked by its login.)
    const { you } = await api<{ you: string | null }>(sunshine, 'review.batches', {});
    const reviewers = form.getByRole('checkbox');
    const mine = you === null ? reviewers.first() : form.getByRole('checkbox', { name: new RegExp(`^(.* \\()?${you}\\)?$`) });
    if ((await reviewers.count()) > 1) await mine.check();
    await expect(mine).toBeChecked();
    await form.getByRole('button', { name: 'Make batches' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Made 2 batches' })).toHaveText('Made 2 batches of 3 documents.');

    const batches = page.getByRole('table', { name: 'Review batches' });
    const row = (name: string) => batches.getByRole('row').filter({ hasText: name });
    await expect(row('Zarnickwort pass 1 of 2')).toContainText('0 / 2 coded');
    await expect(row('Zarnickwort pass 2 of 2')).toContainText('0 / 1 coded');
    await expect(row('Zarnickwort pass 1 of 2')).toContainText('search "zarnickwort"');
    await expect(page.getByRole('table', { name: 'Progress per reviewer' }).getByRole('row')).toHaveCount(2);
    await expectAccessible(page, 'Review: batches');
    await page.screenshot({ path: 'test-results/review-batches-home.png', fullPage: true });

    // From keyboard review of any set, Shift+J opens the next document of one's batches: the first one.
    await page.goto(`${base}#/review?q=zarnickwort`);
    await expect(page.getByRole('status').filter({ hasText: 'Document' })).toHaveText(/^Document 1 of 3/);
    await page.keyboard.press('Shift+J');
    await expect(page.getByRole('heading', { name: 'Review: my batches' })).toBeVisible();
    const progress = page.getByLabel('Batch progress');
    await expect(progress).toHaveText('Zarnickwort pass 1 of 2: document 1 of 2 — 3 left to code in your batches');
    const first = (await api<{ document: { name: string } }>(sunshine, 'review.nextInBatch', {})).document.name;
    await expect(page.getByRole('status').filter({ hasText: 'Document' })).toContainText(first);
    await page.keyboard.press('2'); // responsive
    const coding = page.getByRole('region', { name: 'Coding' });
    await expect(coding.getByRole('radio', { name: /^Responsive/ })).toBeChecked();
    await expectAccessible(page, 'Keyboard review of my batches');
    await page.screenshot({ path: 'test-results/review-batches-keyboard.png', fullPage: true });

    // The button does the same: on to the batch's second document.
    await page.getByRole('button', { name: 'Next in my batch (Shift+J)' }).click();
    await expect(progress).toHaveText('Zarnickwort pass 1 of 2: document 2 of 2 — 2 left to code in your batches');
    await expect(page.getByRole('status').filter({ hasText: 'Document' })).not.toContainText(first);

    await page.getByRole('link', { name: 'Back to Review' }).click();
    await expect(row('Zarnickwort pass 1 of 2')).toContainText('1 / 2 coded');
    await expect(page.getByRole('status', { name: 'My batch progress' })).toContainText('1 of 3 documents coded in 2 batches');
  });

  test('a document a colleague is coding says who has it, and its coding cannot be changed here', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-lease-'));
    // A word no other spec uses (the mailbox spec has "marshwort"): the keyboard review below counts its hits.
    fs.writeFileSync(path.join(dir, 'quillfen-lease.txt'), 'Quillfenwort lease memo.');
    const imported = await api<{ files: { documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    const id = imported.files[0]!.documentId;
    // A colleague's lease, as a team workspace's server would answer (a data folder has nobody else to hold one).
    const since = new Date(Date.UTC(2026, 11, 1, 14, 2)).toISOString();
    const held = { documentId: id, held: true, yours: false, holder: { login: 'aruiz', displayName: 'Ana Ruiz' }, since, expiresAt: since, renewSeconds: 30, teamOnly: false };
    const sets: unknown[] = [];
    await page.route('**/api/call', async (route) => {
      const body = route.request().postDataJSON() as { name: string; input: { id?: number } };
      if ((body.name === 'review.lease' || body.name === 'review.leaseOf') && body.input.id === id) {
        await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: held }) });
        return;
      }
      if (body.name === 'review.set') sets.push(body.input);
      await route.continue();
    });
    await page.goto(sunshine.url);
    await page.goto(`${sunshine.url.split('?')[0]}#/documents/${id}`);
    const coding = page.getByRole('region', { name: 'Coding' });
    const time = new Date(since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    await expect(coding.getByRole('status')).toHaveText(`Being coded by Ana Ruiz since ${time}. You can read it; its coding opens to you once they leave it.`);
    await expect(coding.getByRole('radio', { name: /^Responsive/ })).toBeDisabled();
    await expect(coding.getByRole('checkbox', { name: '(b)(5)' })).toBeDisabled();
    await expect(coding.getByRole('textbox', { name: 'Reviewer notes' })).toBeDisabled();
    await expectAccessible(page, 'A document a colleague is coding');
    await page.screenshot({ path: 'test-results/review-lease-held.png', fullPage: true });

    // In keyboard review, the keys that code do nothing to it but say why.
    await page.goto(`${sunshine.url.split('?')[0]}#/review?q=quillfenwort`);
    await expect(page.getByRole('status').filter({ hasText: 'Document' })).toHaveText('Document 1 of 1 — quillfen-lease.txt');
    await expect(coding.getByRole('radio', { name: /^Responsive/ })).toBeDisabled();
    await page.keyboard.press('2');
    await expect(page.getByRole('alert')).toContainText('Being coded by Ana Ruiz');
    expect(sets).toEqual([]);
    expect((await api<{ status: string }>(sunshine, 'review.get', { id })).status).toBe('unreviewed');
  });
});
