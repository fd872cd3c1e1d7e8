import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { fails, ok, query, teamLoginOf, tempDir, testCore } from './helpers.ts';
import { makeEml, write } from './fixtures.ts';
import { osAccount } from '../../db/audit.ts';

const audits = async (core: Core) => (await query(core, 'SELECT count(*) FROM audit_log')).map((r) => Object.values(r)[0])[0] as number;

/** Three text files and an email with an attachment (a family of two). */
async function corpus() {
  const core = await testCore();
  const src = tempDir('sunshine-src-');
  write(src, 'a.txt', 'sponsor vetting memo');
  write(src, 'b.txt', 'sponsor address list');
  write(src, 'c.txt', 'transport contract');
  makeEml(path.join(src, 'tip.eml'), { subject: 'tip', html: '<p>see the attached contract</p>', attachment: { name: 'notes.txt', text: 'notes on the sponsor' } });
  const r = await ok(core.invoke('documents.import', { paths: [src] }));
  const id = (name: string) => {
    const all = r.files.flatMap((f) => [f, ...(f.attachments ?? [])]);
    return all.find((f) => f.path.endsWith(name))!.documentId!;
  };
  return { core, id };
}

describe('tags', () => {
  it('nest, keep their paths when renamed or moved, refuse clashes, and take their documents along when deleted', async () => {
    const { core, id } = await corpus();
    const priv = await ok(core.invoke('tags.create', { name: 'Privilege', color: '#aa0000' }));
    const ac = await ok(core.invoke('tags.create', { name: 'Attorney-client', parent: 'Privilege', shortcut: 'a' }));
    expect(ac).toMatchObject({ path: 'Privilege/Attorney-client', parentId: priv.id, shortcut: 'a' });
    expect(await fails(core.invoke('tags.create', { name: 'attorney-CLIENT', parent: priv.id }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already a tag "Privilege\/Attorney-client"/) });
    expect(await fails(core.invoke('tags.create', { name: 'Hot', shortcut: 'a' }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already belongs to the tag "Privilege\/Attorney-client"/) });
    expect(await fails(core.invoke('tags.create', { name: 'Next', shortcut: 'j' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/other than j and k/) });
    expect(await fails(core.invoke('tags.create', { name: 'a/b' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/cannot contain "\/"/) });
    expect(await fails(core.invoke('tags.create', { name: 'x', parent: 'Nowhere' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails(core.invoke('tags.update', { id: priv.id, parent: ac.id }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/cannot go under itself/) });

    await ok(core.invoke('tags.update', { id: priv.id, name: '📁Privileged' }));
    expect((await ok(core.invoke('tags.list', {}))).tags.map((t) => t.path)).toEqual(['📁Privileged', '📁Privileged/Attorney-client']);
    await ok(core.invoke('tags.update', { id: priv.id, name: 'Privileged' }));
    const tags = (await ok(core.invoke('tags.list', {}))).tags;
    expect(tags.map((t) => t.path)).toEqual(['Privileged', 'Privileged/Attorney-client']);

    await ok(core.invoke('tags.apply', { tag: 'Privileged/Attorney-client', ids: [id('a.txt'), id('b.txt')] }));
    const s = await ok(core.invoke('documents.search', { query: 'sponsor', tag: 'Privileged' }));
    expect(s.hits.map((h) => h.name).sort()).toEqual(['a.txt', 'b.txt']);
    expect(s.facets.tags).toEqual([{ value: 'Privileged/Attorney-client', count: 2 }]);
    expect(await ok(core.invoke('tags.delete', { id: priv.id }))).toEqual({ untagged: 2 });
    expect((await ok(core.invoke('tags.list', {}))).tags).toEqual([]);
    expect((await ok(core.invoke('review.get', { id: id('a.txt') }))).tags).toEqual([]);
  });

  it('tag every result of a search, with email families, and untag; listed ids must all exist or nothing changes', async () => {
    const { core, id } = await corpus();
    await ok(core.invoke('tags.create', { name: 'Hot' }));
    expect(await ok(core.invoke('tags.apply', { tag: 'Hot', search: { query: 'sponsor', type: 'text' } }))).toEqual({ tag: 'Hot', documents: 3, changed: 3 });
    // The attachment matched; with its family the email comes too. Already tagged ones do not count again.
    expect(await ok(core.invoke('tags.apply', { tag: 'Hot', search: { query: 'sponsor' }, family: true }))).toEqual({ tag: 'Hot', documents: 4, changed: 1 });
    const hot = async () => (await ok(core.invoke('documents.list', { tag: 'Hot' }))).rows.map((d) => d.name).sort();
    expect(await hot()).toEqual(['a.txt', 'b.txt', 'notes.txt', 'tip.eml']);
    expect(await ok(core.invoke('tags.apply', { tag: 'Hot', ids: [id('tip.eml')], remove: true }))).toMatchObject({ changed: 1 });
    expect(await hot()).toEqual(['a.txt', 'b.txt', 'notes.txt']);

    const before = await audits(core);
    expect(await fails(core.invoke('tags.apply', { tag: 'Hot', ids: [id('c.txt'), 999] }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no document 999; nothing was changed/) });
    expect(await fails(core.invoke('tags.apply', { tag: 'Hot', ids: [1], search: { query: 'x' } }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/either ids or search/) });
    expect(await fails(core.invoke('tags.apply', { tag: 'Hot', search: { query: '"unbalanced' } }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Unclosed quote at position 1/) });
    expect(await fails(core.invoke('tags.apply', { tag: 'Cold', ids: [1] }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await audits(core)).toBe(before);
    expect(await hot()).toEqual(['a.txt', 'b.txt', 'notes.txt']);
  });
});

describe('tags changed at the same moment', () => {
  // Calls awaited together interleave at every read; each check decides only inside its own write.
  it('let one of two equal names in, and refuse the other with the clash, not an internal error', async () => {
    const core = await testCore();
    const both = await Promise.all([core.invoke('tags.create', { name: 'Hot', shortcut: 'h' }), core.invoke('tags.create', { name: 'hot' }), core.invoke('tags.create', { name: 'Warm', shortcut: 'h' })]);
    expect(both.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'CONFLICT', 'CONFLICT']);
    expect(both.map((r) => (r.ok ? '' : r.error.message))).toEqual(['', expect.stringMatching(/already a tag "Hot"/), expect.stringMatching(/"h" already belongs to the tag "Hot"/)]);
    expect((await ok(core.invoke('tags.list', {}))).tags.map((t) => t.path)).toEqual(['Hot']);
  });

  it('put a tag created under a parent being renamed under the new name', async () => {
    const core = await testCore();
    const old = await ok(core.invoke('tags.create', { name: 'Old' }));
    const [child] = await Promise.all([ok(core.invoke('tags.create', { name: 'Child', parent: 'Old' })), ok(core.invoke('tags.update', { id: old.id, name: 'New' }))]);
    expect(child.parentId).toBe(old.id);
    expect((await ok(core.invoke('tags.list', {}))).tags.map((t) => [t.path, t.parentId])).toEqual([
      ['New', null],
      ['New/Child', old.id],
    ]);
  });

  it('refuse to apply a tag deleted meanwhile by its name, and keep one saved search per name', async () => {
    const { core, id } = await corpus();
    const gone = await ok(core.invoke('tags.create', { name: 'Gone' }));
    const [applied, deleted] = await Promise.all([core.invoke('tags.apply', { tag: 'Gone', ids: [id('a.txt')] }), ok(core.invoke('tags.delete', { id: gone.id }))]);
    // Whichever came first, the tag is applied whole and then deleted, or refused: never a broken reference.
    if (applied.ok) expect(deleted).toEqual({ untagged: 1 });
    else expect(applied.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/there is no tag "Gone"/) });
    expect((await ok(core.invoke('review.get', { id: id('a.txt') }))).tags).toEqual([]);

    const saved = await Promise.all([ok(core.invoke('searches.save', { name: 'Twice', query: 'sponsor' })), ok(core.invoke('searches.save', { name: 'TWICE', query: 'contract' }))]);
    expect(saved[1].id).toBe(saved[0].id);
    // One search under the name, as whichever save came last left it (on a team workspace either may).
    const [only, ...more] = (await ok(core.invoke('searches.list', {}))).searches;
    expect(more).toEqual([]);
    expect([['Twice', 'sponsor'], ['TWICE', 'contract']]).toContainEqual([only!.name, only!.query]);
  });
});

describe('coding', () => {
  it('sets only the fields given, counts only real changes, and tells who did what when', async () => {
    const { core, id } = await corpus();
    expect(await ok(core.invoke('review.get', { id: id('a.txt') }))).toMatchObject({ status: 'unreviewed', rating: null, exemptions: [], history: [{ what: 'added' }] });
    await ok(core.invoke('settings.update', { userName: 'Alex Reviewer' }));
    // In a team workspace the actor is the login, and the name typed its display name.
    const alex = teamLoginOf(core) ?? 'Alex Reviewer';
    // Where the coding shows who did it last, a person is named as the team names them: "Alex Reviewer (login)".
    const alexNamed = teamLoginOf(core) ? `Alex Reviewer (${alex})` : alex;
    expect(await ok(core.invoke('review.set', { ids: [id('a.txt')], status: 'needs-redaction', exemptions: ['b7C', 'b6', 'b6'], rating: 'hot' }))).toEqual({ documents: 1, changed: 1 });
    expect(await ok(core.invoke('review.set', { search: { query: 'sponsor' }, privilege: 'deliberative-process' }))).toEqual({ documents: 3, changed: 3 });
    const before = await audits(core);
    expect(await ok(core.invoke('review.set', { search: { query: 'sponsor' }, privilege: 'deliberative-process' }))).toEqual({ documents: 3, changed: 0 });
    expect(await audits(core)).toBe(before);

    const a = await ok(core.invoke('review.get', { id: id('a.txt') }));
    expect(a).toMatchObject({ status: 'needs-redaction', rating: 'hot', privilege: 'deliberative-process', exemptions: ['b6', 'b7C'], updatedBy: alexNamed });
    expect(a.history.map((h) => [h.actor, h.what])).toEqual([
      [expect.any(String), 'added'],
      [alex, 'coded — status needs-redaction; rated hot; exemptions: b6, b7C'],
      [alex, 'coded — privilege: deliberative-process (with 2 other documents)'],
    ]);
    // Who coded it is also the operating-system account, which no window can change.
    expect(new Set(a.history.map((h) => h.osUser))).toEqual(new Set([osAccount()]));
    await ok(core.invoke('review.set', { ids: [id('a.txt')], rating: null }));
    expect((await ok(core.invoke('review.get', { id: id('a.txt') }))).rating).toBeNull();

    // Set back to unreviewed, and never coded: one count, not two.
    await ok(core.invoke('review.set', { ids: [id('b.txt')], status: 'unreviewed' }));
    const s = await ok(core.invoke('documents.search', { query: 'sponsor' }));
    expect(s.facets.statuses.sort((x, y) => x.value.localeCompare(y.value))).toEqual([
      { value: 'needs-redaction', count: 1 },
      { value: 'unreviewed', count: 2 },
    ]);
    expect((await ok(core.invoke('documents.list', { status: 'unreviewed' }))).total).toBe(4);
    expect(await fails(core.invoke('review.set', { ids: [id('a.txt')] }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/at least one field/) });
    expect(await fails(core.invoke('review.set', { ids: [id('a.txt')], status: 'maybe' as 'responsive' }))).toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('saved searches', () => {
  it('keep words and filters under a name, replace by name, and are checked before they are kept', async () => {
    const { core } = await corpus();
    await ok(core.invoke('tags.create', { name: 'Hot' }));
    const saved = await ok(core.invoke('searches.save', { name: 'Hot sponsors', query: 'sponsor*', filters: { tag: 'Hot', from: '2020-01-01' } }));
    expect(saved).toMatchObject({ name: 'Hot sponsors', query: 'sponsor*', filters: { tag: 'Hot', from: '2020-01-01' } });
    await ok(core.invoke('searches.save', { name: 'hot SPONSORS', query: 'sponsor', filters: {} }));
    expect((await ok(core.invoke('searches.list', {}))).searches).toEqual([expect.objectContaining({ id: saved.id, name: 'hot SPONSORS', query: 'sponsor', filters: {} })]);
    expect(await fails(core.invoke('searches.save', { name: 'bad', query: 'NEAR(' }))).toMatchObject({ code: 'BAD_INPUT' });
    expect(await fails(core.invoke('searches.save', { name: 'bad', query: 'x', filters: { tag: 'Nope' } }))).toMatchObject({ code: 'NOT_FOUND' });
    await ok(core.invoke('searches.delete', { id: saved.id }));
    expect((await ok(core.invoke('searches.list', {}))).searches).toEqual([]);
  });
});

describe('filters on a large index', () => {
  it('give the same answers whether the filter lets a few pages through or most of them', async () => {
    const core = await testCore();
    // 60,000 pages: past the point where filtering follows the matches instead of listing the pages.
    await core.workspace.write('test', async (w) => {
      const doc = async (sha: string, type: string, name: string, pages: number) =>
        (await w.all<{ id: number }>("INSERT INTO documents (sha256, size, type, mime, name, path, added_at, status, page_count) VALUES (?, 0, ?, 'x', ?, '', ?, 'ready', ?) RETURNING id", [sha, type, name, w.at, pages]))[0]!.id;
      const pages = (id: number, texts: string[]) =>
        w.run(`INSERT INTO pages (document_id, page_no, text) VALUES ${texts.map(() => '(?, ?, ?)').join(', ')}`, texts.flatMap((t, i) => [id, i + 1, t]));
      for (let d = 0; d < 600; d++) {
        const id = await doc(`sha${d}`, 'text', `doc-${d}.txt`, 100);
        await pages(id, Array.from({ length: 100 }, (_, i) => (i + 1 === 50 && d % 100 === 0 ? 'alpha rarity' : 'alpha common words')));
      }
      await pages(await doc('shapdf', 'pdf', 'one.pdf', 1), ['alpha rarity in a pdf']);
      await w.audit({ action: 'test.pages', entity: 'test', entityId: '0' });
    });
    const broad = await ok(core.invoke('documents.search', { query: 'rarity', type: 'text' }));
    expect(broad.total).toBe(6);
    expect(broad.hits.every((h) => h.type === 'text' && h.page === 50)).toBe(true);
    expect((await ok(core.invoke('documents.search', { query: 'rarity', type: 'pdf' }))).hits.map((h) => h.name)).toEqual(['one.pdf']);
    expect((await ok(core.invoke('documents.search', { query: 'alpha', type: 'text' }))).capped).toBe(true);
    expect((await ok(core.invoke('documents.search', { query: 'alpha', type: 'docx' }))).total).toBe(0);

    await ok(core.invoke('tags.create', { name: 'Few' }));
    await ok(core.invoke('tags.apply', { tag: 'Few', ids: [1, 601] }));
    const few = await ok(core.invoke('documents.search', { query: 'rarity', tag: 'Few' }));
    expect(few.hits.map((h) => h.name).sort()).toEqual(['doc-0.txt', 'one.pdf']);
  }, 60_000);
});
