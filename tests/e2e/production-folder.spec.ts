import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, api } from './fixtures.ts';

/**
 * The desktop app's preload, played in a browser: calls go to browser mode's
 * server as its own bridge sends them, and the folder dialog answers with a
 * token and a name, as the main process would. What the window sent is noted
 * in window.sentCalls.
 */
function desktopBridge(chosen: { token: string; name: string }) {
  const token = new URL(location.href).searchParams.get('token') ?? '';
  const sent: { name: string; input: unknown }[] = [];
  const listeners = new Set<(e: unknown) => void>();
  const events = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  events.onmessage = (m) => {
    for (const l of listeners) l(JSON.parse(m.data as string));
  };
  Object.assign(window, {
    sentCalls: sent,
    sunshine: {
      async invoke(name: string, input: unknown, options?: { jobId?: string }) {
        sent.push({ name, input });
        const res = await fetch('/api/call', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ name, input, ...(options?.jobId ? { jobId: options.jobId } : {}) }),
        });
        return res.json();
      },
      onEvent(listener: (e: unknown) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      openExternal: async () => ({ ok: true, value: null }),
      chooseProductionFolder: async () => ({ ok: true, value: chosen }),
    },
  });
}

test.describe('the folder a production is written into', () => {
  test('browser mode offers no folder dialog', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Review', exact: true }).click();
    const form = page.getByRole('form', { name: 'New production' });
    await expect(form.getByRole('button', { name: 'Produce' })).toBeVisible();
    await expect(form.getByRole('button', { name: 'Choose folder…' })).toHaveCount(0);
  });

  test('the desktop app chooses it in its dialog: the window shows its name and sends only its token', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-folderpick-'));
    fs.writeFileSync(path.join(dir, 'quokka.txt'), 'Quokkaline grant ledger, the only page.');
    await api(sunshine, 'documents.import', { paths: [dir] });
    await api(sunshine, 'tags.create', { name: 'Quokkaline out' });
    await api(sunshine, 'tags.apply', { tag: 'Quokkaline out', search: { query: 'quokkaline' } });
    // A token this workspace never handed out: the core refuses it, as it would a used or expired one.
    await page.addInitScript(desktopBridge, { token: 'e'.repeat(32), name: 'Quokka volume' });
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Review', exact: true }).click();
    const form = page.getByRole('form', { name: 'New production' });
    await expect(form).toContainText("none chosen: the data folder's productions/");
    await form.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(form).toContainText('into "Quokka volume"');
    await form.getByRole('combobox', { name: 'Documents tagged' }).click();
    await page.getByRole('option', { name: 'Quokkaline out (1)' }).click();
    await form.getByRole('textbox', { name: 'Bates prefix' }).fill('QKA-');
    // The plan looks at the chosen folder first (without using its token up).
    await form.getByRole('button', { name: 'Check plan' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Nothing was produced' })).toContainText('one chosen output folder is no longer waiting');
    // A refused plan keeps the choice for another try.
    await expect(form).toContainText('into "Quokka volume"');
    const sent = await page.evaluate(() => (window as unknown as { sentCalls: { name: string; input: Record<string, unknown> }[] }).sentCalls.filter((c) => c.name === 'productions.plan'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.input).toMatchObject({ folderPick: 'e'.repeat(32), prefix: 'QKA-' });
    expect(sent[0]!.input).not.toHaveProperty('folder');
  });
});
