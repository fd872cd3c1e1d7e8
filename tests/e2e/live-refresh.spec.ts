/**
 * Live refresh: the window shows what a `sunshine` command (or a colleague) changes beside it, as
 * it happens, without being reloaded: a request logged appears in the requests list, an event
 * added appears in the request's timeline, and what the person was typing stays.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect, sunshineCommand } from './fixtures.ts';

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
});
