import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api } from './fixtures.ts';

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-review-'));
  fs.writeFileSync(path.join(dir, 'a.txt'), 'The sponsor was never vetted.');
  fs.writeFileSync(path.join(dir, 'b.txt'), 'Sponsor address: a vacant warehouse.');
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
    await expect(tags.getByRole('row')).toHaveCount(3);
    await expect(tags.getByRole('row').filter({ hasText: 'Hot' })).toContainText('h');
    await expectAccessible(page, 'Review: tags and saved searches');

    await page.goto(`${sunshine.url.split('?')[0]}#/search?q=sponsor`);
    await expect(page.getByRole('status').first()).toHaveText('2 pages match, best first.');
    const actions = page.getByRole('group', { name: 'With these results' });
    await actions.getByRole('combobox', { name: 'Tag to apply' }).click();
    await page.getByRole('option', { name: 'Produce' }).click();
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
    const privileged = await api<{ total: number }>(sunshine, 'documents.list', { status: 'privileged' });
    expect(privileged.total).toBe(1);
  });
});
