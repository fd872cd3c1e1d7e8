import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticFile } from '../../core/static-files.ts';
import { tempDir } from './helpers.ts';

describe('serving the built UI', () => {
  it('serves files inside the folder with a fixed type, and nothing else', () => {
    const parent = tempDir();
    const root = path.join(parent, 'ui');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), 'x');
    fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'x');
    fs.writeFileSync(path.join(root, 'notes.txt'), 'x');
    fs.writeFileSync(path.join(parent, 'secret.html'), 'x');

    expect(staticFile(root, '/')).toEqual({ file: path.join(root, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(staticFile(root, '/assets/a.js')?.type).toBe('text/javascript; charset=utf-8');
    for (const p of ['/../secret.html', '/%2e%2e/secret.html', '/assets/../../secret.html', '/notes.txt', '/assets', '/%E0%A4%A', '/index.html%00.js', '/missing.js']) {
      expect(staticFile(root, p), p).toBeNull();
    }
  });
});
