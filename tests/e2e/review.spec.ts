import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api, withSourcesPassphrase } from './fixtures.ts';

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-review-'));
  // A word no other test file uses: tests in one worker share a workspace.
  fs.writeFileSync(path.join(dir, 'a.txt'), 'The ovenbird sponsor was never vetted.');
  fs.writeFileSync(path.join(dir, 'b.txt'), 'Ovenbird sponsor address: a vacant warehouse.');
  fs.writeFileSync(path.join(dir, 'c.txt'), 'Transport contract, nothing else.');
  return dir;
}

test.describe('review', () => {
  test('make tags, tag every result of a search, then code the set from the keyboard alone', async ({ page, sunshine }) => {
    await api(sunshine, 'documents.import', { paths: [folder()] });
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Review', exact: true }).click();
    await page.getByRole('textbox', { name: 'New tag' }).fill('Hot');
    await page.getByRole('combobox', { name: 'Shortcut key' }).click();
    await page.getByRole('option', { name: 'h', exact: true }).click();
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByRole('textbox', { name: 'New tag' }).fill('Produce');
    await page.getByRole('button', { name: 'Add tag' }).click();
    const tags = page.getByRole('table', { name: 'Tags' });
    // Rows by the tag's exact name: other tests in this workspace keep tags such as "Marblewort produce".
    const tagRow = (name: string) => tags.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await expect(tagRow('Produce')).toHaveCount(1);
    await expect(tagRow('Hot')).toContainText('h');
    await expectAccessible(page, 'Review: tags and saved searches');

    await page.goto(`${sunshine.url.split('?')[0]}#/search?q=ovenbird`);
    await expect(page.getByRole('status').first()).toHaveText('2 pages match, best first.');
    const actions = page.getByRole('group', { name: 'With these results' });
    await actions.getByRole('combobox', { name: 'Tag to apply' }).click();
    await page.getByRole('option', { name: 'Produce', exact: true }).click();
    await actions.getByRole('button', { name: 'Tag all results', exact: true }).click();
    await expect(actions.getByRole('status')).toHaveText('Produce: 2 of 2 documents tagged.');
    await expect(page.getByRole('region', { name: 'Tag' }).getByRole('button')).toHaveText(['Produce2']);
    await expectAccessible(page, 'Search with result actions');

    await actions.getByRole('link', { name: 'Review these from the keyboard' }).click();
    const position = page.getByRole('status').filter({ hasText: 'Document' });
    await expect(position).toHaveText(/^Document 1 of 2 — [ab]\.txt$/);
    const first = (await position.textContent())!.slice(-5);
    await page.keyboard.press('2'); // responsive
    await page.keyboard.press('6'); // hot rating
    await page.keyboard.press('h'); // the Hot tag
    const coding = page.getByRole('region', { name: 'Coding' });
    await expect(coding.getByRole('radio', { name: /^Responsive/ })).toBeChecked();
    await expect(coding.getByRole('button', { name: 'Tag Hot (h)' })).toHaveAttribute('aria-pressed', 'true');
    await expect(coding.getByRole('list', { name: 'History' })).toContainText('coded — status responsive');
    await expectAccessible(page, 'Keyboard review');
    await page.keyboard.press('j');
    await expect(position).toHaveText(/^Document 2 of 2 — [ab]\.txt$/);
    await expect(position).not.toHaveText(new RegExp(first.replace('.', '\\.')));
    await page.keyboard.press('5'); // privileged
    await expect(coding.getByRole('radio', { name: /^Privileged/ })).toBeChecked();
    await page.keyboard.press('k');
    await expect(position).toHaveText(new RegExp(`${first.replace('.', '\\.')}$`));
    await expect(coding.getByRole('radio', { name: /^Responsive/ })).toBeChecked();

    const hot = await api<{ rows: { name: string }[] }>(sunshine, 'documents.list', { tag: 'Hot' });
    expect(hot.rows.map((r) => r.name)).toEqual([first]);
    const privileged = await api<{ rows: { name: string }[] }>(sunshine, 'documents.list', { status: 'privileged' });
    expect(privileged.rows.map((r) => r.name)).toContain(first === 'a.txt' ? 'b.txt' : 'a.txt');
  });
});

test.describe('forms', () => {
  test('a form takes no input and no second submit while its save is in flight, and starts the next entry empty', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Review', exact: true }).click();
    // Hold the save on its way to the core, as a slow disk or a busy machine would.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const creates: unknown[] = [];
    await page.route('**/api/call', async (route) => {
      const body = route.request().postDataJSON() as { name: string; input: unknown };
      if (body.name === 'tags.create') {
        creates.push(body.input);
        await held;
      }
      await route.continue();
    });
    const name = page.getByRole('textbox', { name: 'New tag' });
    const shortcut = page.getByRole('combobox', { name: 'Shortcut key' });
    await name.fill('Ember');
    await shortcut.click();
    await page.getByRole('option', { name: 'e', exact: true }).click();
    await name.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => creates.length).toBe(1);
    await expect(name).toBeDisabled();
    await expect(shortcut).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Add tag' })).toBeDisabled();
    release();
    const tags = page.getByRole('table', { name: 'Tags' });
    await expect(tags.getByRole('row').filter({ hasText: 'Ember' })).toHaveCount(1);
    await expect(name).toBeEnabled();
    await expect(name).toHaveValue('');
    await expect(shortcut).toHaveText('none');
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(creates).toEqual([{ name: 'Ember', color: '#0f6cbd', shortcut: 'e' }]);
  });
});

test.describe('tags', () => {
  test('a tag added under another leaves the form at the top level; a tag is renamed, recoloured and given a key', async ({ page, sunshine }) => {
    await api(sunshine, 'tags.create', { name: 'Quillon' });
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Review', exact: true }).click();
    const under = page.getByRole('combobox', { name: 'Under' });
    await page.getByRole('textbox', { name: 'New tag' }).fill('Guard');
    await under.click();
    await page.getByRole('option', { name: 'Quillon', exact: true }).click();
    await page.getByRole('button', { name: 'Add tag' }).click();
    const tags = page.getByRole('table', { name: 'Tags' });
    await expect(tags.getByRole('row').filter({ hasText: 'Quillon/Guard' })).toHaveCount(1);
    await expect(under).toHaveText('(top level)');

    await tags.getByRole('button', { name: 'Edit tag Quillon', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the tag Quillon' });
    await expectAccessible(page, 'Edit a tag');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Quillons');
    await dialog.getByLabel('Colour').fill('#c50f1f');
    await dialog.getByRole('combobox', { name: 'Shortcut key' }).click();
    await page.getByRole('option', { name: 'q', exact: true }).click();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(tags.getByRole('row').filter({ hasText: 'Quillons/Guard' })).toHaveCount(1);
    const list = await api<{ tags: { path: string; color: string; shortcut: string | null }[] }>(sunshine, 'tags.list', {});
    expect(list.tags.find((t) => t.path === 'Quillons')).toMatchObject({ color: '#c50f1f', shortcut: 'q' });
  });
});

test.describe('redaction', () => {
  test('drag a box over a PDF page with its reason, see it listed and drawn, take it away again', async ({ page, sunshine }) => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([612, 792]).drawText('Informant: Jane Zebracorn, 555-0100', { x: 60, y: 700, size: 18, font });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-redact-'));
    fs.writeFileSync(path.join(dir, 'tip.pdf'), await doc.save());
    const imported = await api<{ files: { documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    const id = imported.files[0]!.documentId;

    await page.goto(sunshine.url);
    await page.goto(`${sunshine.url.split('?')[0]}#/documents/${id}`);
    await expect(page.getByRole('img', { name: /^Page 1 as received/ })).toBeVisible();
    await page.getByRole('switch', { name: 'Draw redactions' }).click();
    await page.getByRole('combobox', { name: 'Reason for new boxes' }).click();
    await page.getByRole('option', { name: '(b)(7)(C)' }).click();
    const layer = page.getByTestId('redaction-layer');
    const b = (await layer.boundingBox())!;
    // Over the line of text: 60 pt from the left, its baseline 92 pt from the top of a 792 pt page.
    await page.mouse.move(b.x + b.width * (50 / 612), b.y + b.height * (70 / 792));
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * (420 / 612), b.y + b.height * (98 / 792), { steps: 5 });
    await page.mouse.up();
    const list = page.getByRole('list', { name: 'Redactions' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(list).toContainText('Page 1: (b)(7)(C)');
    await expect(layer.getByText('(b)(7)(C)')).toBeVisible();
    const saved = await api<{ redactions: { x: number; width: number; reason: string }[] }>(sunshine, 'redactions.list', { id });
    expect(saved.redactions).toEqual([expect.objectContaining({ reason: 'b7C' })]);
    expect(saved.redactions[0]!.x).toBeCloseTo(50 / 612, 2);
    expect(saved.redactions[0]!.width).toBeCloseTo(370 / 612, 2);
    await expectAccessible(page, 'Document with a redaction');
    await list.getByRole('button', { name: 'Remove the (b)(7)(C) redaction on page 1' }).click();
    await expect(page.getByRole('list', { name: 'Redactions' })).toHaveCount(0);
  });
});

test.describe('productions', () => {
  test('produce a tag from the Review screen: the Bates range, the folder, and the list of productions', async ({ page, sunshine }) => {
    // Files of its own: the other tests of this file share the workspace and code their documents.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-produce-'));
    fs.writeFileSync(path.join(dir, 'one.txt'), 'Volumetric placement ledger, first part.');
    fs.writeFileSync(path.join(dir, 'two.txt'), 'Volumetric placement ledger, second part.');
    await api(sunshine, 'documents.import', { paths: [dir] });
    await withSourcesPassphrase(sunshine);
    await api(sunshine, 'tags.create', { name: 'Volume 1' });
    await api(sunshine, 'tags.apply', { tag: 'Volume 1', search: { query: 'volumetric' } });
    const req = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'oversight-letter', agency: 'ORR', subject: 'Sponsor vetting' });
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Review', exact: true }).click();
    const form = page.getByRole('form', { name: 'New production' });
    await form.getByRole('combobox', { name: 'Documents tagged' }).click();
    await page.getByRole('option', { name: 'Volume 1 (2)' }).click();
    await form.getByRole('textbox', { name: 'Bates prefix' }).fill('VOL-');
    await expect(form).toContainText('next free: 1');
    await form.getByRole('textbox', { name: 'Recipient' }).fill('Senate HSGAC');
    await form.getByRole('textbox', { name: 'For request' }).fill(req.reference);
    // A sealed source in the workspace (other tests of this worker may add one anyway): the plan checks the documents against it.
    await form.getByLabel("Sources' passphrase").fill('correct horse battery staple');
    await form.getByRole('button', { name: 'Check plan' }).click();
    await expect(page.getByRole('status', { name: 'Plan summary' })).toHaveText('2 documents, VOL-00000001–VOL-00000002, 2 pages: nothing blocks.');
    await form.getByRole('button', { name: 'Produce' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Produced' })).toHaveText(/^Produced VOL-00000001–VOL-00000002: 2 documents, 0 withheld, 2 pages, in the folder [^/\\]+\.( |$)/);
    expect(await page.locator('body').innerText()).not.toContain(sunshine.dataDir);
    const table = page.getByRole('table', { name: 'Productions' });
    // Other tests of this worker may have produced too: this production's own row.
    await expect(table.getByRole('row').filter({ hasText: 'VOL-00000001' })).toHaveCount(1);
    await expect(table.getByRole('row').filter({ hasText: 'VOL-00000001' })).toContainText('Senate HSGAC');
    await expect(form).toContainText('next free: 3');
    await expectAccessible(page, 'Review with a production');
    // The same numbers again are refused, with the next free one named.
    await form.getByRole('spinbutton', { name: 'First number' }).fill('2');
    await form.getByRole('button', { name: 'Check plan' }).click();
    await expect(page.getByRole('alert')).toContainText('the next free number is 3');
    await expect(form.getByRole('button', { name: 'Produce' })).toBeDisabled();
    // Each page its own image file; text files drawn as pages, not sent as natives …
    const produced = (name: string) => path.join(sunshine.dataDir, 'productions', name);
    expect(fs.readdirSync(path.join(produced('VOL production from VOL-00000001'), 'IMAGES', '001')).sort()).toEqual(['VOL-00000001.pdf', 'VOL-00000002.pdf']);
    expect(fs.readdirSync(path.join(produced('VOL production from VOL-00000001'), 'NATIVES'))).toEqual([]);
    // … unless the production sends text as natives. Another padding for the prefix is refused, with the one to use.
    await form.getByRole('spinbutton', { name: 'First number' }).fill('3');
    await form.getByRole('spinbutton', { name: 'Digits' }).fill('6');
    await form.getByRole('combobox', { name: 'Sent as natives' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Text', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect(form.getByRole('combobox', { name: 'Sent as natives' })).toHaveText('Spreadsheet, CSV, Text');
    // … and its pages (the slip sheets) as Group 4 TIFF.
    await form.getByRole('combobox', { name: 'Page images' }).click();
    await page.getByRole('option', { name: 'Group 4 TIFF, a page a file' }).click();
    await form.getByRole('button', { name: 'Check plan' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'numbers under VOL- have 8 digits' })).toBeVisible();
    await expect(form.getByRole('button', { name: 'Produce' })).toBeDisabled();
    await form.getByRole('spinbutton', { name: 'Digits' }).fill('');
    await form.getByRole('button', { name: 'Check plan' }).click();
    await expect(page.getByRole('status', { name: 'Plan summary' })).toHaveText('2 documents, VOL-00000003–VOL-00000004, 2 pages: nothing blocks.');
    await form.getByRole('button', { name: 'Produce' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Produced' })).toContainText('Produced VOL-00000003–VOL-00000004');
    expect(fs.readdirSync(path.join(produced('VOL production from VOL-00000003'), 'NATIVES')).sort()).toEqual(['VOL-00000003.txt', 'VOL-00000004.txt']);
    expect(fs.readdirSync(path.join(produced('VOL production from VOL-00000003'), 'IMAGES', '001')).sort()).toEqual(['VOL-00000003.tif', 'VOL-00000004.tif']);
    // Recorded against its request.
    await page.goto(`${sunshine.url.split('?')[0]}#/requests/${req.reference}`);
    await expect(page.getByRole('list', { name: 'Productions for this request' })).toContainText('VOL-00000001–VOL-00000002');
  });
});
