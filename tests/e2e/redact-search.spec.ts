import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api } from './fixtures.ts';

test.describe('redaction by search', () => {
  test('from a search: every hit with its context, untick one, apply with a reason, see the boxes, undo the batch', async ({ page, sunshine }) => {
    // Words no other test uses: tests in one worker share a workspace.
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const lines = ['Source Pangolinus Quarrymede met staff on Monday.', 'Quarrymede asked that the memo stay sealed.', 'Copy kept by Quarrymede at home.'];
    lines.forEach((line) => doc.addPage([612, 792]).drawText(line, { x: 60, y: 700, size: 16, font }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-redact-search-'));
    fs.writeFileSync(path.join(dir, 'quarrymede.pdf'), await doc.save());
    const id = (await api<{ files: { documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] })).files[0]!.documentId;

    await page.goto(sunshine.url);
    await page.goto(`${sunshine.url.split('?')[0]}#/search?q=quarrymede`);
    await expect(page.getByRole('status').first()).toContainText('match');
    await page.getByRole('button', { name: 'Redact hits…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Redact the hits of this search' });
    const hits = dialog.getByRole('group', { name: 'Hits' }).getByRole('checkbox');
    await expect(hits).toHaveCount(3);
    await expect(hits.nth(0)).toBeChecked();
    await expect(dialog.getByText('page 1: …Source Pangolinus Quarrymede met staff on Monday.…')).toBeVisible();
    // Keep page 3's hit.
    await dialog.getByRole('checkbox', { name: /page 3: …Copy kept by Quarrymede/ }).uncheck();
    await dialog.getByRole('combobox', { name: 'Reason' }).click();
    await page.getByRole('option', { name: '(b)(7)(C)' }).click();
    await expectAccessible(page, 'Redact hits dialog');
    await page.screenshot({ path: test.info().outputPath('redact-hits.png') });
    const apply = dialog.getByRole('button', { name: 'Apply 2 redactions' });
    // A double click applies once: the form takes no second submit while one is in flight.
    await apply.dblclick();
    const status = dialog.getByRole('status', { name: 'Result of redacting' });
    await expect(status).toHaveText('Redacted 2 hits with 2 boxes in 1 document ((b)(7)(C)).');
    const saved = await api<{ redactions: { page: number; reason: string }[] }>(sunshine, 'redactions.list', { id });
    expect(saved.redactions.map((r) => [r.page, r.reason])).toEqual([
      [1, 'b7C'],
      [2, 'b7C'],
    ]);
    await page.screenshot({ path: test.info().outputPath('redact-hits-applied.png') });

    // The viewer shows them.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.goto(`${sunshine.url.split('?')[0]}#/documents/${id}`);
    const list = page.getByRole('list', { name: 'Redactions' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list).toContainText('Page 1: (b)(7)(C)');
    await expect(page.getByRole('img', { name: /^Page 1 as received/ })).toBeVisible();
    await expect(page.getByTestId('redaction-layer').getByText('(b)(7)(C)')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('redact-hits-viewer.png') });

    // A second reviewer approves them; the one who drew them cannot.
    const review = page.getByRole('group', { name: 'Second review of the redactions' });
    await expect(review.getByRole('status')).toContainText('Not approved by a second reviewer');
    await review.getByRole('button', { name: 'Approve these redactions' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Redactions are approved by a second reviewer' })).toBeVisible();
    const me = (await api<{ userName: string }>(sunshine, 'settings.get', {})).userName;
    await api(sunshine, 'settings.update', { userName: 'Quarry Second Reader' });
    try {
      await page.reload();
      await page.getByRole('group', { name: 'Second review of the redactions' }).getByRole('button', { name: 'Approve these redactions' }).click();
      if (sunshine.engine === 'postgres') {
        // In a team workspace who acts is the database login: a name typed in Settings does not make a second reviewer.
        await expect(page.getByRole('alert').filter({ hasText: 'Redactions are approved by a second reviewer' })).toBeVisible();
        await expect(page.getByRole('group', { name: 'Second review of the redactions' }).getByRole('status')).toContainText('Not approved by a second reviewer');
      } else {
        await expect(page.getByRole('group', { name: 'Second review of the redactions' }).getByRole('status')).toContainText('Approved by Quarry Second Reader');
        await page.getByRole('group', { name: 'Second review of the redactions' }).scrollIntoViewIfNeeded();
        await page.screenshot({ path: test.info().outputPath('redactions-approved.png') });
      }
    } finally {
      await api(sunshine, 'settings.update', { userName: me });
    }

    // Undo takes the whole batch away in one step.
    await page.goto(`${sunshine.url.split('?')[0]}#/search?q=quarrymede`);
    await page.getByRole('button', { name: 'Redact terms…' }).click();
    const terms = page.getByRole('dialog', { name: 'Redact a list of terms' });
    await terms.getByLabel('Terms to redact, one word or phrase a line').fill('Pangolinus Quarrymede\nsealed');
    await terms.getByRole('button', { name: 'Find hits' }).click();
    await expect(terms.getByRole('group', { name: 'Hits' }).getByRole('checkbox')).toHaveCount(2);
    await terms.getByRole('button', { name: 'Apply 2 redactions' }).click();
    await expect(terms.getByRole('status', { name: 'Result of redacting' })).toHaveText('Redacted 2 hits with 3 boxes in 1 document ((b)(6)).');
    await terms.getByRole('button', { name: 'Undo' }).click();
    await expect(terms.getByRole('status', { name: 'Result of redacting' })).toHaveText('Undone: took away 3 boxes.');
    expect((await api<{ redactions: unknown[] }>(sunshine, 'redactions.list', { id })).redactions).toHaveLength(2);
  });

  test('personal data by kind: every SSN found, boxed with (b)(6) in one batch', async ({ page, sunshine }) => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([612, 792]).drawText('Sponsor Kiwiburrow gave SSN 456-78-9012 at intake.', { x: 60, y: 700, size: 14, font });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-redact-pii-'));
    fs.writeFileSync(path.join(dir, 'kiwiburrow.pdf'), await doc.save());
    const id = (await api<{ files: { documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] })).files[0]!.documentId;

    await page.goto(sunshine.url);
    await page.goto(`${sunshine.url.split('?')[0]}#/search?q=kiwiburrow`);
    await expect(page.getByRole('status').first()).toContainText('match');
    await page.getByRole('button', { name: 'Redact personal data…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Redact personal data' });
    await dialog.getByLabel('Kind of personal data').selectOption('ssn');
    await dialog.getByRole('button', { name: 'Find hits' }).click();
    const ours = dialog.getByRole('checkbox', { name: /kiwiburrow\.pdf, page 1: …Sponsor Kiwiburrow gave SSN 456-78-9012 at intake\.…/ });
    await expect(ours).toBeChecked();
    // Other tests of this worker may have left SSNs in the shared workspace: keep theirs.
    const all = dialog.getByRole('group', { name: 'Hits' }).getByRole('checkbox');
    for (let i = 0; i < (await all.count()); i++) {
      const box = all.nth(i);
      if (!/Kiwiburrow/.test((await box.getAttribute('aria-label')) ?? (await box.locator('xpath=..').innerText()))) await box.uncheck();
    }
    await page.screenshot({ path: test.info().outputPath('redact-pii.png') });
    await dialog.getByRole('button', { name: 'Apply 1 redaction' }).click();
    await expect(dialog.getByRole('status', { name: 'Result of redacting' })).toHaveText('Redacted 1 hit with 1 box in 1 document ((b)(6)).');
    expect((await api<{ redactions: { page: number; reason: string }[] }>(sunshine, 'redactions.list', { id })).redactions.map((r) => [r.page, r.reason])).toEqual([[1, 'b6']]);
  });

  test('a term list without words is refused with what to fix', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-redact-terms-'));
    fs.writeFileSync(path.join(dir, 'wombatrix.txt'), 'The wombatrix file.');
    await api(sunshine, 'documents.import', { paths: [dir] });
    await page.goto(sunshine.url);
    await page.goto(`${sunshine.url.split('?')[0]}#/search?q=wombatrix`);
    await page.getByRole('button', { name: 'Redact terms…' }).click();
    const terms = page.getByRole('dialog', { name: 'Redact a list of terms' });
    await terms.getByLabel('Terms to redact, one word or phrase a line').fill('--\n');
    await terms.getByRole('button', { name: 'Find hits' }).click();
    await expect(terms.getByRole('alert')).toHaveText(/line 1 \("--"\) has no letters or digits/);
  });
});
