import type { Database } from 'better-sqlite3';
import { THEMES, type Settings } from '../api.ts';
import { defineHandlers } from '../context.ts';
import { readSettings, readSettingsSync, writeSetting } from '../../db/settings.ts';
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { osAccount } from '../../db/audit.ts';
import { memberOf, setDisplayName } from '../../db/team.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_OFFICE_ZONE, zoneProblem } from '../deadlines/zones.ts';

/** The display name until one is saved: the OS account (which every audit row records anyway). */
export const defaultUserName = osAccount;

/**
 * A change of the display name is its own kind of event: it changes who
 * every later row says acted, so the history reads "display name: A → B".
 */
const actionFor = (key: keyof Settings) => (key === 'userName' ? 'settings.displayName' : 'settings.update');

/** Stored settings over the defaults; stored values of the wrong shape fall back to defaults. */
export const currentSettings = async (q: Reader): Promise<Settings> => settingsOver(await readSettings(q));

function settingsOver(s: Record<string, unknown>): Settings {
  const str = (v: unknown, d: string) => (typeof v === 'string' && v.trim() ? v : d);
  return {
    userName: str(s.userName, defaultUserName()),
    officeName: typeof s.officeName === 'string' ? s.officeName : '',
    theme: (THEMES as readonly unknown[]).includes(s.theme) ? (s.theme as Settings['theme']) : 'system',
    ocrEnabled: s.ocrEnabled !== false,
    backupEveryHours: Number.isInteger(s.backupEveryHours) && (s.backupEveryHours as number) >= 0 ? (s.backupEveryHours as number) : 24,
    backupKeep: Number.isInteger(s.backupKeep) && (s.backupKeep as number) >= 1 ? (s.backupKeep as number) : 7,
    backupFolder: typeof s.backupFolder === 'string' ? s.backupFolder : '',
    officeTimeZone: typeof s.officeTimeZone === 'string' && !zoneProblem(s.officeTimeZone) ? s.officeTimeZone : DEFAULT_OFFICE_ZONE,
  };
}

/** The same, read on the synchronous connection while opening the core is synchronous; goes away with `store.db`. */
export const currentSettingsSync = (db: Database): Settings => settingsOver(readSettingsSync(db));

/** The zone a due hour is read in when a request does not name one. */
export const officeZone = async (q: Reader): Promise<string> => (await currentSettings(q)).officeTimeZone;

/**
 * The settings as the caller sees them. In a team workspace "Your name" is the caller's own display
 * name among the members (team_members), not the workspace-wide setting: each person has their own,
 * and the history names them by it beside their login.
 */
async function settingsFor(q: Reader, login: string | null): Promise<Settings> {
  const s = await currentSettings(q);
  if (login === null) return s;
  const me = await memberOf(q, login);
  return { ...s, userName: me?.display_name || login };
}

export const settingsHandlers = defineHandlers({
  'settings.get': (_input, { store, login }) => settingsFor(store.engine, login),
  'settings.update': async (patch, ctx) => {
    const { store, actor, login } = ctx;
    await store.write(actor, async (w) => {
      // Compare with what is in effect (defaults included), so re-saving a form records nothing.
      const current = await settingsFor(w, login);
      const changed = (Object.entries(patch) as [keyof Settings, unknown][]).filter(([key, value]) => value !== undefined && value !== current[key]);
      if (login !== null) {
        // Any member names themselves; what holds for the whole workspace is an admin's to change.
        const others = changed.filter(([key]) => key !== 'userName');
        if (others.length > 0 && (await ctx.role()) !== 'admin') {
          throw new AppError('FORBIDDEN', `Only an admin changes the workspace's settings (${others.map(([k]) => k).join(', ')}); you may change your own name. Ask an admin.`);
        }
      }
      for (const [key, value] of changed) {
        if (key === 'userName' && login !== null) {
          await setDisplayName(w, login, value as string);
          await w.audit({ action: 'team.displayName', entity: 'member', entityId: login, before: { displayName: current.userName }, after: { displayName: value } });
        } else {
          await writeSetting(w, key, value, current[key], actionFor(key));
        }
      }
    });
    return settingsFor(store.engine, login);
  },
});

/**
 * Settings that belong to this machine and its user rather than to a moment
 * of the data: a restore of an older backup keeps them as they are now (or
 * backups would quietly go back to an old folder, on an old schedule).
 */
// The workspace's id too: a backup of another data folder restored here must not make this one take its backups for its own.
const KEPT_ACROSS_RESTORE = ['userName', 'backupFolder', 'backupEveryHours', 'backupKeep', 'workspaceId'] as const;

export async function settingsToKeep(q: Reader): Promise<Record<string, unknown>> {
  const stored = await readSettings(q);
  return Object.fromEntries(KEPT_ACROSS_RESTORE.filter((k) => stored[k] !== undefined).map((k) => [k, stored[k]]));
}

export async function keepSettings(w: Writer, kept: Record<string, unknown>): Promise<void> {
  const restored = await readSettings(w);
  for (const [k, v] of Object.entries(kept)) await writeSetting(w, k, v, restored[k]);
}
