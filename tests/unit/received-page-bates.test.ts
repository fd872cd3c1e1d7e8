/** The viewer's page call names the page's Bates number as received, so the window can show it beside the page number. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeVolume } from '../fixtures/production-volume.ts';
import { ok, tempDir, testCore } from './helpers.ts';

describe('documents.page', () => {
  it("gives each page of a received document its own Bates number, and null for a document that came without one", async () => {
    const v = await makeVolume(tempDir('sunshine-vol-'), { documents: 4, pagesPerDocument: 3, seed: 3 });
    const core = await testCore();
    await ok(core.invoke('received.import', { path: v.root, party: 'Pagewise' }));
    const rec = v.records.find((r) => r.pages.length > 1)!;
    const hit = await ok(core.invoke('documents.byBates', { bates: rec.begBates }));
    const id = hit.hits[0]!.documentId;
    for (const [i, bates] of rec.pages.entries()) {
      expect(await ok(core.invoke('documents.page', { id, page: i + 1 }))).toMatchObject({ page: i + 1, bates });
    }

    const dir = tempDir('sunshine-plain-');
    fs.writeFileSync(path.join(dir, 'plain-memo.txt'), 'A memo that arrived without any Bates number.');
    const plain = await ok(core.invoke('documents.import', { paths: [dir] }));
    expect(await ok(core.invoke('documents.page', { id: plain.files[0]!.documentId!, page: 1 }))).toMatchObject({ bates: null });
  });
});
