import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scratchDir, stage } from '../../core/documents/vault.ts';
import { tempDir } from './helpers.ts';

describe('staging a file into the vault', () => {
  it('cancelled before the copy is even opened, leaves no file behind once it has said so', async () => {
    const dataDir = tempDir('sunshine-data-');
    for (let i = 0; i < 20; i++) {
      await expect(stage(dataDir, Buffer.from('wendlebury stage'), 1024, AbortSignal.abort())).rejects.toThrow(/abort/i);
      // What is on disk the moment the refusal is known (a later file system call comes after the stream's own).
      expect(await fs.promises.readdir(scratchDir(dataDir))).toEqual([]);
    }
  });
});
