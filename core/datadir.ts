/**
 * Where Sunshine keeps its data: `--data DIR`, else $SUNSHINE_DATA, else the
 * platform's user-data folder (the same folder Electron calls userData for an
 * app named "Sunshine", so the desktop app, the CLI and browser mode agree).
 */
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Sunshine';

export interface DataDirInputs {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export function platformUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), APP_NAME);
}

export function resolveDataDir(i: DataDirInputs = {}): string {
  const env = i.env ?? process.env;
  const chosen = i.flag?.trim() || env.SUNSHINE_DATA?.trim();
  if (chosen) return path.resolve(chosen);
  return platformUserDataDir(i.platform, env, i.home);
}

/** Find `--data DIR` or `--data=DIR` in an argv list (used by shells that have no parser). */
export function dataFlagFrom(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data') return argv[i + 1];
    if (a.startsWith('--data=')) return a.slice('--data='.length);
  }
  return undefined;
}

export const dbPathIn = (dataDir: string) => path.join(dataDir, 'sunshine.db');
export const filesDirIn = (dataDir: string) => path.join(dataDir, 'files');

/** The parts of a workspace other accounts must not read, as status checks them. */
export const privatePartsOf = (dataDir: string, backupFolder: string) => [
  { what: 'data folder', path: dataDir },
  { what: 'database', path: dbPathIn(dataDir) },
  { what: 'stored files', path: filesDirIn(dataDir) },
  { what: 'backup folder', path: backupFolder },
];

/** The command that makes these owner-only (what to tell the user; Sunshine does not rewrite modes it did not set). */
export const chmodAdvice = (paths: readonly string[]) => `chmod -R go-rwx ${paths.map((p) => `'${p.replace(/'/g, `'\\''`)}'`).join(' ')}`;
