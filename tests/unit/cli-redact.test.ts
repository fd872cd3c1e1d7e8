import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { makePdf } from './fixtures.ts';
import { cliWorkspace, runSunshine, type CliWorkspace } from './cli-workspace.ts';

const sunshine = (ws: CliWorkspace, ...args: string[]) => runSunshine(ws, args);

describe('sunshine redact', () => {
  it('lists the hits of a term list on a dry run, boxes them with a reason, and undoes the batch', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'memo.pdf'), ['The source Okapiwhistle met the spon-\nsor twice', 'Okapiwhistle again']);
    expect(sunshine(ws, 'import', src).code).toBe(0);
    const list = path.join(tempDir('sunshine-terms-'), 'terms.txt');
    fs.writeFileSync(list, 'okapiwhistle\n\nsponsor\n');

    const dry = sunshine(ws, '--json', 'redact', '--terms', list, '--dry-run');
    expect(dry.code).toBe(0);
    const found = JSON.parse(dry.out) as { total: number; hits: { page: number; text: string; boxes: unknown[] }[] };
    expect(found.total).toBe(3);
    expect(found.hits.map((h) => [h.page, h.text, h.boxes.length])).toEqual([
      [1, 'Okapiwhistle', 1],
      [1, 'spon- sor', 2],
      [2, 'Okapiwhistle', 1],
    ]);
    expect(sunshine(ws, 'redact', '--terms', list, '--dry-run').out).toMatch(/#1 memo\.pdf p\. 1: …The source \[Okapiwhistle\] met the spon- sor twice…\n[^]*3 hits\. Nothing was written \(dry run\)\.\n$/);

    const applied = sunshine(ws, 'redact', '--terms', list, '--reason', '(b)(6)');
    expect(applied).toMatchObject({ code: 0, out: expect.stringMatching(/^Redacted 3 hits with 4 boxes in 1 document; batch [a-f0-9]{32}\.\nUndo with: sunshine redact --undo [a-f0-9]{32}\n$/) });
    const batch = /--undo ([a-f0-9]{32})/.exec(applied.out)![1]!;
    expect(JSON.parse(sunshine(ws, '--json', 'redact', '--undo', batch).out)).toEqual({ removed: 4 });
    expect(sunshine(ws, 'redact', '--undo', batch)).toMatchObject({ code: 2, err: expect.stringMatching(/undone already/) });

    const searched = JSON.parse(sunshine(ws, '--json', 'redact', '--search', 'okapi*', '--reason', 'b7C').out) as { hits: number; boxes: number };
    expect(searched).toMatchObject({ hits: 2, boxes: 2 });

    await makePdf(path.join(src, 'intake.pdf'), ['Okapiwhistle SSN 345-67-8901']);
    expect(sunshine(ws, 'import', src).code).toBe(0);
    expect(sunshine(ws, 'redact', '--pii', 'ssn', '--dry-run').out).toMatch(/#\d+ intake\.pdf p\. 1: …Okapiwhistle SSN \[345-67-8901\] …\n1 hit\. Nothing was written \(dry run\)\.\n$/);
    expect(sunshine(ws, 'redact', '--pii', 'ssn', '--tag', 'x', '--reason', 'b6')).toMatchObject({ code: 2, err: expect.stringMatching(/with --pii alone every page with that kind of personal data is read/) });
    expect(JSON.parse(sunshine(ws, '--json', 'redact', '--pii', 'ssn', '--reason', 'b6').out)).toMatchObject({ hits: 1, boxes: 1 });
  }, 240_000); // many commands, each a process of its own: slow on a busy machine

  it('refuses an empty term list, a file that is not text, a search that finds nothing, and no reason', async () => {
    const ws = await cliWorkspace();
    const dir = tempDir('sunshine-terms-');
    fs.writeFileSync(path.join(dir, 'empty.txt'), '\n  \n');
    fs.writeFileSync(path.join(dir, 'picture.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    fs.writeFileSync(path.join(dir, 'ok.txt'), 'nowhereatall\n');
    expect(sunshine(ws, 'redact', '--terms', path.join(dir, 'empty.txt'), '--reason', 'b6')).toMatchObject({ code: 2, err: expect.stringMatching(/the list is empty; give one word or phrase a line/) });
    expect(sunshine(ws, 'redact', '--terms', path.join(dir, 'picture.png'), '--dry-run')).toMatchObject({ code: 2, err: expect.stringMatching(/picture\.png is not a text file/) });
    expect(sunshine(ws, 'redact', '--terms', path.join(dir, 'ok.txt'), '--dry-run')).toMatchObject({ code: 2, err: expect.stringMatching(/nothing found to redact on any page/) });
    expect(sunshine(ws, 'redact', '--search', 'nowhereatall', '--reason', 'b6')).toMatchObject({ code: 2, err: expect.stringMatching(/search: nothing found to redact on any page/) });
    expect(sunshine(ws, 'redact', '--terms', path.join(dir, 'ok.txt'))).toMatchObject({ code: 2, err: expect.stringMatching(/give the reason/) });
    expect(sunshine(ws, 'redact', '--reason', 'b6')).toMatchObject({ code: 2, err: expect.stringMatching(/--search "QUERY", --terms FILE .* or --pii KIND/) });
  }, 240_000); // many commands, each a process of its own: slow on a busy machine
});
