import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, api } from './fixtures.ts';

/** Today where the test runs (the app's local day), as YYYY-MM-DD. */
const localToday = (d = new Date()) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

test.describe('records requests', () => {
  test('log a FOIA request, read its due date and why, and build its timeline', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await nav(page, 'Requests');
    await page.getByRole('button', { name: 'New request' }).click();
    const dialog = page.getByRole('dialog', { name: 'New request' });
    await expectAccessible(page, 'New request dialog');
    // From the keyboard, as staff type it: ICE ↓ Enter picks ICE itself, and Tab goes on to Subject.
    await dialog.getByLabel('Agency or component').pressSequentially('ICE');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(dialog.getByLabel('Agency or component')).toHaveValue('ICE');
    await page.keyboard.press('Tab');
    await expect(dialog.getByLabel('Subject')).toBeFocused();
    await page.keyboard.type('Children released to sponsors <script>alert(1)</script>');
    await dialog.getByLabel('Received by the agency on').fill('2025-12-22');
    await dialog.getByLabel('Agency tracking number').fill('2027-ICFO-E2E-1');
    await dialog.getByRole('button', { name: 'Create request' }).click();

    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading).toContainText(/REQ-\d{4}-\d{4} · Children released to sponsors <script>alert\(1\)<\/script>/);
    await expect(page.getByText('20 working days from 2025-12-22 (Dec 25, Jan 1, Jan 19 are holidays).')).toBeVisible();
    await expect(page.getByText('2026-01-22')).toBeVisible();
    await expectAccessible(page, 'Request page');

    // An agency event before receipt is refused, under the field, and nothing is added.
    const form = page.getByRole('form', { name: 'Add to the timeline' });
    await form.getByLabel('Date').fill('2025-12-01');
    await form.getByRole('button', { name: 'Add event' }).click();
    await expect(form.getByText('2025-12-01 is before the agency received the request (2025-12-22).')).toBeVisible();
    await expect(page.getByRole('table', { name: 'Timeline' }).getByRole('row')).toHaveCount(2);
    // So is one dated after today: a planned date is not an event.
    await form.getByLabel('Date').fill('2099-01-05');
    await form.getByRole('button', { name: 'Add event' }).click();
    await expect(form.getByText(/2099-01-05 is after today \(\d{4}-\d{2}-\d{2}\); a planned date is not an event/)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Timeline' }).getByRole('row')).toHaveCount(2);

    // A valid acknowledgement, then an extension moves the due date.
    await form.getByLabel('Date').fill('2025-12-23');
    await form.getByRole('button', { name: 'Add event' }).click();
    await expect(page.getByText('Acknowledged', { exact: true }).first()).toBeVisible();
    await form.getByRole('combobox', { name: 'What happened' }).click();
    await page.getByRole('option', { name: 'Extension (unusual circumstances)' }).click();
    await form.getByLabel('Date').fill('2025-12-29');
    await form.getByRole('button', { name: 'Add event' }).click();
    await expect(page.getByText('2026-02-05')).toBeVisible();
    await expect(page.getByText(/30 working days from 2025-12-22, \+10 for unusual circumstances/)).toBeVisible();

    // A determination needs its outcome; with one, the request closes and the appeal window opens.
    await form.getByRole('combobox', { name: 'What happened' }).click();
    await page.getByRole('option', { name: 'Final determination' }).click();
    await form.getByLabel('Date').fill('2026-01-15');
    await form.getByRole('button', { name: 'Add event' }).click();
    await expect(form.getByText(/a determination needs its outcome/)).toBeVisible();
    await form.getByRole('combobox', { name: 'Outcome' }).click();
    await page.getByRole('option', { name: 'Denied' }).click();
    await form.getByRole('checkbox', { name: '(b)(7)(C)' }).check();
    await form.getByRole('button', { name: 'Add event' }).click();
    await expect(page.getByText('Rejected')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Appeal window closes' })).toBeVisible();
  });

  test('edit a request’s details and remove a mistaken event', async ({ page, sunshine }) => {
    const r = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'USCIS', subject: 'Edit probe', received: '2026-06-01' });
    await api(sunshine, 'requests.addEvent', { reference: r.reference, type: 'acknowledged', date: '2026-06-02' });
    await page.goto(`${sunshine.url}#/requests/${r.reference}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${r.reference} · Edit probe`);
    await page.getByRole('button', { name: 'Edit details' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${r.reference}` });
    await expectAccessible(page, 'Edit dialog');
    await dialog.getByLabel('Assignee').fill('Frances');
    await dialog.getByLabel('Fee estimate ($)').fill('12.345');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(/give amounts in dollars and cents/)).toBeVisible();
    await dialog.getByLabel('Fee estimate ($)').fill('12.50');
    await dialog.getByLabel('Tracking numbers').fill('agency USCIS-2026-77\nreferral R-9 (ICE)');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Frances', { exact: true })).toBeVisible();
    await expect(page.getByRole('table', { name: 'History' })).toContainText('Changed details: assignee: (empty) → Frances; fee estimate: — → $12.50');
    await expect(page.getByText('estimate $12.50, paid —')).toBeVisible();
    await expect(page.getByText('agency USCIS-2026-77; referral R-9 (ICE)')).toBeVisible();
    await page.getByRole('button', { name: 'Remove Acknowledged of 2026-06-02' }).click();
    await expect(page.getByRole('table', { name: 'Timeline' }).getByRole('row')).toHaveCount(2);
    expect((await api<{ status: string }>(sunshine, 'requests.get', { reference: r.reference })).status).toBe('submitted');
    // The History follows the timeline at once, naming the event and its date.
    const history = page.getByRole('table', { name: 'History' });
    await expect(history).toContainText('Removed from the timeline: acknowledged on 2026-06-02');
    const form = page.getByRole('form', { name: 'Add to the timeline' });
    await form.getByLabel('Date').fill('2026-06-03');
    await form.getByRole('button', { name: 'Add event' }).click();
    await expect(history).toContainText('Added to the timeline: acknowledged on 2026-06-03');
  });

  test('find requests by words, status and overdue; open one with a click', async ({ page, sunshine }) => {
    await api(sunshine, 'requests.create', { kind: 'oversight-letter', agency: 'HHS', subject: 'Unaccounted children letter', sent: '2025-01-06', dueAt: '2025-01-20T17:00', dueTz: 'America/New_York' });
    await api(sunshine, 'requests.create', { kind: 'foia', agency: 'CBP', subject: 'Apprehension statistics', received: localToday() });
    await page.goto(sunshine.url);
    await nav(page, 'Requests');
    await page.getByRole('searchbox', { name: 'Search subject, records and notes' }).fill('unaccounted');
    const table = page.getByRole('table', { name: 'Requests' });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table).toContainText('Unaccounted children letter');
    await expect(table).toContainText(/overdue/i);
    await page.getByRole('searchbox', { name: 'Search subject, records and notes' }).fill('');
    await page.getByRole('switch', { name: 'Overdue only' }).check();
    await expect(table).toContainText('Unaccounted children letter');
    await expect(table).not.toContainText('Apprehension statistics');
    await expectAccessible(page, 'Requests list');
    await table.getByRole('link', { name: /REQ-/ }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Unaccounted children letter');
    await expect(page.getByText('Set in the letter: 2025-01-20 17:00 (America/New_York).')).toBeVisible();
  });

  test('a long list stays light: only the visible rows are in the page', async ({ page, sunshine }) => {
    // At a department no other test uses and without components (a department's filter includes them).
    const rows = Array.from({ length: 3000 }, (_, i) => `foia,DOL,Bulk request ${String(i).padStart(4, '0')}`);
    const report = await api<{ created: number }>(sunshine, 'requests.importCsv', { csv: `kind,agency,subject\n${rows.join('\n')}\n` });
    expect(report.created).toBe(3000);
    await page.goto(sunshine.url);
    await nav(page, 'Requests');
    await page.getByRole('combobox', { name: 'Agency' }).click();
    await page.getByRole('menuitemcheckbox', { name: /^DOL — / }).click();
    await page.keyboard.press('Escape'); // a multi-select stays open for more
    await expect(page.getByText('3,000 requests')).toBeVisible();
    const table = page.getByRole('table', { name: 'Requests' });
    expect(await table.getByRole('row').count()).toBeLessThan(80);
    await table.getByRole('columnheader', { name: 'Subject' }).click();
    await expect(table.getByRole('row').nth(1)).toContainText('Bulk request 0000');
    await page.locator('[class*="scroller"], div:has(> table[aria-label="Requests"])').first().evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(table).toContainText('Bulk request 2999');
  });

  test('export to CSV and calendar, and refuse a bad import without changing anything', async ({ page, sunshine }, info) => {
    await page.goto(sunshine.url);
    await nav(page, 'Requests');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toBe('sunshine-requests.csv');
    expect(fs.readFileSync((await csvDownload.path())!, 'utf8')).toMatch(/^\uFEFFreference,kind,agency,subject/);
    const [icsDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export calendar' }).click()]);
    expect(fs.readFileSync((await icsDownload.path())!, 'utf8')).toMatch(/^BEGIN:VCALENDAR\r\n/);

    const before = await api<{ total: number }>(sunshine, 'requests.list', { limit: 1 });
    const bad = info.outputPath('bad.csv');
    fs.writeFileSync(bad, 'kind,agency,subject\nfoia,ICE,Fine\nfoia,Atlantis Authority,Bad\n');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import CSV' }).click()]);
    await chooser.setFiles(bad);
    await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toContainText('line 3: agency: there is no agency called "Atlantis Authority"');
    expect((await api<{ total: number }>(sunshine, 'requests.list', { limit: 1 })).total).toBe(before.total);
  });

  test('import a CSV larger than a call may carry (over 1 MiB) from the Import CSV button', async ({ page, sunshine }, info) => {
    const before = await api<{ total: number }>(sunshine, 'requests.list', { limit: 1 });
    const sought = 'All contracts, task orders, modifications and invoices for detention services, with attachments. '.repeat(9);
    const rows = Array.from({ length: 1300 }, (_, i) => `foia,ICE,Large import row ${i + 1},"${sought}"`);
    const big = info.outputPath('big.csv');
    fs.writeFileSync(big, `kind,agency,subject,records_sought\n${rows.join('\n')}\n`);
    expect(fs.statSync(big).size).toBeGreaterThan(1024 * 1024);
    await page.goto(sunshine.url);
    await nav(page, 'Requests');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import CSV' }).click()]);
    await chooser.setFiles(big);
    // 1,300 requests in one transaction: on a team workspace each is some twenty round trips to the server, which on a
    // busy machine takes longer than the usual wait; this limit only says when to give up waiting for the message.
    await expect(page.getByRole('status').filter({ hasText: 'big.csv' })).toHaveText('big.csv: 1300 added.', { timeout: 90_000 });
    expect((await api<{ total: number }>(sunshine, 'requests.list', { limit: 1 })).total).toBe(before.total + 1300);
  });

  test('the dashboard lists what is overdue, one click from the request', async ({ page, sunshine }) => {
    const created = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'FBI', subject: 'Dashboard overdue probe', received: '2024-03-01' });
    await page.goto(sunshine.url);
    const overdue = page.getByRole('heading', { name: /^Overdue/ }).locator('xpath=ancestor::div[contains(@class,"fui-Card")]');
    await overdue.getByRole('link', { name: new RegExp(`${created.reference} · FBI: Dashboard overdue probe`) }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(created.reference);
    await nav(page, 'Dashboard');
    await expect(page.getByRole('img', { name: /Open requests by agency: .*FBI/ })).toBeVisible();
    await expectAccessible(page, 'Dashboard with data');
  });

  test('an answer after the due date shows the clock as answered late, by how many working days', async ({ page, sunshine }) => {
    const r = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'DOS', subject: 'Late answer probe', received: '2025-03-04' });
    await api(sunshine, 'requests.addEvent', { reference: r.reference, type: 'determination', date: '2025-04-03', outcome: 'full-grant' });
    await page.goto(`${sunshine.url}#/requests/${r.reference}`);
    await expect(page.getByText('2025-04-01 (answered late, by 2 working days)')).toBeVisible();
    await expect(page.getByText(/; answered on 2025-04-03, 2 working days after it was due\./)).toBeVisible();
  });
});

test.describe('agencies and closure days', () => {
  test('add an agency, refuse a duplicate', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await nav(page, 'Agencies');
    await expect(page.getByRole('table', { name: 'Agencies' })).toContainText('Office of Refugee Resettlement');
    await expectAccessible(page, 'Agencies');
    await page.getByRole('button', { name: 'Add agency' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an agency' });
    await dialog.getByLabel('Name').fill('Office of the E2E Inspector General');
    await dialog.getByLabel('Abbreviation').fill('ICE');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(/ICE \(U\.S\. Immigration and Customs Enforcement\) already has this abbreviation/)).toBeVisible();
    await dialog.getByLabel('Abbreviation').fill('E2E-OIG');
    await dialog.getByLabel('Appeal window (days)').fill('45');
    const deemed = { name: /received on the next working day \(day 0\)/ };
    await dialog.getByRole('checkbox', deemed).check();
    await expectAccessible(page, 'Agency dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole('searchbox', { name: 'Filter agencies' }).fill('E2E');
    await expect(page.getByRole('table', { name: 'Agencies' }).getByRole('row')).toHaveCount(2);
    await expect(page.getByRole('table', { name: 'Agencies' })).toContainText('45 calendar days');
    // The receipt rule was kept: the agency's dialog opens with it ticked.
    await page.getByRole('button', { name: 'Edit E2E-OIG' }).click();
    await expect(page.getByRole('dialog', { name: 'Edit E2E-OIG' }).getByRole('checkbox', deemed)).toBeChecked();
  });

  test('a closure day moves the due dates of open requests', async ({ page, sunshine }) => {
    const r = await api<{ reference: string; due: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'DOS', subject: 'Closure probe', received: '2025-03-04' });
    expect(r.due).toBe('2025-04-01');
    await page.goto(sunshine.url);
    await nav(page, 'Settings');
    await page.getByRole('form', { name: 'Add a closure day' }).getByLabel('Date').fill('2025-03-05');
    await page.getByRole('form', { name: 'Add a closure day' }).getByLabel('Reason').fill('Executive order');
    await page.getByRole('button', { name: 'Add closure day' }).click();
    await expect(page.getByRole('table', { name: 'Closure days' })).toContainText('Executive order');
    expect((await api<{ due: string }>(sunshine, 'requests.get', { reference: r.reference })).due).toBe('2025-04-02');
    await page.getByRole('button', { name: 'Remove closure day 2025-03-05' }).click();
    // Only this entry: other tests (another worker, on a shared team workspace) keep closures of their own.
    await expect(page.getByRole('button', { name: 'Remove closure day 2025-03-05' })).toHaveCount(0);
    expect((await api<{ due: string }>(sunshine, 'requests.get', { reference: r.reference })).due).toBe('2025-04-01');
  });

  test('a 35-day shutdown is one closure entry; a day already closed is refused, naming the entry', async ({ page, sunshine }) => {
    const r = await api<{ reference: string; due: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'DOS', subject: 'Shutdown range probe', received: '2024-02-01' });
    expect(r.due).toBe('2024-03-01');
    await page.goto(sunshine.url);
    await nav(page, 'Settings');
    const form = page.getByRole('form', { name: 'Add a closure day' });
    await form.getByLabel('Date').fill('2024-02-05');
    await form.getByLabel('Last day').fill('2024-03-10');
    // The reason's limit shows before typing, and counts as it fills.
    await expect(form.getByText('Up to 200 characters')).toBeVisible();
    await form.getByLabel('Reason').fill('Quillfeather shutdown');
    await expect(form.getByText('21 / 200 characters')).toBeVisible();
    await form.getByRole('button', { name: 'Add closure day' }).click();
    const row = page.getByRole('table', { name: 'Closure days' }).getByRole('row', { name: /Quillfeather shutdown/ });
    await expect(row).toContainText('2024-02-05 to 2024-03-10');
    await expect(form.getByLabel('Last day')).toHaveValue('');
    expect((await api<{ due: string }>(sunshine, 'requests.get', { reference: r.reference })).due).toBe('2024-04-04');

    await form.getByLabel('Date').fill('2024-02-20');
    await form.getByLabel('Reason').fill('Snow day');
    await form.getByRole('button', { name: 'Add closure day' }).click();
    await expect(form.getByText('2024-02-20 is already closed (Quillfeather shutdown, 2024-02-05 to 2024-03-10)', { exact: false })).toBeVisible();
    await expectAccessible(page, 'Closure refused');
    await expect(page.getByRole('table', { name: 'Closure days' }).getByRole('row', { name: /Snow day/ })).toHaveCount(0);

    await page.getByRole('button', { name: 'Remove closure 2024-02-05 to 2024-03-10' }).click();
    await expect(row).toHaveCount(0);
    expect((await api<{ due: string }>(sunshine, 'requests.get', { reference: r.reference })).due).toBe('2024-03-01');
  });
});
