import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

// A module hook that names, on stderr, every package and every file the command loads.
const hook = `export async function resolve(s, c, next) {
  const r = await next(s, c);
  const m = r.url.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//);
  process.stderr.write(m ? 'loaded package ' + m[1] + '\\n' : 'loaded file ' + r.url + '\\n');
  return r;
}`;
const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`;

function loadedBy(args: string[]): { packages: Set<string>; files: string[] } {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, path.resolve('bin/sunshine.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, SUNSHINE_DATA: tempDir() },
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return {
    packages: new Set([...r.stderr.matchAll(/^loaded package (\S+)$/gm)].map((m) => m[1]!)),
    files: [...r.stderr.matchAll(/^loaded file (\S+)$/gm)].map((m) => m[1]!),
  };
}

describe('the sunshine command starts quickly', () => {
  it('status loads none of the readers and writers of files, nor the browser-mode server, it does not use', () => {
    const { packages: loaded, files } = loadedBy(['status']);
    expect(loaded).toContain('better-sqlite3'); // the hook does see packages
    for (const heavy of ['pdf-lib', 'pdfjs-dist', 'jszip', 'html-to-text', 'mammoth', 'mailparser', 'tesseract.js', '@napi-rs/canvas', '@kenjiuno/msgreader']) {
      expect(loaded, `${heavy} was loaded`).not.toContain(heavy);
    }
    expect(files.some((f) => f.endsWith('/core/index.ts'))).toBe(true);
    const webServer = `${pathToFileURL(path.resolve('web')).href}/`;
    expect(files.filter((f) => f.startsWith(webServer))).toEqual([]); // browser mode's server
  });
});
