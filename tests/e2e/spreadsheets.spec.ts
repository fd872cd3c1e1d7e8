import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible } from './fixtures.ts';
import { workbook, workbookBytes } from '../unit/spreadsheet-fixtures.ts';

test.describe('spreadsheets', () => {
  test('import a workbook, find a word in a hidden row, see it in the grid with the hidden row marked, show formulas, and reach a hit far down the sheet', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-sheets-'));
    fs.writeFileSync(path.join(dir, 'quokka-placements.xlsx'), workbookBytes(workbook('quokkat', 3000), 'xlsx'));

    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('button', { name: 'Add documents' }).click();
    await page.getByLabel('Files or folders on this computer, one per line').fill(dir);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByRole('table', { name: 'Import report' });
    await expect(report.getByRole('row').filter({ hasText: 'quokka-placements.xlsx' })).toContainText('1 hidden sheet, 1 hidden row, 1 comment');

    await page.getByRole('navigation').getByRole('link', { name: 'Search', exact: true }).click();
    await page.getByLabel('Search for').fill('concealedquokkat');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('list', { name: 'Results' });
    await expect(results.getByRole('link', { name: 'quokka-placements.xlsx — page 1, cell Placements!A3' })).toBeVisible();
    await results.getByRole('link', { name: /quokka-placements\.xlsx/ }).click();

    const grid = page.getByRole('grid', { name: 'Sheet Placements' });
    const hidden = grid.getByRole('row', { name: 'Row 3, hidden', exact: true });
    await expect(hidden).toContainText('hidden 3');
    const hit = hidden.getByRole('gridcell', { name: 'A3', exact: true });
    await expect(hit).toHaveAttribute('aria-selected', 'true');
    await expect(hit.locator('mark')).toHaveText(['concealedquokkat']);
    await expect(page.getByText('Hit in Placements!A3')).toBeVisible();
    await expect(grid.getByRole('columnheader', { name: 'C (hidden)', exact: true })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Secret list (hidden)' })).toBeVisible();
    await expectAccessible(page, 'A spreadsheet with a hidden row');
    await page.screenshot({ path: test.info().outputPath('sheet-hidden-row.png') });

    // Formulas on demand: B4 shows its value, then its formula.
    const total = grid.getByRole('gridcell', { name: 'B4', exact: true });
    await expect(total).toHaveText('30');
    await page.getByRole('switch', { name: 'Show formulas' }).click();
    await expect(total).toHaveText('=SUM(B2:B3)');
    await page.screenshot({ path: test.info().outputPath('sheet-formulas.png') });

    // The hidden sheet, from its tab.
    await page.getByRole('tab', { name: 'Secret list (hidden)' }).click();
    await expect(page.getByRole('grid', { name: 'Sheet Secret list' }).getByRole('gridcell', { name: 'A2', exact: true })).toHaveText('offbookquokkat payments');

    // A hit 3,000 rows down: the sheet opens scrolled to it (the page itself scrolled to the sheet, as a reader would).
    await page.goto(`${sunshine.url}#/search?q=latequokkat`);
    await expect(results.getByRole('link', { name: /cell Placements!A3005$/ })).toBeVisible();
    await results.getByRole('link', { name: /quokka-placements\.xlsx/ }).click();
    const late = grid.getByRole('gridcell', { name: 'A3005', exact: true });
    await expect(late).toHaveText('latequokkat');
    await grid.scrollIntoViewIfNeeded();
    await expect(late).toBeInViewport();
    await expect(late).toHaveAttribute('aria-selected', 'true');
    await page.screenshot({ path: test.info().outputPath('sheet-far-hit.png') });
  });
});
