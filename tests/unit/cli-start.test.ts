import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliWorkspace, runSunshine, type CliWorkspace } from './cli-workspace.ts';

// A module hook that names, on stderr, every package and every file the command loads.
const hook = `export async function resolve(s, c, next) {
  const r = await next(s, c);
  const m = r.url.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//);
  process.stderr.write(m ? 'loaded package ' + m[1] + '\\n' : 'loaded file ' + r.url + '\\n');
  return r;
}`;
const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`;

function loadedBy(ws: CliWorkspace, args: string[]): { packages: Set<string>; files: string[] } {
  const r = runSunshine(ws, args, { nodeOptions: ['--import', `data:text/javascript,${encodeURIComponent(register)}`] });
  expect(r.code, r.err).toBe(0);
  return {
    packages: new Set([...r.err.matchAll(/^loaded package (\S+)$/gm)].map((m) => m[1]!)),
    files: [...r.err.matchAll(/^loaded file (\S+)$/gm)].map((m) => m[1]!),
  };
}

describe('the sunshine command starts quickly', () => {
  it('status loads none of the readers and writers of files, nor the browser-mode server, it does not use', async () => {
    const ws = await cliWorkspace();
    const { packages: loaded, files } = loadedBy(ws, ['status']);
    expect(loaded).toContain(ws.engine === 'sqlite' ? 'better-sqlite3' : 'pg'); // the hook does see packages
    for (const heavy of ['pdf-lib', 'pdfjs-dist', 'jszip', 'html-to-text', 'mammoth', 'mailparser', 'tesseract.js', '@napi-rs/canvas', '@kenjiuno/msgreader']) {
      expect(loaded, `${heavy} was loaded`).not.toContain(heavy);
    }
    expect(files.some((f) => f.endsWith('/core/index.ts'))).toBe(true);
    const webServer = `${pathToFileURL(path.resolve('web')).href}/`;
    expect(files.filter((f) => f.startsWith(webServer))).toEqual([]); // browser mode's server
  });
});
