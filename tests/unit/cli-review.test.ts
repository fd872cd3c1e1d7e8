import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { cliWorkspace, runSunshine, type CliWorkspace } from './cli-workspace.ts';

const sunshine = (ws: CliWorkspace, ...args: string[]) => runSunshine(ws, args);

describe('sunshine tag, tags and review', () => {
  it('tags the results of a search, codes the tagged documents, and shows who did what', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    fs.writeFileSync(path.join(src, 'a.txt'), 'sponsor memo one');
    fs.writeFileSync(path.join(src, 'b.txt'), 'sponsor memo two');
    fs.writeFileSync(path.join(src, 'c.txt'), 'unrelated');
    expect(sunshine(ws, 'import', src).code).toBe(0);
    expect(sunshine(ws, 'tags', 'create', 'Privilege')).toMatchObject({ code: 0, out: 'Created Privilege.\n' });
    expect(sunshine(ws, 'tags', 'create', 'Attorney-client', '--parent', 'Privilege', '--shortcut', 'a').code).toBe(0);
    expect(sunshine(ws, 'tag', 'add', 'Privilege/Attorney-client', '--search', 'sponsor')).toMatchObject({ code: 0, out: 'Privilege/Attorney-client: 2 of 2 documents tagged.\n' });
    const coded = sunshine(ws, '--json', 'review', 'set', '--all', '--tag', 'Privilege', '--set-status', 'privileged', '--exemption', 'b6', 'b5');
    expect(JSON.parse(coded.out)).toEqual({ documents: 2, changed: 2 });
    const list = JSON.parse(sunshine(ws, '--json', 'search', 'sponsor', '--status', 'privileged').out) as { hits: { documentId: number }[] };
    expect(list.hits).toHaveLength(2);
    const shown = JSON.parse(sunshine(ws, '--json', 'review', 'show', String(list.hits[0]!.documentId)).out) as { status: string; exemptions: string[]; history: { what: string }[] };
    expect(shown).toMatchObject({ status: 'privileged', exemptions: ['b5', 'b6'] });
    expect(shown.history.map((h) => h.what)).toEqual(['added', 'tagged Privilege/Attorney-client (with 1 other document)', 'coded — status privileged; exemptions: b5, b6 (with 1 other document)']);
    expect(sunshine(ws, 'tags', 'list').out).toBe('Privilege: 0\nPrivilege/Attorney-client [a]: 2\n');
    expect(sunshine(ws, 'tag', 'remove', 'Privilege/Attorney-client', '--all')).toMatchObject({ code: 0, out: 'Privilege/Attorney-client: 2 of 3 documents untagged.\n' });
  });

  it('says which documents are meant when the options do not, and refuses bad values with exit 2', async () => {
    const ws = await cliWorkspace();
    expect(sunshine(ws, 'tags', 'create', 'Hot').code).toBe(0);
    const none = sunshine(ws, 'tag', 'add', 'Hot');
    expect(none).toMatchObject({ code: 2, err: expect.stringMatching(/say which documents: --ids/) });
    expect(sunshine(ws, 'tag', 'add', 'Hot', '--ids', '1', 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/"x" is not a document number/) });
    expect(sunshine(ws, 'tag', 'add', 'Hot', '--ids', '7')).toMatchObject({ code: 2, err: expect.stringMatching(/no document 7; nothing was changed/) });
    expect(sunshine(ws, 'tag', 'add', 'Hot', '--ids', '7', '--status', 'responsive')).toMatchObject({ code: 2, err: expect.stringMatching(/with --ids, leave them out/) });
    expect(sunshine(ws, 'review', 'set', '--all', '--rating', 'scorching')).toMatchObject({ code: 2, err: expect.stringMatching(/rating/) });
  });

  it('takes --exemption as a list in any case, and "none" clears it', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    fs.writeFileSync(path.join(src, 'a.txt'), 'law enforcement techniques');
    expect(sunshine(ws, 'import', src).code).toBe(0);
    const exemptions = () => (JSON.parse(sunshine(ws, '--json', 'review', 'show', '1').out) as { exemptions: string[] }).exemptions;
    expect(sunshine(ws, 'review', 'set', '--ids', '1', '--exemption', 'b7e,B6')).toMatchObject({ code: 0 });
    expect([...exemptions()].sort()).toEqual(['b6', 'b7E']);
    expect(sunshine(ws, 'review', 'set', '--ids', '1', '--exemption', 'b7x')).toMatchObject({ code: 2, err: expect.stringMatching(/"b7x" is not a FOIA exemption; give one or more of b1, /) });
    expect([...exemptions()].sort()).toEqual(['b6', 'b7E']);
    expect(sunshine(ws, 'review', 'set', '--ids', '1', '--exemption', 'none')).toMatchObject({ code: 0 });
    expect(exemptions()).toEqual([]);
  });
});

describe('sunshine produce', () => {
  it('produces a tag into a new folder, lists it, and refuses to reuse its Bates numbers', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    fs.writeFileSync(path.join(src, 'a.txt'), 'sponsor memo one');
    fs.writeFileSync(path.join(src, 'b.txt'), 'sponsor memo two');
    expect(sunshine(ws, 'import', src).code).toBe(0);
    expect(sunshine(ws, 'tags', 'create', 'Produce').code).toBe(0);
    expect(sunshine(ws, 'tag', 'add', 'Produce', '--all').code).toBe(0);
    const out = path.join(tempDir('sunshine-out-'), 'VOL001');
    const made = sunshine(ws, '--json', 'produce', '--tag', 'Produce', '--prefix', 'HSGAC-', '--start', '1', '--out', out, '--recipient', 'HSGAC', '--natives', 'text');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ firstBates: 'HSGAC-00000001', lastBates: 'HSGAC-00000002', produced: 2, withheld: 0, folder: out });
    expect(fs.readdirSync(path.join(out, 'NATIVES')).sort()).toEqual(['HSGAC-00000001.txt', 'HSGAC-00000002.txt']);
    expect(sunshine(ws, 'productions', 'list').out).toMatch(/^HSGAC-00000001–HSGAC-00000002 {2}HSGAC production from HSGAC-00000001 to HSGAC: 2 documents, 2 pages/);
    const again = sunshine(ws, 'produce', '--tag', 'Produce', '--prefix', 'HSGAC-', '--start', '2', '--out', path.join(out, '..', 'VOL002'));
    expect(again).toMatchObject({ code: 2, err: expect.stringMatching(/next free number is 3/) });
    // One padding per prefix: another is refused with the one to give; left out, the prefix's own is taken.
    const vol2 = path.join(out, '..', 'VOL002');
    expect(sunshine(ws, 'produce', '--tag', 'Produce', '--prefix', 'HSGAC-', '--start', '3', '--padding', '6', '--out', vol2)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/padding: numbers under HSGAC- have 8 digits \(HSGAC-00000002 in "HSGAC production from HSGAC-00000001"\); give 8 digits/),
    });
    expect(sunshine(ws, 'produce', '--tag', 'Produce', '--prefix', 'HSGAC-', '--start', '3', '--natives', 'xls', '--out', vol2)).toMatchObject({ code: 2, err: expect.stringMatching(/not a kind: xls/) });
    expect(sunshine(ws, 'produce', '--tag', 'Produce', '--prefix', 'HSGAC-', '--start', '3', '--images', 'gif', '--out', vol2)).toMatchObject({ code: 2, err: expect.stringMatching(/give pdf or tiff/) });
    expect(fs.existsSync(vol2)).toBe(false);
    expect(JSON.parse(sunshine(ws, '--json', 'produce', '--tag', 'Produce', '--prefix', 'hsgac-', '--start', '3', '--natives', 'none', '--out', vol2).out)).toMatchObject({ firstBates: 'hsgac-00000003' });
    expect(fs.readdirSync(path.join(vol2, 'NATIVES'))).toEqual([]);
    expect(sunshine(ws, 'produce', '--prefix', 'X', '--start', '1', '--out', path.join(out, '..', 'VOL003'))).toMatchObject({ code: 2, err: expect.stringMatching(/say what to produce/) });
  });

  it('splits a search into batches for a reviewer, lists progress, says what is next, reassigns and deletes, refusing bad input with exit 2', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    for (const n of [1, 2, 3, 4, 5]) fs.writeFileSync(path.join(src, `m${n}.txt`), `quernstone memo ${n}`);
    expect(sunshine(ws, 'import', src).code).toBe(0);
    expect(sunshine(ws, 'review', 'batches').out).toMatch(/^No review batches yet/);
    const me = (JSON.parse(sunshine(ws, '--json', 'review', 'batches').out) as { eligible: { login: string }[] }).eligible[0]!.login;
    const made = sunshine(ws, 'review', 'batch', 'make', '--search', 'quernstone', '--size', '2', '--reviewer', me, '--name', 'First pass');
    expect(made.code).toBe(0);
    expect(made.out.split('\n')[0]).toBe('Made 3 batches of 5 documents.');
    expect(made.out).toContain(`#1 First pass 1 of 3 — ${me}: 0 of 2 coded (from search "quernstone")`);
    expect(sunshine(ws, 'review', 'set', '--ids', '1', '--set-status', 'responsive').code).toBe(0);
    expect(sunshine(ws, 'review', 'batches').out).toContain(`${me}: 3 batches, 1 of 5 coded`);
    expect(sunshine(ws, 'review', 'mine').out).toMatch(/Next: document \d+ \(m\d\.txt\), 2 of 2 in First pass 1 of 3; 4 left to code\./);
    expect(sunshine(ws, 'review', 'batch', 'reassign', '1', 'nobody-here')).toMatchObject({ code: 2, err: expect.stringMatching(/^sunshine: reviewers: /) });
    expect(sunshine(ws, 'review', 'batch', 'delete', '2')).toMatchObject({ code: 0, out: 'Deleted batch 2; its documents and their coding stay.\n' });
    expect((JSON.parse(sunshine(ws, '--json', 'review', 'batches').out) as { batches: { id: number }[] }).batches.map((b) => b.id)).toEqual([1, 3]);
    expect(sunshine(ws, 'review', 'batch', 'delete', 'x')).toMatchObject({ code: 2, err: 'sunshine: id: "x" is not a batch number (see sunshine review batches). [BAD_INPUT]\n' });
    expect(sunshine(ws, 'review', 'batch', 'make', '--search', 'quernstone', '--size', 'two', '--reviewer', me, '--name', 'X')).toMatchObject({ code: 2, err: expect.stringMatching(/size: "two" is not a number/) });
    expect(sunshine(ws, 'review', 'batch', 'make', '--size', '2', '--reviewer', me, '--name', 'X')).toMatchObject({ code: 2, err: expect.stringMatching(/say which documents/) });
  }, 240_000); // fifteen commands, each a process of its own: slow on a busy machine
});
