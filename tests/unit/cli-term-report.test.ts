import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { cliWorkspace, runSunshine, type CliWorkspace } from './cli-workspace.ts';

const sunshine = (ws: CliWorkspace, args: string[], input?: string) => runSunshine(ws, args, input === undefined ? {} : { input });

async function workspace() {
  const ws = await cliWorkspace();
  const src = tempDir('sunshine-src-');
  fs.writeFileSync(path.join(src, 'a.txt'), 'zephyrine sponsor memo');
  fs.writeFileSync(path.join(src, 'b.txt'), 'zephyrine budget');
  expect(sunshine(ws, ['import', src]).code).toBe(0);
  const dir = tempDir('sunshine-terms-');
  const terms = path.join(dir, 'terms.txt');
  fs.writeFileSync(terms, 'zephyrine\n\nsponsor\n"unbalanced\n');
  return { ws, dir, terms };
}

describe('sunshine search report', () => {
  it('prints the table, with a bad line in its row (exit 1), and as JSON', async () => {
    const { ws, terms } = await workspace();
    expect(sunshine(ws, ['search', 'report', terms])).toMatchObject({
      code: 1,
      out: [
        'line  query        documents  pages  unique  with family',
        '   1  zephyrine            2      2       1            2',
        '   3  sponsor              1      1       0            1',
        '   4  "unbalanced  Unclosed quote at position 1, after `"unbalanced`: add the closing ".',
        '      any query            2                           2',
        '',
      ].join('\n'),
    });
    const json = sunshine(ws, ['--json', 'search', 'report', terms, '--type', 'text']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      rows: [
        { line: 1, term: 'zephyrine', counts: { documents: 2, pages: 2, unique: 1, withFamily: 2 }, error: null },
        { line: 3, term: 'sponsor', counts: { documents: 1, pages: 1, unique: 0, withFamily: 1 }, error: null },
        { line: 4, term: '"unbalanced', counts: null, error: { position: 1 } },
      ],
      total: { documents: 2, withFamily: 2 },
    });
    // Standard input, all lines good: exit 0; a filter before `report` counts too.
    expect(sunshine(ws, ['search', 'report', '-'], 'zephyrine\n')).toMatchObject({ code: 0, out: expect.stringMatching(/^ +1 +zephyrine +2 +2 +2 +2$/m) });
    expect(sunshine(ws, ['search', '--type', 'pdf', 'report', '-'], 'zephyrine\n')).toMatchObject({ code: 0, out: expect.stringMatching(/^ +1 +zephyrine +0 +0 +0 +0$/m) });
  });

  it('writes CSV (owner-only) or Excel, one of them', async () => {
    const { ws, dir, terms } = await workspace();
    const csv = path.join(dir, 'report.csv');
    expect(sunshine(ws, ['search', 'report', terms, '--csv', csv])).toMatchObject({ code: 1, out: expect.stringContaining(`Wrote the report to ${csv}.`) });
    expect(fs.readFileSync(csv, 'utf8')).toBe(
      '\uFEFFLine,Query,Documents,Pages,Unique documents,Documents with family,Problem\r\n1,zephyrine,2,2,1,2,\r\n3,sponsor,1,1,0,1,\r\n' +
        '4,"""unbalanced",,,,,"Unclosed quote at position 1, after `""unbalanced`: add the closing ""."\r\n,Any query,2,,,2,\r\n',
    );
    expect(fs.statSync(csv).mode & 0o777).toBe(0o600);
    const xlsx = path.join(dir, 'report.xlsx');
    expect(sunshine(ws, ['--json', 'search', 'report', terms, '--xlsx', xlsx])).toMatchObject({ code: 1, out: expect.stringContaining(`"out": "${xlsx}"`) });
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    expect(sunshine(ws, ['search', 'report', terms, '--csv', csv, '--xlsx', xlsx])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot be used with/) });
  });

  it('exits 2 for a file with no queries, every line bad, or no file', async () => {
    const { ws, dir } = await workspace();
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '\n  \n');
    expect(sunshine(ws, ['search', 'report', empty])).toMatchObject({ code: 2, err: expect.stringMatching(/the list has no queries; write one query a line/) });
    expect(sunshine(ws, ['search', 'report', '-'], 'AND\nw/0 x\n')).toMatchObject({ code: 2, out: expect.stringMatching(/AND at position 1 needs something to search for/) });
    expect(sunshine(ws, ['search', 'report', path.join(dir, 'missing.txt')])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read .*missing\.txt: ENOENT/) });
  });
});
