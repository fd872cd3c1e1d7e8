/**
 * The contract dispatcher: look the call up in the table, validate its input,
 * run its handler, and turn whatever happens into a `Result`. Every shell (IPC,
 * HTTP, CLI, tests) calls through here, so they all validate and fail alike.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { api, type CallName } from './api.ts';
import type { CallMeta, ProgressEvent } from './contract.ts';
import type { CallContext, Handlers } from './context.ts';
import { StoreError } from '../db/errors.ts';
import { AppError, isAppError, type ApiError } from './errors.ts';
import { throttledProgress, type JobRegistry } from './jobs.ts';
import { fail, ok, type Result } from './result.ts';
import { describeZodError } from './human-errors.ts';
import { neededRole, refusal } from './team/call-roles.ts';

export interface DispatchOptions {
  /** Client-chosen id for a job call, so it can subscribe to events first. */
  jobId?: string;
  emit?: (e: ProgressEvent) => void;
  /** Set by in-process callers (Core.invoke) only; transports never set it. */
  trusted?: boolean;
}

export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.hasOwn(api, name);

const JOB_ID = /^[A-Za-z0-9_-]{1,100}$/;
const neverAborted = new AbortController().signal;


const sqlState = (e: unknown): unknown => (e as { code?: unknown } | null | undefined)?.code;

export function toApiError(e: unknown, log: (msg: string, e: unknown) => void = console.error): ApiError {
  if (isAppError(e)) return e.toJSON();
  // The database's own plain words (a server gone away mid-call, a lost connection): its codes are the core's.
  if (e instanceof StoreError) return { code: e.code, message: e.message };
  // PostgreSQL's "permission denied": the login's rights on the workspace's tables were taken away (a revoke).
  if (sqlState(e) === '42501') {
    return { code: 'FORBIDDEN', message: 'The database refused your login access to this workspace (your role may have been revoked): ask an admin to run `sunshine team grant`.' };
  }
  if (e instanceof z.ZodError) return { code: 'BAD_INPUT', message: describeZodError(e) };
  const sqliteCode = (e as { code?: unknown } | null | undefined)?.code;
  if (sqliteCode === 'SQLITE_BUSY') {
    return { code: 'DB_BUSY', message: 'The database is busy in another Sunshine window or command; try again in a moment.' };
  }
  // Unknown failures: keep internals (paths, SQL, stack) out of the message, log them instead.
  const ref = randomUUID().slice(0, 8);
  log(`[sunshine] internal error ${ref}:`, e);
  return { code: 'INTERNAL', message: `Something went wrong inside Sunshine (reference ${ref}). Nothing was changed.` };
}

/**
 * A team workspace asks the caller's role before every call (a data folder's one person may do
 * everything). A refusal is written to the history in its own write; a login that is not a member
 * may have no right to write there either, and is then only refused.
 */
async function roleRefusal(name: CallName, def: CallMeta, ctx: BaseContext): Promise<string | null> {
  const role = await ctx.role();
  const why = refusal(name, def, role, ctx.login);
  if (why === null) return null;
  await ctx.store
    .write(ctx.actor, (w) => w.audit({ action: 'team.forbidden', entity: 'call', entityId: name, after: { role, needed: neededRole(def) } }))
    .catch(() => undefined);
  return why;
}

type BaseContext = Omit<CallContext, 'signal' | 'progress' | 'jobs' | 'trusted'>;

export interface Dispatcher {
  (name: unknown, rawInput: unknown, opts?: DispatchOptions): Promise<Result<unknown>>;
}

export function createDispatcher(
  handlers: Handlers,
  /** The context of a call; a promise only while a team workspace's database is still being opened. */
  baseContext: () => BaseContext | Promise<BaseContext>,
  jobs: JobRegistry,
): Dispatcher {
  return async (name, rawInput, opts = {}) => {
    if (!isCallName(name)) {
      const shown = typeof name === 'string' ? `"${name.slice(0, 80)}"` : `a ${typeof name}`;
      return fail({ code: 'UNKNOWN_CALL', message: `There is no call named ${shown}. Known calls: ${Object.keys(api).join(', ')}.` });
    }
    const def = api[name];
    if ((def as CallMeta).localOnly && !opts.trusted) {
      return fail({ code: 'FORBIDDEN', message: `${name} is made only by Sunshine itself (the sunshine command, the desktop app's own process), not from a window.` });
    }
    let jobId: string | undefined;
    try {
      const got = baseContext();
      // Awaited only when it is a promise: a context made at once lets no other call in before this one starts.
      const base = got instanceof Promise ? await got : got;
      // Before the input is even read: a call beyond one's role learns nothing from its answer.
      // Asked only of a team workspace: a data folder's call must start in this very turn, so that a
      // restore beginning now refuses every call made after it (an await here would let them in first).
      const refused = base.store.kind === 'postgres' ? await roleRefusal(name, def, base) : null;
      if (refused) return fail({ code: 'FORBIDDEN', message: refused });
      const parsed = def.input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        // Written for the person at the form: the field and what to fix, never the call's internal name.
        return fail({ code: 'BAD_INPUT', message: describeZodError(parsed.error) });
      }
      let ctx: CallContext = { ...base, jobs, signal: neverAborted, progress: () => {}, trusted: opts.trusted === true };
      if (def.job) {
        const id = opts.jobId ?? randomUUID();
        if (!JOB_ID.test(id)) throw new AppError('BAD_INPUT', 'A job id may hold only letters, digits, "-" and "_" (at most 100).');
        const signal = jobs.start(id);
        jobId = id; // only now is the job ours to finish
        ctx = { ...ctx, signal, progress: throttledProgress(id, opts.emit ?? (() => {})) };
      }
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
      return ok(await handler(parsed.data, ctx));
    } catch (e) {
      return fail(toApiError(e));
    } finally {
      if (jobId !== undefined) jobs.finish(jobId);
    }
  };
}
