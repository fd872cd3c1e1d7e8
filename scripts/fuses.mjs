// The Electron fuses a packaged Sunshine must carry: what electron-builder.yml asks for
// (`electronFuses`), and what a packaged binary actually has, read back from its fuse wire.
// Used by scripts/dist.mjs after packaging and by tests/unit/electron-fuses.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// electron-builder's own config loader and fuse library, so the check reads exactly what packaging used.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { FuseV1Options, getCurrentFuseWire } = fromBuilder('@electron/fuses');
const { FuseState } = fromBuilder('@electron/fuses/dist/constants.js');

/** electron-builder's option names for each fuse on the wire. */
const OPTION_OF = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

/** The packaging configuration as electron-builder reads and validates it. */
export async function packagingConfig(root, file = 'electron-builder.yml') {
  const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = fromBuilder('builder-util');
  const config = await getConfig(root, file, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

/** The packaged apps under electron-builder's output folder (linux-unpacked/sunshine, win-unpacked/Sunshine.exe, mac*\/Sunshine.app). */
export function packagedApps(distDir, productName = 'Sunshine') {
  if (!fs.existsSync(distDir)) return [];
  const names = [`${productName}.app`, `${productName}.exe`, productName.toLowerCase()];
  return fs
    .readdirSync(distDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (/-unpacked$/.test(d.name) || /^mac/.test(d.name)))
    .flatMap((d) => names.map((n) => path.join(distDir, d.name, n)).filter((f) => fs.existsSync(f)).slice(0, 1));
}

/**
 * How the binary's fuse wire differs from the fuses asked for: one line per
 * fuse, empty when every one is set as configured.
 */
export async function fuseProblems(binary, wanted) {
  const wire = await getCurrentFuseWire(binary);
  const problems = [];
  for (const [name, on] of Object.entries(wanted)) {
    const index = OPTION_OF[name];
    if (index === undefined) continue; // not a fuse (resetAdHocDarwinSignature)
    const state = wire[index];
    const expected = on ? FuseState.ENABLE : FuseState.DISABLE;
    if (state !== expected) {
      const shown = state === FuseState.ENABLE ? 'on' : state === FuseState.DISABLE ? 'off' : state === undefined ? 'missing' : 'not set';
      problems.push(`${name} is ${shown}, should be ${on ? 'on' : 'off'}`);
    }
  }
  return problems;
}
