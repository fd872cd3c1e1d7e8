import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible, api } from './fixtures.ts';

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-docs-'));
  fs.writeFileSync(path.join(dir, 'memo.txt'), 'The contractor moved unaccompanied children at night.\n<script>alert("x")</script>');
  fs.writeFileSync(path.join(dir, 'again.txt'), 'The contractor moved unaccompanied children at night.\n<script>alert("x")</script>');
  fs.writeFileSync(path.join(dir, 'empty.pdf'), '');
  return dir;
}

test.describe('documents', () => {
  test('import a folder, read the per-file report, search a phrase and open the page with hits marked', async ({ page, sunshine }) => {
    const dir = folder();
    const req = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'ORR', subject: 'Transport records' });
    await page.goto(sunshine.url);
    await nav(page, 'Documents');
    await page.getByRole('button', { name: 'Add documents' }).click();
    await page.getByLabel('Files or folders on this computer, one per line').fill(dir);
    await page.getByLabel('Link to a request or disclosure (optional)').fill(req.reference);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'added' })).toHaveText('1 added, 1 already stored, 1 failed, 1 pages.');
    const report = page.getByRole('table', { name: 'Import report' });
    await expect(report.getByRole('row').filter({ hasText: 'empty.pdf' })).toContainText('is empty (0 bytes)');
    // Files are read in name order: again.txt first, so memo.txt is the same bytes again.
    await expect(report.getByRole('row').filter({ hasText: 'memo.txt' })).toContainText('already stored as again.txt');
    await expectAccessible(page, 'Documents with an import report');

    await nav(page, 'Search');
    await page.getByLabel('Search for').fill('"unaccompanied children"');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    const results = page.getByRole('list', { name: 'Results' });
    await expect(results.locator('mark')).toHaveText(['unaccompanied children']);
    await expectAccessible(page, 'Search results');
    await results.getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/(memo|again)\.txt/);
    const text = page.getByLabel('Text of page 1');
    // The phrase is marked as the phrase, as in the result's snippet.
    await expect(text.locator('mark')).toHaveText(['unaccompanied children']);
    // The file's markup is shown as text, never run.
    await expect(text).toContainText('<script>alert("x")</script>');
    await expect(page.getByRole('link', { name: req.reference })).toBeVisible();
    // The same field links it to a whistleblower disclosure, which then lists it.
    const dis = await api<{ reference: string }>(sunshine, 'disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'Night transports' });
    await page.getByLabel('Link to a request or disclosure').fill(dis.reference.toLowerCase());
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect(page.getByRole('link', { name: dis.reference })).toBeVisible();
    await expectAccessible(page, 'Document page');
    const docUrl = page.url();
    await page.getByRole('link', { name: dis.reference }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`^${dis.reference}`));
    await expect(page.getByRole('link', { name: /(memo|again)\.txt/ })).toBeVisible();
    await page.getByRole('link', { name: 'Search within these documents' }).click();
    await page.getByLabel('Search for').fill('contractor');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    await page.goto(docUrl);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save a copy of the original' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^(memo|again)\.txt$/);
    expect(fs.readFileSync((await download.path())!, 'utf8')).toBe('The contractor moved unaccompanied children at night.\n<script>alert("x")</script>');
  });

  test('the import report shows a file name without the override that would disguise its ending', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-bidi-'));
    fs.writeFileSync(path.join(dir, 'invoice\u202Efdp.exe'), 'Xylophonic remittance slip.');
    await page.goto(sunshine.url);
    await nav(page, 'Documents');
    await page.getByRole('button', { name: 'Add documents' }).click();
    await page.getByLabel('Files or folders on this computer, one per line').fill(dir);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'added' })).toHaveText('1 added, 0 already stored, 0 failed, 1 pages.');
    const name = page.getByRole('table', { name: 'Import report' }).getByRole('link', { name: /invoice/ });
    await expect(name).toHaveText(/invoicefdp\.exe$/);
    expect(await name.textContent()).not.toContain('\u202E');
  });

  test('a typed path into a hidden folder or the data folder is refused, saying why', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-hidden-'));
    fs.mkdirSync(path.join(dir, '.ssh'));
    fs.writeFileSync(path.join(dir, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----');
    await page.goto(sunshine.url);
    await nav(page, 'Documents');
    await page.getByRole('button', { name: 'Add documents' }).click();
    const typed = page.getByLabel('Files or folders on this computer, one per line');
    await typed.fill(path.join(dir, '.ssh', 'id_rsa'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('is or lies in a hidden file or folder (".ssh")');
    await expect(page.getByRole('alert')).toContainText('Nothing was imported.');
    await typed.fill(path.join(sunshine.dataDir, 'files'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText("is inside Sunshine's own data folder");
    await expect(page.getByRole('table', { name: 'Import report' })).toHaveCount(0);
  });

  test('words as written, word forms by a switch, and "did you mean" for a search that finds nothing', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-forms-'));
    fs.writeFileSync(path.join(dir, 'lamps.txt'), 'Three glimmerwicks were lit in the hall.');
    await api(sunshine, 'documents.import', { paths: [dir] });
    await page.goto(sunshine.url);
    await nav(page, 'Search');
    const box = page.getByLabel('Search for');
    await box.fill('glimmerwick');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('No pages match.');
    await page.getByRole('link', { name: 'glimmerwicks' }).click();
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    await expect(box).toHaveValue('glimmerwicks');
    await expect(page.getByRole('list', { name: 'Results' }).locator('mark')).toHaveText(['glimmerwicks']);

    await box.fill('glimmerwick');
    await page.getByRole('switch', { name: 'Word forms' }).click();
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    await expect(page.getByRole('switch', { name: 'Word forms' })).toBeChecked();
    await expect(page.getByText('Looks for “glimmerwick” in any form')).toBeVisible();
    await expectAccessible(page, 'Search with word forms');
  });

  test('a malformed search says how to write it', async ({ page, sunshine }) => {
    await page.goto(`${sunshine.url}#/search?q=${encodeURIComponent('"unbalanced')}`);
    await expect(page.getByRole('alert', { name: 'The search could not run' })).toContainText('Unclosed quote at position 1, after `"unbalanced`: add the closing ".');
  });

  test('under the box, the query as the search reads it or where it goes wrong; terms as typed are found; an emptied box clears the results', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-lang-'));
    fs.writeFileSync(path.join(dir, 'quillwort.txt'), 'The quillwort ledger was linked to MS-13 by a tattoo.');
    await api(sunshine, 'documents.import', { paths: [dir] });
    await page.goto(`${sunshine.url}#/search`);
    const box = page.getByLabel('Search for');
    await box.fill('MS-13 w/5 quillwort NOT ICE');
    await expect(page.getByText('Looks for “MS 13” as a phrase within 5 words of “quillwort”, but not “ICE”')).toBeVisible();
    await box.fill('quillwort AND');
    await expect(page.getByText('AND needs something to search for after it, at the end.')).toBeVisible();
    await box.fill('MS-13 w/5 quillwort');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    await expect(page.getByRole('list', { name: 'Results' }).getByRole('listitem')).toContainText(['quillwort.txt']);
    await expectAccessible(page, 'Search with the query explained');
    await page.screenshot({ path: test.info().outputPath('search-explained.png') });
    // A field beside words on the page: the file's name, said in words under the box, then found.
    await box.fill('filename:quillwort.txt AND tattoo');
    await expect(page.getByText('Looks for “tattoo”, in documents with a file name “quillwort txt”')).toBeVisible();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/q=filename/);
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    await expect(page.getByRole('list', { name: 'Results' }).getByRole('listitem')).toContainText(['quillwort.txt']);
    await box.fill('');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/#\/search\??$/);
    await expect(page.getByRole('list', { name: 'Results' }).getByRole('listitem')).toHaveCount(0);
    await expect(page.getByText('1 page match, best first.')).toHaveCount(0);
  });
});

test.describe('adding by drag and drop, sources and filters', () => {
  test('files dropped on the Documents screen and a picked folder are sent, imported with their source, and found through the source and year filters', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await nav(page, 'Documents');
    const dropped = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      // Dated by its Date header (a file's modified time is not a document's date).
      const mail = 'From: Hotline <hotline@example.org>\r\nSubject: Hotline note\r\nDate: Sat, 3 Feb 2024 10:00:00 -0500\r\nContent-Type: text/plain\r\n\r\nHotline note: the sponsor address was a vacant warehouse.\r\n';
      dt.items.add(new File([mail], 'hotline.eml', { type: 'message/rfc822' }));
      dt.items.add(new File(['<b>sponsor</b> follow-up'], '<img src=x onerror=alert(1)>.html', { type: 'text/html' }));
      return dt;
    });
    await page.getByRole('toolbar', { name: 'Document actions' }).dispatchEvent('drop', { dataTransfer: dropped });
    await expect(page.getByRole('status').filter({ hasText: 'to send' })).toHaveText(/^2 files to send/);
    const queue = page.getByRole('list', { name: 'Files to send' });
    await expect(queue.getByRole('listitem')).toHaveText(['hotline.eml', '<img src=x onerror=alert(1)>.html']);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-pick-'));
    fs.mkdirSync(path.join(dir, 'Production 2', 'emails'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Production 2', 'emails', 'memo.txt'), 'Memo on sponsor vetting delays.');
    await page.getByLabel('Pick a folder').setInputFiles(path.join(dir, 'Production 2'));
    await expect(queue.getByRole('listitem')).toHaveCount(3);
    await expect(queue).toContainText('Production 2/emails/memo.txt');
    await page.getByLabel('Source (optional)').fill('OIG hotline');
    await expectAccessible(page, 'Import panel with dropped files');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'added' })).toHaveText('3 added, 0 already stored, 0 failed, 3 pages.');
    await expect(page.getByRole('table', { name: 'Import report' })).toContainText('Production 2/emails/memo.txt');
    await expect(page.getByRole('list', { name: 'Files to send' })).toHaveCount(0);

    const list = page.getByRole('table', { name: 'Documents' });
    await expect(list.getByRole('row').filter({ hasText: 'hotline.eml' })).toContainText('OIG hotline');
    await expect(list.getByRole('row').filter({ hasText: 'hotline.eml' })).toContainText('2024-02-03 10:00 \u22120500');

    await page.goto(`${sunshine.url}#/search?q=sponsor`);
    await expect(page.getByRole('status')).toHaveText('3 pages match, best first.');
    const sources = page.getByRole('region', { name: 'Source' });
    await expect(sources.getByRole('button')).toHaveText(['OIG hotline3']);
    await page.getByRole('region', { name: 'Year' }).getByRole('button', { name: /^2024/ }).click();
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    await expect(page.getByRole('list', { name: 'Results' }).getByRole('link')).toHaveText(['hotline.eml — page 1']);
    await expect(page.getByLabel('Filters in use')).toContainText('Dated from: 2024-01-01');
    await expectAccessible(page, 'Search with facets and filters');
    // Without its start the range is "up to the end of 2024": still only the hotline note.
    await page.getByRole('button', { name: 'remove filter Dated from' }).click();
    await expect(page.getByLabel('Filters in use')).toHaveText(/^Dated to: 2024-12-31/);
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    await page.getByRole('button', { name: 'remove filter Dated to' }).click();
    await expect(page.getByRole('status')).toHaveText('3 pages match, best first.');
  });
});

test.describe('quick search', () => {
  test('Ctrl+K finds a request by words and a document by its text; Enter opens the first', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-quick-'));
    fs.writeFileSync(path.join(dir, 'ledger.txt'), 'Quarterly ledger of shelter payments to Zephyrine Transport.');
    await api(sunshine, 'documents.import', { paths: [dir] });
    const req = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'ICE', subject: 'Zephyrine contracts' });
    await page.goto(sunshine.url);
    // The shortcut works once the app is on screen.
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Quick search' });
    await dialog.getByRole('textbox', { name: 'Search requests, disclosures and documents' }).fill('zephyrine');
    const results = dialog.getByRole('list', { name: 'Quick search results' });
    await expect(results.getByRole('link')).toHaveCount(2);
    await expect(results).toContainText(`${req.reference} · Zephyrine contracts`);
    await expect(results).toContainText('ledger.txt — page 1');
    await expectAccessible(page, 'Quick search');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(req.reference);
  });
});

test.describe('PDF pages', () => {
  test('a PDF page is drawn as received, with the search words boxed; next hit jumps to the next page that has them', async ({ page, sunshine }) => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const text of ['Quillfeather audit, first mention', 'nothing on this page', 'Quillfeather again on page three']) {
      doc.addPage([612, 792]).drawText(text, { x: 60, y: 700, size: 18, font });
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-pdf-'));
    fs.writeFileSync(path.join(dir, 'audit.pdf'), await doc.save());
    await api(sunshine, 'documents.import', { paths: [dir] });

    await page.goto(`${sunshine.url}#/search?q=quillfeather`);
    await page.getByRole('list', { name: 'Results' }).getByRole('link', { name: 'audit.pdf — page 1' }).click();
    const drawn = page.getByRole('img', { name: /^Page 1 as received, 1 place\(s\) with search words marked$/ });
    await expect(drawn).toBeVisible();
    // The canvas holds the page: not blank.
    const inked = await drawn.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i]! < 128) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(100);
    await expectAccessible(page, 'PDF page');
    await page.getByRole('button', { name: 'Next hit' }).click();
    await expect(page.getByRole('img', { name: /^Page 3 as received, 1 place\(s\)/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Next hit' })).toBeDisabled();
    await page.getByRole('tab', { name: 'Text' }).click();
    await expect(page.getByLabel('Text of page 3').locator('mark')).toHaveText(['Quillfeather']);
  });

  test('a hit word on a long line is boxed as the word, not the line, on a turned page too; a phrase over two runs is boxed in each', async ({ page, sunshine }) => {
    const { PDFDocument, StandardFonts, degrees } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const line = 'The regional placement office reported that the Zorvendale contractor never finished its vetting reviews';
    const first = doc.addPage([612, 792]);
    first.drawText(line, { x: 30, y: 700, size: 11, font });
    // One line drawn as two runs: the phrase's first word ends the one, its second starts the other.
    const before = 'Quarterly notes by Plimsworth';
    first.drawText(before, { x: 30, y: 650, size: 11, font });
    first.drawText('Okafane on the transfers', { x: 30 + font.widthOfTextAtSize(`${before} `, 11), y: 650, size: 11, font });
    const turned = doc.addPage([612, 792]);
    turned.setRotation(degrees(90));
    turned.drawText(line, { x: 30, y: 700, size: 11, font });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-boxes-'));
    fs.writeFileSync(path.join(dir, 'long-line.pdf'), await doc.save());
    await api(sunshine, 'documents.import', { paths: [dir] });

    await page.goto(`${sunshine.url}#/search?q=${encodeURIComponent('zorvendale OR "plimsworth okafane"')}`);
    await page.getByRole('list', { name: 'Results' }).getByRole('link', { name: 'long-line.pdf — page 1' }).click();
    // Zorvendale, and the phrase in its two runs and the space run between them.
    const one = page.getByRole('img', { name: 'Page 1 as received, 4 place(s) with search words marked' });
    await expect(one).toHaveAttribute('data-drawn-page', '1');
    const frame = (await one.boundingBox())!;
    const perPoint = frame.width / 612;
    const [word, ...phrase] = await Promise.all((await one.locator('[data-hit]').all()).map(async (b) => (await b.boundingBox())!));
    // The box is the word's, where the word is on the line: a tenth of the line, not all of it.
    const lineWidth = font.widthOfTextAtSize(line, 11) * perPoint;
    const wordWidth = font.widthOfTextAtSize('Zorvendale', 11) * perPoint;
    const wordLeft = frame.x + (30 + font.widthOfTextAtSize(line.slice(0, line.indexOf('Zorvendale')), 11)) * perPoint;
    expect(word!.width).toBeLessThan(lineWidth / 5);
    expect(word!.width).toBeGreaterThan(wordWidth * 0.7);
    expect(word!.width).toBeLessThan(wordWidth * 1.3);
    expect(Math.abs(word!.x - wordLeft)).toBeLessThan(wordWidth * 0.3);
    // The phrase: boxes side by side on the second line, from Plimsworth to Okafane.
    expect(phrase).toHaveLength(3);
    expect(phrase[0]!.y).toBeGreaterThan(word!.y);
    const phraseLeft = frame.x + (30 + font.widthOfTextAtSize('Quarterly notes by ', 11)) * perPoint;
    expect(Math.abs(phrase[0]!.x - phraseLeft)).toBeLessThan(wordWidth * 0.3);
    expect(phrase[2]!.x + phrase[2]!.width - phrase[0]!.x).toBeLessThan(font.widthOfTextAtSize('Plimsworth Okafane', 11) * perPoint * 1.3);
    fs.mkdirSync('/tmp/shots-boxes', { recursive: true });
    await one.screenshot({ path: '/tmp/shots-boxes/word-boxes.png' });

    // The turned page: the line runs down the page, and so does the word's box.
    await page.getByRole('button', { name: 'Next hit' }).click();
    const two = page.getByRole('img', { name: 'Page 2 as received, 1 place(s) with search words marked' });
    await expect(two).toHaveAttribute('data-drawn-page', '2');
    const down = (await two.locator('[data-hit]').boundingBox())!;
    expect(down.height).toBeGreaterThan(down.width * 3);
    expect(down.height).toBeLessThan(((await two.boundingBox())!.height * font.widthOfTextAtSize('Zorvendale', 11) * 1.3) / 612);
    await two.screenshot({ path: '/tmp/shots-boxes/turned-page.png' });
  });

  test('the viewer fetches each original once as bytes, never base64, and keeps only the last three viewed', async ({ page, sunshine }) => {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-pdfs-'));
    for (let n = 1; n <= 5; n++) {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      doc.addPage([612, 792]).drawText(`Cached viewer probe number ${n}`, { x: 60, y: 700, size: 24, font });
      fs.writeFileSync(path.join(dir, `probe-${n}.pdf`), await doc.save());
    }
    const imported = await api<{ files: { path: string; documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    const idOf = (n: number) => imported.files.find((f) => f.path.endsWith(`probe-${n}.pdf`))!.documentId;

    const originals: string[] = [];
    const base64Calls: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/original/')) originals.push(r.url());
      if (r.url().endsWith('/api/call') && (r.postData() ?? '').includes('documents.original')) base64Calls.push(r.postData()!);
    });
    await page.goto(sunshine.url);
    // Moving within the page (as its links do), so what the page keeps in memory stays.
    const view = async (n: number) => {
      await page.evaluate((id) => (window.location.hash = `#/documents/${id}`), idOf(n));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`probe-${n}.pdf`);
      const canvas = page.getByRole('img', { name: /^Page 1 as received/ }).locator('canvas');
      await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 0 && v < 128))).toBe(true);
    };
    const fetched = (n: number) => originals.filter((u) => new URL(u).pathname === `/api/original/${idOf(n)}`).length;

    for (const n of [1, 2, 3, 4, 5]) await view(n);
    expect([1, 2, 3, 4, 5].map(fetched)).toEqual([1, 1, 1, 1, 1]);
    // The token travels in a header, never in the address of an original.
    expect(originals.every((u) => !u.includes('token'))).toBe(true);
    // The last three viewed are still there: seeing them again fetches nothing.
    for (const n of [5, 3, 4]) await view(n);
    expect([3, 4, 5].map(fetched)).toEqual([1, 1, 1]);
    // The first ones were let go: seeing one again fetches it again.
    await view(1);
    expect(fetched(1)).toBe(2);
    expect(base64Calls).toEqual([]);
  });
});

test.describe('the page shown is the page drawn', () => {
  /** A PDF whose pages say different words, so which page was drawn shows in the marks of a search. */
  async function pdfOf(words: string[]): Promise<Uint8Array> {
    const { PDFDocument, StandardFonts } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const w of words) doc.addPage([612, 792]).drawText(w, { x: 60, y: 700, size: 24, font });
    return doc.save();
  }

  test('after a 1-page PDF, Next on a 2-page PDF draws its page 2, in view and redaction modes; the Page box jumps', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-pages-'));
    fs.writeFileSync(path.join(dir, 'single.pdf'), await pdfOf(['Lonely memo, its only page']));
    fs.writeFileSync(path.join(dir, 'double.pdf'), await pdfOf(['Firstpage of the letter', 'Secondpage of the letter']));
    const imported = await api<{ files: { path: string; documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    const idOf = (name: string) => imported.files.find((f) => f.path.endsWith(name))!.documentId;
    // data-drawn-page is the number of the page pdf.js finished drawing in the frame;
    // the marks show the words of that page (each page has its own word).
    const drawn = (n: number, marks: number) =>
      page.getByRole('img', { name: new RegExp(`^Page ${n} as received${marks ? `, ${marks} place\\(s\\) with search words marked` : ''}$`) });

    await page.goto(`${sunshine.url}#/documents/${idOf('single.pdf')}`);
    await expect(drawn(1, 0)).toHaveAttribute('data-drawn-page', '1');
    // The 2-page original is held back: until it is drawn, the frame shows nothing
    // and claims no page, rather than the 1-page PDF's page under the new name.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(`**/api/original/${idOf('double.pdf')}`, async (route) => {
      await held;
      await route.continue();
    });
    // Moving within the page, as the app's own links do.
    await page.evaluate((id) => (window.location.hash = `#/documents/${id}?q=secondpage`), idOf('double.pdf'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('double.pdf');
    const frame = page.getByRole('img', { name: /^Page 1\b/ });
    await expect(frame.locator('canvas')).toBeHidden();
    await expect(frame).toHaveAccessibleName('Page 1, being drawn');
    await expect(frame).not.toHaveAttribute('data-drawn-page');
    release();
    await expect(drawn(1, 0)).toHaveAttribute('data-drawn-page', '1');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page.getByText('Page 2 of 2')).toBeVisible();
    await expect(drawn(2, 1)).toHaveAttribute('data-drawn-page', '2');
    await expect(page.getByRole('alert')).toHaveCount(0);

    // Redaction mode: the page under the boxes is page 2 as well.
    await page.getByRole('switch', { name: 'Draw redactions' }).click();
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(drawn(1, 0)).toHaveAttribute('data-drawn-page', '1');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(drawn(2, 1)).toHaveAttribute('data-drawn-page', '2');
    await expect(drawn(2, 1).getByTestId('redaction-layer')).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);

    // The Page box: Enter jumps; a page that is not there is refused, saying which are.
    const box = page.getByRole('textbox', { name: 'Page' });
    await expect(box).toHaveValue('2');
    await box.fill('1');
    await box.press('Enter');
    await expect(drawn(1, 0)).toHaveAttribute('data-drawn-page', '1');
    await expect(page.getByText('Page 1 of 2')).toBeVisible();
    await expect(box).toBeFocused();
    await box.fill('3');
    await box.press('Enter');
    await expect(page.getByText('Type a page number from 1 to 2.')).toBeVisible();
    await expect(drawn(1, 0)).toHaveAttribute('data-drawn-page', '1');
    await box.fill('2');
    await box.press('Enter');
    await expect(drawn(2, 1)).toHaveAttribute('data-drawn-page', '2');
    await expect(page.getByText('Type a page number from 1 to 2.')).toHaveCount(0);
    await expectAccessible(page, 'PDF page with the Page box');
  });

  test('a page pdf.js cannot draw is said to be so, not left as being drawn', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-broken-'));
    fs.writeFileSync(path.join(dir, 'fine.pdf'), await pdfOf(['Readable page']));
    const imported = await api<{ files: { path: string; documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    const id = imported.files[0]!.documentId;
    // The original arrives damaged on its way to the page.
    await page.route(`**/api/original/${id}`, (route) => route.fulfill({ status: 200, contentType: 'application/pdf', body: 'not a pdf at all' }));
    await page.goto(`${sunshine.url}#/documents/${id}`);
    const frame = page.getByRole('img', { name: 'Page 1 could not be drawn' });
    await expect(frame).toHaveAttribute('aria-busy', 'false');
    await expect(frame).not.toHaveAttribute('data-drawn-page');
    await expect(page.getByRole('alert')).toContainText('The page could not be drawn');
  });
});

/** Where the one search box on a shown page is, as fractions of the page. */
async function hitOn(drawn: Locator): Promise<{ left: number; top: number; width: number }> {
  const frame = (await drawn.boundingBox())!;
  const hit = (await drawn.locator('[data-hit]').boundingBox())!;
  return { left: (hit.x - frame.x) / frame.width, top: (hit.y - frame.y) / frame.height, width: hit.width / frame.width };
}

test.describe('pictures', () => {
  test('a scanned PDF page boxes the search words where OCR found them', async ({ page, sunshine }) => {
    const { picture } = await import('../unit/pictures.ts');
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const scan = await doc.embedPng(picture(900, 450, [['CUSTODY BRAMWELDT FILE', 40, 300]]).png);
    doc.addPage([900, 450]).drawImage(scan, { x: 0, y: 0, width: 900, height: 450 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-scanned-'));
    fs.writeFileSync(path.join(dir, 'scanned-custody.pdf'), await doc.save());
    const imported = await api<{ files: { documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    await api(sunshine, 'documents.runOcr', {});

    await page.goto(`${sunshine.url}#/documents/${imported.files[0]!.documentId}?q=bramweldt`);
    const drawn = page.getByRole('img', { name: 'Page 1 as received, 1 place(s) with search words marked' });
    await expect(drawn).toHaveAttribute('data-drawn-page', '1');
    // The box sits on the middle word, in the lower half of the page where it was printed.
    const hit = await hitOn(drawn);
    expect(hit.top).toBeGreaterThan(0.45);
    expect(hit.left).toBeGreaterThan(0.2);
    expect(hit.width).toBeLessThan(0.5);
    fs.mkdirSync('/tmp/shots-boxes', { recursive: true });
    await drawn.screenshot({ path: '/tmp/shots-boxes/scanned-pdf.png' });
  });

  test('a 2-page TIFF is shown page by page, the search words boxed on the picture, and can be redacted', async ({ page, sunshine }) => {
    const { picture, tiff } = await import('../unit/pictures.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-tiff-'));
    const first = picture(900, 450, [['HARBOR MANIFEST', 40, 120]]);
    const second = picture(900, 450, [['LEDGER OF TRANSFERS', 40, 300]]);
    fs.writeFileSync(path.join(dir, 'faxed-ledger.tif'), tiff([{ width: 900, height: 450, gray: first.gray }, { width: 900, height: 450, gray: second.gray }]));
    const imported = await api<{ files: { documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    const id = imported.files[0]!.documentId;
    await api(sunshine, 'documents.runOcr', {});

    await page.goto(`${sunshine.url}#/documents/${id}?q=ledger`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('faxed-ledger.tif');
    const one = page.getByRole('img', { name: 'Page 1 as scanned' });
    await expect(one).toHaveAttribute('data-drawn-page', '1');
    const shown = (await one.locator('img').boundingBox())!;
    expect(shown.width).toBeGreaterThan(100);
    expect(shown.height).toBeGreaterThan(40);

    await page.getByRole('button', { name: 'Next hit' }).click();
    await expect(page.getByText('Page 2 of 2')).toBeVisible();
    const two = page.getByRole('img', { name: 'Page 2 as scanned, 1 place(s) with search words marked' });
    await expect(two).toHaveAttribute('data-drawn-page', '2');
    // The box sits on the word, in the lower half of the page where it was printed.
    const hit = await hitOn(two);
    expect(hit.top).toBeGreaterThan(0.45);
    expect(hit.left).toBeLessThan(0.15);
    const region = page.getByRole('region', { name: 'Picture of page 2' });
    await region.focus();
    await expect(region).toBeFocused();

    await page.getByRole('switch', { name: 'Draw redactions' }).click();
    const layer = two.getByTestId('redaction-layer');
    const b = (await layer.boundingBox())!;
    await page.mouse.move(b.x + b.width * 0.03, b.y + b.height * 0.55);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.6, b.y + b.height * 0.7, { steps: 5 });
    await page.mouse.up();
    const list = page.getByRole('list', { name: 'Redactions' });
    await expect(list).toContainText('Page 2: (b)(6)');
    await expect(layer.getByText('(b)(6)')).toBeVisible();
    await expectAccessible(page, 'Picture page with a redaction');
  });
});
