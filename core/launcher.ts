/**
 * The start screen's side in a shell that serves a window (the desktop app, browser mode): which
 * workspace is open, opening the one the person chose, and closing it to choose another. Both
 * shells use this one launcher, so the rules (what a choice may be, what is remembered, when a
 * kept password is forgotten) are the same in each; a shell adds only its transport and keychain.
 *
 * `handle` stands for whichever workspace is open: the shells wire their transports to it once,
 * and while none is open every call is answered "no workspace is open" instead of reaching a core.
 */
import { z } from 'zod';
import type { CoreHandle } from './core-host.ts';
import type { ChangedEvent } from './contract.ts';
import { AppError } from './errors.ts';
import { describeZodError } from './human-errors.ts';
import { openPlace, readPlaces, rememberPlace, type OpenTarget, type PasswordKeeper, type Place } from './places.ts';
import { fail, type Result } from './result.ts';
import type { LauncherStatus, PlaceChoice, PlaceView } from './shared/launcher.ts';

export interface LauncherOptions {
  /** The app's own settings folder (where places.json and the sealed passwords live). */
  settingsDir: string;
  /** The data folder "Open a folder on this computer" opens by default. */
  defaultDir: string;
  keeper: PasswordKeeper;
  /** Opens the core of a place (a worker's handle in both shells). */
  open(target: OpenTarget): Promise<CoreHandle>;
  /** A workspace the shell opened itself (named on its command line): open from the start, never remembered. */
  initial?: CoreHandle;
}

export interface Launcher {
  /** The open workspace's core, or a stand-in that refuses while none is open. */
  readonly handle: CoreHandle;
  current(): CoreHandle | null;
  status(): LauncherStatus;
  /** A choice straight off the wire (validated here); the answer says in plain words what went wrong. */
  open(choice: unknown): Promise<Result<null>>;
  /** Opens a place given by the shell itself (the command line, the last one at start). Throws an AppError. */
  openPlace(place: Place): Promise<void>;
  /** At start: the most recent place again, if any; a failure is kept for the start screen to show. */
  openLast(): Promise<boolean>;
  switchWorkspace(): Promise<Result<null>>;
  close(): Promise<void>;
}

const text = (what: string, max: number) => z.string().trim().min(1, `give ${what}`).max(max, `at most ${max} characters`);

const choiceSchema: z.ZodType<PlaceChoice> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('default') }).strict(),
  z.object({ kind: z.literal('folder'), dir: text('the folder', 4096) }).strict(),
  z
    .object({
      kind: z.literal('team'),
      url: text('the database address (postgres://user@host:5432/database)', 2048),
      files: text('the folder for stored files', 4096),
      password: z.string().max(1024, 'at most 1024 characters').optional(),
      remember: z.boolean().optional(),
    })
    .strict(),
]);

const NOTHING_OPEN = 'No workspace is open: choose one on the start screen.';

export function createLauncher(o: LauncherOptions): Launcher {
  let current: CoreHandle | null = o.initial ?? null;
  let busy = false;
  let problem: string | null = null;
  // Set once the shell closes the launcher for good (the app quits): an open still in flight then
  // closes what it opened, or its core (a worker) would keep the process alive with nobody to close it.
  let closed = false;
  let opening: Promise<unknown> | null = null;

  const toPlace = (c: PlaceChoice): Place => {
    if (c.kind === 'default') return { kind: 'folder', dir: o.defaultDir };
    if (c.kind === 'team') return { kind: 'team', url: c.url, files: c.files };
    // A typed folder is taken as the person means it; a relative one would depend on where the app was started.
    if (!/^([/\\]|[A-Za-z]:[/\\])/.test(c.dir)) throw new AppError('BAD_INPUT', 'Folder: give the full path of the folder (for example /home/ada/Sunshine).');
    return { kind: 'folder', dir: c.dir };
  };

  async function openChosen(place: Place, password?: string, remember?: boolean): Promise<void> {
    if (closed) throw new AppError('CONFLICT', 'Sunshine is closing; open the workspace when it starts again.');
    if (busy) throw new AppError('CONFLICT', 'A workspace is already being opened; wait for it.');
    if (current) throw new AppError('CONFLICT', 'A workspace is open already: use "Switch workspace…" first.');
    busy = true;
    try {
      const pending = openPlace(place, { keeper: o.keeper, ...(password === undefined ? {} : { password }), ...(remember ? { remember } : {}), open: o.open });
      opening = pending;
      const opened = await pending;
      if (closed) {
        await opened.close();
        throw new AppError('CONFLICT', 'Sunshine closed while the workspace was being opened; it was closed again.');
      }
      current = opened;
      listenTo(current);
      problem = null;
      rememberPlace(o.settingsDir, place);
    } finally {
      busy = false;
      opening = null;
    }
  }

  const asResult = async (run: () => Promise<void>): Promise<Result<null>> => {
    try {
      await run();
      return { ok: true, value: null };
    } catch (e) {
      if (e instanceof AppError) return fail(e.toJSON());
      throw e;
    }
  };

  /** The windows' listeners stay with the launcher's handle; each workspace opened tells them its changes. */
  const changeListeners = new Set<(e: ChangedEvent) => void>();
  let unlistenCurrent: (() => void) | null = null;
  const listenTo = (c: CoreHandle | null) => {
    unlistenCurrent?.();
    unlistenCurrent = c ? c.onChange((e) => {
      for (const l of changeListeners) l(e);
    }) : null;
  };
  listenTo(current);

  const none = (): never => {
    throw new AppError('CONFLICT', NOTHING_OPEN);
  };
  const handle: CoreHandle = {
    get dataDir() {
      return current?.dataDir ?? o.defaultDir;
    },
    call: async (name, input, opts) => (current ? current.call(name, input, opts) : fail({ code: 'CONFLICT', message: NOTHING_OPEN })),
    invoke: (async (name: never, input: never, opts?: never) => (current ? current.invoke(name, input, opts) : fail({ code: 'CONFLICT', message: NOTHING_OPEN }))) as CoreHandle['invoke'],
    receiveUpload: async (...a) => (current ?? none()).receiveUpload(...a),
    pick: async (...a) => (current ?? none()).pick(...a),
    pickOutputFolder: async (...a) => (current ?? none()).pickOutputFolder(...a),
    original: async (...a) => (current ?? none()).original(...a),
    onChange: (listener) => {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
    close: async () => {
      const c = current;
      current = null;
      listenTo(null);
      await c?.close();
    },
  };

  const view = (p: Place): PlaceView => (p.kind === 'team' ? p : { kind: 'folder', dir: p.dir === o.defaultDir ? null : p.dir });

  return {
    handle,
    current: () => current,
    status: () => ({ open: current !== null, recent: readPlaces(o.settingsDir).map(view), keychain: o.keeper.available(), problem }),
    open: (raw) =>
      asResult(async () => {
        const parsed = choiceSchema.safeParse(raw);
        if (!parsed.success) throw new AppError('BAD_INPUT', describeZodError(parsed.error));
        const c = parsed.data;
        await openChosen(toPlace(c), c.kind === 'team' ? c.password : undefined, c.kind === 'team' ? c.remember : undefined);
      }),
    openPlace: (place) => openChosen(place),
    async openLast() {
      const last = readPlaces(o.settingsDir)[0];
      if (!last) return false;
      try {
        await openChosen(last);
        return true;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        problem = `The workspace opened last time could not be opened again: ${e.message}`;
        return false;
      }
    },
    switchWorkspace: () =>
      asResult(async () => {
        if (busy) throw new AppError('CONFLICT', 'A workspace is being opened; wait for it.');
        await handle.close();
      }),
    async close() {
      closed = true;
      // An open in flight finishes first, and closes what it opened itself (openChosen).
      await opening?.catch(() => undefined);
      await handle.close();
    },
  };
}
