/**
 * Live refresh: the window shows what a `sunshine` command (or a colleague) changes beside it, as
 * it happens, without being reloaded: a request logged appears in the requests list, an event
 * added appears in the request's timeline, a search shows a document imported beside it with
 * every row "More results" had added, and what the person was typing stays.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, api, sunshineCommand } from './fixtures.ts';

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

test.describe('live refresh', () => {
  test('a request logged by a command appears in the open list, and its new event in the open timeline', async ({ page, sunshine }) => {
    const subject = `Logged beside the window ${randomBytes(4).toString('hex')}`;
    await page.goto(sunshine.url);
    await nav(page, 'Requests');
    const table = page.getByRole('table', { name: 'Requests' });
    await expect(table).toBeVisible();
    const before = await table.getByRole('row').count();

    const made = await sunshineCommand<{ reference: string }>(sunshine, ['requests', 'add', '--kind', 'foia', '--agency', 'ICE', '--subject', subject, '--received', '2026-11-02']);
    await expect(table.getByRole('row', { name: new RegExp(made.reference) })).toBeVisible();
    await expect(table.getByText(subject, { exact: true })).toBeVisible();
    expect(await table.getByRole('row').count()).toBeGreaterThan(before);
    await page.screenshot({ path: 'test-results/live-refresh-list.png' });

    await table.getByRole('link', { name: made.reference, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(made.reference);
    const timeline = page.getByRole('table', { name: 'Timeline' });
    await expect(timeline.getByRole('row')).toHaveCount(2);
    // A note half-typed into the event form stays while the timeline refreshes under it.
    const form = page.getByRole('form', { name: 'Add to the timeline' });
    const note = form.getByLabel('Note');
    await note.fill('half-typed, not saved');

    await sunshineCommand(sunshine, ['requests', 'event', made.reference, '--type', 'acknowledged', '--date', '2026-11-03', '--note', 'Acknowledged by letter']);
    await expect(timeline.getByRole('row')).toHaveCount(3);
    await expect(timeline.getByText('Acknowledged by letter', { exact: true })).toBeVisible();
    await expect(note).toHaveValue('half-typed, not saved');
    await page.screenshot({ path: 'test-results/live-refresh-timeline.png' });
  });

  test('a search read again after a command imports a match keeps every row "More results" had shown', async ({ page, sunshine }) => {
    // A word no other spec uses: the counts below are this test's own.
    const word = 'sedgequill';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-live-search-'));
    for (let i = 10; i < 70; i++) fs.writeFileSync(path.join(dir, `sq-${i}.txt`), `${word} placement note ${i}`);
    await api(sunshine, 'documents.import', { paths: [dir] });
    await page.goto(`${sunshine.url}#/search?q=${word}`);
    await expect(page.getByRole('status')).toHaveText('60 pages match, best first.');
    const links = page.getByRole('list', { name: 'Results' }).getByRole('link');
    await expect(links).toHaveCount(50);
    await page.getByRole('button', { name: 'More results' }).click();
    await expect(links).toHaveCount(60);

    const late = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-live-search-'));
    fs.writeFileSync(path.join(late, 'sq-late.txt'), `${word} placement note imported beside the window`);
    await sunshineCommand(sunshine, ['import', late]);
    await expect(page.getByRole('status')).toHaveText('61 pages match, best first.');
    await expect(links).toHaveCount(61);
    await expect(links.filter({ hasText: 'sq-late.txt' })).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'More results' })).toHaveCount(0);
  });
});
