import { test, expect, expectAccessible, api } from './fixtures.ts';

const PASS = 'correct horse battery staple';
const NEW_PASS = 'a quite different passphrase';

test('change the sources\' passphrase in Settings: confirmed twice, a wrong current one refused, every identity re-sealed', async ({ page, sunshine }) => {
  const d = await api<{ reference: string }>(sunshine, 'disclosures.create', {
    received: '2026-11-20',
    channel: 'phone',
    summary: 'Sponsor vetting skipped',
    identity: { name: 'Zelda Quorntree' },
    passphrase: PASS,
  });
  // Tests in one worker share a workspace: other files' disclosures are sealed under the same passphrase.
  const sealed = (await api<{ disclosures: { sourceOnFile: boolean }[] }>(sunshine, 'disclosures.list', {})).disclosures.filter((x) => x.sourceOnFile).length;
  await page.goto(sunshine.url);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
  const form = page.getByRole('form', { name: 'Change the passphrase' });
  const submit = form.getByRole('button', { name: 'Change passphrase' });
  await form.getByLabel('Current passphrase').fill('not the right one at all');
  await form.getByLabel('New passphrase', { exact: true }).fill(NEW_PASS);
  await form.getByLabel('New passphrase again').fill('a quite different passphrasf');
  await expect(form.getByText('This is not the same as the new passphrase.')).toBeVisible();
  await expect(submit).toBeDisabled();
  await form.getByLabel('New passphrase again').fill(NEW_PASS);
  await submit.click();
  // Deriving a key from a passphrase takes a deliberate half second or more (longer on a busy machine).
  await expect(form.getByRole('alert')).toContainText('not the passphrase', { timeout: 30_000 });
  await expect(form.getByLabel('Current passphrase')).toHaveValue('');

  await form.getByLabel('Current passphrase').fill(PASS);
  await expectAccessible(page, 'Change the passphrase');
  await submit.click();
  await expect(form.getByRole('status')).toHaveText(
    sealed === 1 ? 'Changed. 1 sealed identity was re-sealed with the new passphrase.' : `Changed. ${sealed} sealed identities were re-sealed with the new passphrase.`,
    { timeout: 30_000 },
  );
  await expect(form.getByRole('alert')).toHaveCount(0);

  await expect(api(sunshine, 'disclosures.reveal', { reference: d.reference, passphrase: PASS, purpose: 'check' })).rejects.toThrow(/not the passphrase/);
  expect(await api(sunshine, 'disclosures.reveal', { reference: d.reference, passphrase: NEW_PASS, purpose: 'check' })).toMatchObject({ name: 'Zelda Quorntree' });
  // Back as it was, for the tests that share this workspace and seal under the usual passphrase.
  expect(await api(sunshine, 'identity.changePassphrase', { passphrase: NEW_PASS, newPassphrase: PASS })).toMatchObject({ resealed: sealed });
});
