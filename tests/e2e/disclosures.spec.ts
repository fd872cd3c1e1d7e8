import { test, expect, expectAccessible, api, freshSunshine, withSourcesPassphrase } from './fixtures.ts';

test.describe('disclosures', () => {
  test('take in a disclosure with its source sealed, see it by pseudonym, and open the identity only with the passphrase', async ({ page, sunshine }) => {
    await withSourcesPassphrase(sunshine);
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Disclosures', exact: true }).click();
    await page.getByRole('button', { name: 'New disclosure' }).click();
    const dialog = page.getByRole('dialog', { name: 'New disclosure' });
    await dialog.getByRole('textbox', { name: 'Summary' }).fill('Children released to a sponsor at a vacant warehouse');
    await dialog.getByRole('textbox', { name: 'Agencies concerned' }).fill('ORR, ICE');
    await dialog.getByRole('checkbox', { name: 'Danger to health or safety' }).check();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Zelda Quorntree');
    await dialog.getByRole('textbox', { name: 'Contact details' }).fill('zq@example.org');
    await dialog.getByLabel('Passphrase for protected sources').fill('correct horse battery staple');
    await expectAccessible(page, 'New disclosure dialog');
    await dialog.getByRole('button', { name: 'Take in' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^DIS-\d{4}-\d{4} · Source DIS-\d{4}-\d{4}$/);
    await expect(page.locator('body')).not.toContainText('Quorntree');
    await expect(page.getByText('identity sealed')).toBeVisible();
    await expectAccessible(page, 'Disclosure');

    await page.getByRole('button', { name: 'Open the identity…' }).click();
    const reveal = page.getByRole('dialog');
    await reveal.getByLabel('Passphrase').fill('not the right one');
    // Every opening says why: without a reason it cannot be asked for.
    await expect(reveal.getByRole('button', { name: 'Open' })).toBeDisabled();
    await reveal.getByLabel('Why').fill('referral to OSC');
    await reveal.getByRole('button', { name: 'Open' }).click();
    await expect(reveal.getByRole('alert')).toContainText('nothing was shown');
    await expect(reveal).not.toContainText('Quorntree');
    await reveal.getByLabel('Passphrase').fill('correct horse battery staple');
    await reveal.getByRole('button', { name: 'Open' }).click();
    await expect(reveal.getByRole('definition').first()).toHaveText('Zelda Quorntree');
    await reveal.getByRole('button', { name: 'Close and hide' }).click();
    await expect(page.locator('body')).not.toContainText('Quorntree');
    // The history shows both attempts, who made them and why — never the identity.
    const history = page.getByRole('table', { name: 'History' });
    await expect(history.getByRole('row').filter({ hasText: "Opened the source's identity" })).toHaveCount(2);
    await expect(history).toContainText('refused: wrong passphrase (referral to OSC)');
    await expect(history).toContainText('shown (referral to OSC)');

    await page.getByRole('link', { name: 'All disclosures' }).click();
    const table = page.getByRole('table', { name: 'Disclosures' });
    await expect(table).toContainText('Children released to a sponsor');
    await expect(table).not.toContainText('Quorntree');
  });

  test('edit and follow up a disclosure: status, contacts, a referral stopped by consent warnings, a linked request', async ({ page, sunshine }) => {
    await withSourcesPassphrase(sunshine);
    const req = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'oversight-letter', agency: 'ORR', subject: 'Sponsor home visits' });
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Disclosures', exact: true }).click();
    await page.getByRole('button', { name: 'New disclosure' }).click();
    const intake = page.getByRole('dialog', { name: 'New disclosure' });
    await intake.getByRole('textbox', { name: 'Summary' }).fill('Sponsor addresses never visited before release');
    // Details without a name would not be sealed at all: refused, not dropped.
    await intake.getByRole('textbox', { name: 'Contact details' }).fill('qv@example.org');
    await intake.getByRole('button', { name: 'Take in' }).click();
    await expect(intake.getByRole('alert')).toContainText("Give the source's name too");
    await intake.getByRole('textbox', { name: 'Name' }).fill('Quilla Varnstead');
    await intake.getByRole('textbox', { name: 'What may be shared' }).fill("not to be shared with the agency's OIG");
    await intake.getByLabel('Passphrase for protected sources').fill('correct horse battery staple');
    await intake.getByRole('button', { name: 'Take in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^DIS-\d{4}-\d{4} · Source /);
    const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.split(' · ')[0]!;

    await page.getByRole('button', { name: 'Edit…' }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${reference}` });
    await edit.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Under review' }).click();
    await edit.getByRole('textbox', { name: 'Assigned to' }).fill('M. Ortiz');
    await edit.getByRole('textbox', { name: 'Pseudonym' }).fill('Varnish');
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${reference} · Varnish`);
    const history = page.getByRole('table', { name: 'History' });
    await expect(history).toContainText('Changed details: status: intake → under-review; assignee: (empty) → M. Ortiz');

    const contact = page.getByRole('form', { name: 'Add a contact' });
    await contact.getByLabel('What was said or done').fill('Sent the release checklist');
    await contact.getByRole('button', { name: 'Add to timeline' }).click();
    await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('Phone, from the source: Sent the release checklist');

    await page.getByRole('button', { name: 'Refer…' }).click();
    const refer = page.getByRole('dialog', { name: `Refer ${reference} onward` });
    await refer.getByRole('textbox', { name: 'Recipient' }).fill('Office of Special Counsel');
    // The identity staying here, the passphrase is optional, and the dialog says a limit may be sealed with it.
    await expect(refer.getByText(/Optional while the identity stays here: the source may still have limited what goes out/)).toBeVisible();
    await expect(refer.getByRole('button', { name: 'Refer', exact: true })).toBeEnabled();
    await refer.getByRole('checkbox', { name: "The source's identity goes with this referral" }).check();
    await expect(refer.getByRole('button', { name: 'Refer', exact: true })).toBeDisabled();
    // Before the passphrase, the limit is sealed: the dialog says so and asks for it.
    await expect(refer.getByText(/any limit they set on who may be told, is sealed with their identity: give the passphrase/)).toBeVisible();
    await expect(refer).not.toContainText('agency\'s OIG');
    await refer.getByLabel('Passphrase').fill('correct horse battery staple');
    await refer.getByRole('button', { name: 'Refer', exact: true }).click();
    const warnings = refer.getByRole('list', { name: 'Consent warnings' });
    await expect(warnings).toContainText('The source is confidential');
    await expect(warnings).toContainText("Consent: “not to be shared with the agency's OIG”");
    await expect(warnings).toContainText('No written consent');
    await expectAccessible(page, 'Referral with consent warnings');
    await expect(page.getByRole('table', { name: 'Referrals' })).toHaveCount(0);
    await refer.getByRole('button', { name: 'Refer anyway' }).click();
    await expect(refer).toBeHidden();
    const referrals = page.getByRole('table', { name: 'Referrals' });
    await expect(referrals).toContainText('Office of Special Counsel');
    await expect(referrals).toContainText('Went ahead past 3 warnings');
    await referrals.getByRole('button', { name: 'Case number for the referral to Office of Special Counsel' }).click();
    await page.getByRole('dialog').getByLabel('Their case number').fill('DI-27-0004');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect(referrals).toContainText('DI-27-0004');
    await expect(page.getByText('Referred', { exact: true }).first()).toBeVisible();
    await expect(history).toContainText('Referred to Office of Special Counsel, identity shared, past 3 consent warnings');
    await expect(history).toContainText("Checked the source's consent: checked, not shown");

    const requests = page.getByRole('combobox', { name: 'Link a request' });
    await requests.pressSequentially('home visits');
    await page.getByRole('option', { name: new RegExp(`${req.reference} · Sponsor home visits`) }).click();
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect(page.getByRole('link', { name: req.reference })).toBeVisible();
    await expect(page.locator('body')).not.toContainText('Varnstead');
    await expectAccessible(page, 'Disclosure with follow-up');
    await page.getByRole('link', { name: req.reference }).click();
    await expect(page.getByText('Follows up')).toBeVisible();
    await expect(page.getByRole('link', { name: reference })).toBeVisible();
    // Browser mode has no keychain: Settings says where the passphrase can be remembered instead.
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const sources = page.getByRole('region', { name: 'Protected sources' });
    await expect(sources).toContainText("sealed with this workspace's passphrase");
    await expect(sources).toContainText("The desktop app can remember the passphrase in this computer's keychain.");

    // The list filters by status.
    await page.getByRole('navigation').getByRole('link', { name: 'Disclosures', exact: true }).click();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Referred' }).click();
    await expect(page.getByRole('table', { name: 'Disclosures' })).toContainText(reference);
    await expect(page.getByRole('table', { name: 'Disclosures' })).not.toContainText('Intake');
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Closed' }).click();
    await expect(page.getByRole('link', { name: reference, exact: true })).toHaveCount(0);
  });

  test('the history of a range of days is saved as CSV from Settings', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'Export the history' });
    await form.getByLabel('From').fill('2000-01-01');
    const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Save as CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sunshine-history-2000-01-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const fs = await import('node:fs');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFseq,at,actor,os_user,action,entity,entity_id,before,after,prev_hash,hash');
    await expect(form.getByRole('status')).toHaveText(/rows? saved\.$/);
  });
});

test("the first source's passphrase is typed twice: a mismatch is refused and nothing is taken in", async ({ page }) => {
  // Only a workspace with no passphrase yet asks for it twice: this test takes one of its own.
  const fresh = await freshSunshine();
  try {
    await page.goto(fresh.app.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Protected sources' })).toContainText('it is typed twice there');
    await page.getByRole('navigation').getByRole('link', { name: 'Disclosures', exact: true }).click();
    await page.getByRole('button', { name: 'New disclosure' }).click();
    const intake = page.getByRole('dialog', { name: 'New disclosure' });
    await intake.getByRole('textbox', { name: 'Summary' }).fill('Timesheets backdated at the Brackwater field office');
    await expect(intake.getByText('51 / 20,000 characters')).toBeVisible();
    await intake.getByRole('textbox', { name: 'Name' }).fill('Perpetua Lindqvist');
    await intake.getByLabel('Passphrase for protected sources').fill('correct horse battery staple');
    await intake.getByLabel('Passphrase again').fill('correct horse battery stapel');
    await expect(intake.getByText('This is not the same as the passphrase above.')).toBeVisible();
    await intake.getByRole('button', { name: 'Take in' }).click();
    await expect(intake.getByRole('alert', { name: 'Not saved' })).toContainText('Type the same passphrase twice');
    await expectAccessible(page, 'First passphrase mismatch');
    expect((await api<{ disclosures: unknown[] }>(fresh.app, 'disclosures.list', {})).disclosures).toHaveLength(0);

    await intake.getByLabel('Passphrase again').fill('correct horse battery staple');
    await intake.getByRole('button', { name: 'Take in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^DIS-\d{4}-\d{4} · Source /);
    expect(await api(fresh.app, 'identity.keychain', {})).toMatchObject({ passphraseSet: true });

    // Once set, a second source asks for it once.
    await page.getByRole('navigation').getByRole('link', { name: 'Disclosures', exact: true }).click();
    await page.getByRole('button', { name: 'New disclosure' }).click();
    await intake.getByRole('textbox', { name: 'Name' }).fill('Ambrose Tillinghast');
    await expect(intake.getByLabel('Passphrase for protected sources')).toBeVisible();
    await expect(intake.getByLabel('Passphrase again')).toHaveCount(0);
  } finally {
    await fresh.close();
  }
});
