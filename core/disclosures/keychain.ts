/**
 * The passphrase for protected sources, optionally remembered on this
 * computer by the operating system's keychain (Electron's safeStorage:
 * Keychain on macOS, DPAPI on Windows, the Secret Service on Linux). The
 * sealed copy lives in the data folder beside the database, never in it, so
 * backups and copies of the database never carry it; a team member's, in the
 * desktop app's settings folder (`teamKeychainDir`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface KeyHolder {
  /** Whether this computer can seal it (a real keychain is there). */
  available(): boolean;
  /** The remembered passphrase, or null (none, or it can no longer be opened here). */
  load(): string | null;
  /**
   * Whether a sealed passphrase is kept here, judged by its file alone: saying
   * so must not open it (each opening may ask the OS keychain, and a status
   * check has no business holding the passphrase in memory).
   */
  remembered(): boolean;
  save(passphrase: string): void;
  forget(): void;
}

/** What Electron's safeStorage offers; given to the holder so it can be tested without Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(sealed: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/** On Linux without a keyring, safeStorage falls back to a fixed key ("basic_text"): that is no protection. */
export const keychainIsReal = (safe: SafeStorageLike, platform: NodeJS.Platform) =>
  safe.isEncryptionAvailable() && !(platform === 'linux' && ['basic_text', 'unknown'].includes(safe.getSelectedStorageBackend?.() ?? 'unknown'));

export const keychainFile = (dataDir: string) => path.join(dataDir, 'identity-passphrase.sealed');

/**
 * Where the desktop app keeps a team member's remembered passphrase (their own key's): a team's
 * folder is shared by everyone, so not there, but in this computer's settings folder, one folder
 * per server, database and login (the address without any password; its hash, so no name shows).
 */
export function teamKeychainDir(settingsDir: string, databaseUrl: string): string {
  let place = databaseUrl;
  try {
    const u = new URL(databaseUrl);
    u.password = '';
    place = u.toString();
  } catch {
    // Not a URL (a connection string of another form): taken as it is.
  }
  return path.join(settingsDir, 'keychains', createHash('sha256').update(place).digest('hex').slice(0, 32));
}

/** A sealed passphrase is a few hundred bytes at most; anything else there is not one. */
const MAX_SEALED_BYTES = 64 * 1024;

export function safeStorageKeyHolder(safe: SafeStorageLike, dataDir: string, platform: NodeJS.Platform = process.platform): KeyHolder {
  const file = keychainFile(dataDir);
  return {
    available: () => keychainIsReal(safe, platform),
    load() {
      try {
        return safe.decryptString(fs.readFileSync(file));
      } catch {
        return null;
      }
    },
    remembered() {
      try {
        const st = fs.lstatSync(file);
        return st.isFile() && st.size > 0 && st.size <= MAX_SEALED_BYTES;
      } catch {
        return false;
      }
    },
    save(passphrase) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const partial = `${file}.partial`;
      fs.writeFileSync(partial, safe.encryptString(passphrase), { mode: 0o600 });
      fs.renameSync(partial, file);
    },
    forget: () => fs.rmSync(file, { force: true }),
  };
}

/** Shells without a keychain (the CLI, browser mode). */
export const noKeyHolder: KeyHolder = { available: () => false, load: () => null, remembered: () => false, save: () => {}, forget: () => {} };
