import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fails, ok, query, tempDir, testCore } from './helpers.ts';
import { makeEml, write } from './fixtures.ts';
import { splitIntoBatches } from '../../core/review/split.ts';

/** Five text files and two emails with an attachment each (two families of two): nine documents. */
async function corpus() {
  const core = await testCore();
  const src = tempDir('sunshine-batches-');
  for (const n of ['a', 'b', 'c', 'd', 'e']) write(src, `${n}.txt`, `pipeline memo ${n}`);
  makeEml(path.join(src, 'tip1.eml'), { subject: 'tip one', html: '<p>pipeline tip</p>', attachment: { name: 'notes1.txt', text: 'pipeline notes one' } });
  makeEml(path.join(src, 'tip2.eml'), { subject: 'tip two', html: '<p>pipeline tip</p>', attachment: { name: 'notes2.txt', text: 'pipeline notes two' } });
  const r = await ok(core.invoke('documents.import', { paths: [src] }));
  const all = r.files.flatMap((f) => [f, ...(f.attachments ?? [])]);
  const id = (name: string) => all.find((f) => f.path.endsWith(name))!.documentId!;
  const me = (await ok(core.invoke('review.batches', {}))).eligible[0]!.login;
  return { core, id, me };
}

describe('splitting into batches', () => {
  it('packs whole families in order into batches of about the size, a large family whole on its own', () => {
    const docs = [
      { id: 1, parent_id: null },
      { id: 2, parent_id: null },
      { id: 3, parent_id: 2 },
      { id: 4, parent_id: 3 },
      { id: 5, parent_id: null },
      { id: 6, parent_id: null },
      { id: 7, parent_id: 6 },
    ];
    expect(splitIntoBatches(docs, 2)).toEqual([[1], [2, 3, 4], [5], [6, 7]]);
    expect(splitIntoBatches(docs, 4)).toEqual([[1, 2, 3, 4], [5, 6, 7]]);
    expect(splitIntoBatches(docs, 100)).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
  });
});

describe('review batches', () => {
  it('split a search into batches keeping each email with its attachment, all assigned, with progress as documents are coded', async () => {
    const { core, id, me } = await corpus();
    // Before any batch: nothing to go through, and the answer says there are no batches (not "all coded").
    expect(await ok(core.invoke('review.nextInBatch', {}))).toEqual({ document: null, remaining: 0, leasedByOthers: 0, batches: 0 });
    // Only an attachment matches "notes one": its email comes along, as the family is never split.
    const made = await ok(core.invoke('review.makeBatches', { from: { search: { query: 'pipeline' } }, size: 3, reviewers: [me], name: 'First pass' }));
    expect(made.documents).toBe(9);
    const batches = made.batches;
    expect(batches.map((b) => b.name)).toEqual(batches.map((_b, i) => `First pass ${i + 1} of ${batches.length}`));
    expect(batches.every((b) => b.reviewer.login === me && b.total <= 3 && b.done === 0 && b.source === 'search "pipeline"')).toBe(true);
    expect(batches.reduce((n, b) => n + b.total, 0)).toBe(9);
    // Each family sits whole in one batch.
    const batchOf = new Map<number, number>();
    const rows = await query<{ batch_id: number; document_id: number }>(core, 'SELECT batch_id, document_id FROM review_batch_documents ORDER BY batch_id, position');
    for (const r of rows) batchOf.set(Number(r.document_id), Number(r.batch_id));
    expect(batchOf.get(id('tip1.eml'))).toBe(batchOf.get(id('notes1.txt')));
    expect(batchOf.get(id('tip2.eml'))).toBe(batchOf.get(id('notes2.txt')));

    // Next in my batches: the first batch's first document; coding it moves progress and the next one on.
    const first = (await ok(core.invoke('review.myBatch', {}))).next;
    expect(first).toMatchObject({ remaining: 9, leasedByOthers: 0, batches: batches.length, document: { id: Number(rows[0]!.document_id), batchId: batches[0]!.id, position: 1 } });
    await ok(core.invoke('review.set', { ids: [first.document!.id], status: 'responsive' }));
    const after = await ok(core.invoke('review.batches', {}));
    expect(after.batches.find((b) => b.id === batches[0]!.id)!.done).toBe(1);
    expect(after.reviewers).toEqual([{ login: me, displayName: expect.any(String), batches: batches.length, total: 9, done: 1 }]);
    const second = await ok(core.invoke('review.nextInBatch', {}));
    expect(second).toMatchObject({ remaining: 8, document: { id: Number(rows[1]!.document_id) } });
    // Skipping a document: after the second comes the third; after the last, round again to the first not coded.
    expect((await ok(core.invoke('review.nextInBatch', { after: Number(rows[1]!.document_id) }))).document!.id).toBe(Number(rows[2]!.document_id));
    expect((await ok(core.invoke('review.nextInBatch', { after: Number(rows.at(-1)!.document_id) }))).document!.id).toBe(Number(rows[1]!.document_id));

    // Marking one unreviewed again is not progress.
    await ok(core.invoke('review.set', { ids: [first.document!.id], status: 'unreviewed' }));
    expect((await ok(core.invoke('review.batches', {}))).batches.find((b) => b.id === batches[0]!.id)!.done).toBe(0);

    // Deleting a batch leaves its documents' coding alone, and is in the history.
    await ok(core.invoke('review.set', { ids: [id('a.txt')], status: 'privileged' }));
    await ok(core.invoke('review.deleteBatch', { id: batches[0]!.id }));
    expect((await ok(core.invoke('review.batches', {}))).batches.map((b) => b.id)).toEqual(batches.slice(1).map((b) => b.id));
    expect((await ok(core.invoke('review.get', { id: id('a.txt') }))).status).toBe('privileged');
    const actions = (await query<{ action: string }>(core, "SELECT action FROM audit_log WHERE action LIKE 'review.%Batch%' ORDER BY seq")).map((r) => r.action);
    expect(actions).toEqual(['review.makeBatches', 'review.deleteBatch']);
  });

  it('from a tag or a saved search; refuses an empty source, a reviewer who is not one, and a batch that is not there', async () => {
    const { core, id, me } = await corpus();
    await ok(core.invoke('tags.create', { name: 'Batch me' }));
    await ok(core.invoke('tags.apply', { tag: 'Batch me', ids: [id('notes2.txt'), id('b.txt')] }));
    const byTag = await ok(core.invoke('review.makeBatches', { from: { tag: 'Batch me' }, size: 10, reviewers: [me], name: 'Tagged' }));
    expect(byTag).toMatchObject({ documents: 3, batches: [{ name: 'Tagged', total: 3, source: 'tag Batch me' }] });
    const saved = await ok(core.invoke('searches.save', { name: 'memos', query: 'memo' }));
    const bySaved = await ok(core.invoke('review.makeBatches', { from: { savedSearch: saved.id }, size: 2, reviewers: [me, me], name: 'Memos' }));
    expect(bySaved.batches.map((b) => b.total)).toEqual([2, 2, 1]);
    expect(bySaved.batches[0]!.source).toBe('saved search "memos"');

    expect(await fails(core.invoke('review.makeBatches', { from: { search: { query: 'zeppelin' } }, size: 5, reviewers: [me], name: 'None' }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/finds no documents; no batches were made/),
    });
    expect(await fails(core.invoke('review.makeBatches', { from: { tag: 'Batch me' }, size: 5, reviewers: ['zed_nobody'], name: 'Zed' }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/^reviewers: .*(zed_nobody is not a member|one person)/),
    });
    expect(await fails(core.invoke('review.makeBatches', { from: { tag: 'Batch me', search: {} }, size: 5, reviewers: [me], name: 'Two' }))).toMatchObject({ code: 'BAD_INPUT' });
    expect(await fails(core.invoke('review.reassignBatch', { id: 9999, reviewer: me }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails(core.invoke('review.deleteBatch', { id: 9999 }))).toMatchObject({ code: 'NOT_FOUND' });
    // Nothing half made: only the two good calls left batches.
    expect((await ok(core.invoke('review.batches', {}))).batches).toHaveLength(4);
  });

  it('a document taken out of the workspace leaves its batch, and next-in-batch passes over it', async () => {
    const { core, me } = await corpus();
    const made = await ok(core.invoke('review.makeBatches', { from: { search: { query: 'memo' } }, size: 10, reviewers: [me], name: 'Memos' }));
    expect(made.batches[0]!.total).toBe(5);
    const order = (await query<{ document_id: number }>(core, 'SELECT document_id FROM review_batch_documents ORDER BY position')).map((r) => Number(r.document_id));
    expect(order).toHaveLength(5);
    const gone = order[0]!;
    expect((await ok(core.invoke('review.nextInBatch', {}))).document!.id).toBe(gone);
    await core.workspace.engine.run('DELETE FROM documents WHERE id = ?', [gone]);
    const now = (await ok(core.invoke('review.batches', {}))).batches[0]!;
    expect(now.total).toBe(4);
    const next = await ok(core.invoke('review.nextInBatch', {}));
    expect(next).toMatchObject({ remaining: 4, document: { id: order[1], position: 2 } });
  });
});
