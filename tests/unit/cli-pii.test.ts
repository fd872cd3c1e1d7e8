import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { cliWorkspace, runSunshine } from './cli-workspace.ts';

describe('sunshine pii list and search --pii', () => {
  it('lists documents and pages per kind without printing values, and narrows a search to a kind', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    fs.writeFileSync(path.join(src, 'intake.txt'), 'Quollword intake. Alien no. A123456789, SSN 123-45-6789.');
    fs.writeFileSync(path.join(src, 'memo.txt'), 'Quollword memo.');
    expect(runSunshine(ws, ['import', src]).code).toBe(0);

    const listed = runSunshine(ws, ['pii', 'list']);
    expect(listed).toMatchObject({ code: 0, out: expect.stringMatching(/^A-Number: #\d+ intake\.txt p\.1\nSSN: #\d+ intake\.txt p\.1\n$/) });
    expect(listed.out).not.toMatch(/123-45-6789|A123456789/);

    const json = runSunshine(ws, ['--json', 'pii', 'list', '--kind', 'ssn']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ rows: [{ kind: 'ssn', label: 'SSN', document: { id: expect.any(Number), name: 'intake.txt' }, pages: [1] }], pending: 0 });

    const found = runSunshine(ws, ['--json', 'search', 'quollword', '--pii', 'a-number']);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.out).hits.map((h: { name: string }) => h.name)).toEqual(['intake.txt']);
    expect(runSunshine(ws, ['search', 'quollword', '--pii', 'zipcode'])).toMatchObject({ code: 2, err: expect.stringMatching(/pii: there is no kind "zipcode"/) });
  }, 60_000);
});
