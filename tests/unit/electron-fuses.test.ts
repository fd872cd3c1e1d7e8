import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuseProblems, packagedApps, packagingConfig } from '../../scripts/fuses.mjs';
import { devToolsAllowed } from '../../electron/dev-tools.ts';
import { tempDir } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** What a packaged Sunshine must carry, in electron-builder's option names. */
const HARDENED = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
};

// The fuse wire as Electron lays it out: a sentinel, the wire's version and length, one byte per fuse.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 0x31;
const OFF = 0x30;
const UNSET = 0x90;

function fakeElectron(wire: number[]): string {
  const file = path.join(tempDir('sunshine-fuses-'), 'sunshine');
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(512, 0xcc), Buffer.from(SENTINEL), Buffer.from([1, wire.length, ...wire]), Buffer.alloc(512, 0xcc)]));
  return file;
}

describe('the packaged app', () => {
  it('is packaged with exactly the hardened fuses', async () => {
    const config = await packagingConfig(root);
    expect(config.electronFuses).toEqual(HARDENED);
  });

  it('is checked fuse by fuse against its binary', async () => {
    // In wire order: RunAsNode, cookies, NODE_OPTIONS, --inspect, asar integrity, only asar, V8 snapshot, file: privileges.
    expect(await fuseProblems(fakeElectron([OFF, ON, OFF, OFF, ON, ON, OFF, OFF]), HARDENED)).toEqual([]);
    expect(await fuseProblems(fakeElectron([ON, ON, OFF, OFF, ON, ON, OFF, OFF]), HARDENED)).toEqual(['runAsNode is on, should be off']);
    // An unflipped Electron (every fuse left to its default) fails on each one.
    expect(await fuseProblems(fakeElectron(Array(8).fill(UNSET)), HARDENED)).toHaveLength(8);
  });

  const built = packagedApps(path.join(root, 'dist'));
  const why = 'no packaged app in dist/ (run "npm run dist"; it needs the Electron binary, which cannot be downloaded here)';
  if (built.length === 0) console.log(`[fuses] Reading the fuse wire of a packaged binary is SKIPPED: ${why}.`);
  it.skipIf(built.length === 0)(`carries those fuses in its binary${built.length === 0 ? ` (skipped: ${why})` : ''}`, async () => {
    for (const app of built) expect(await fuseProblems(app, HARDENED), app).toEqual([]);
  });
});

describe('developer tools', () => {
  it('never open in a packaged app, whatever the environment says', () => {
    expect(devToolsAllowed(true, {})).toBe(false);
    expect(devToolsAllowed(true, { SUNSHINE_DEVTOOLS: '1' })).toBe(false);
  });
  it('are on in development unless SUNSHINE_DEVTOOLS=0', () => {
    expect(devToolsAllowed(false, {})).toBe(true);
    expect(devToolsAllowed(false, { SUNSHINE_DEVTOOLS: '0' })).toBe(false);
  });
});
