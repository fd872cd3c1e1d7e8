/**
 * Helper processes that read untrusted files. A separate process, not a
 * worker thread: a native crash (pdf.js drawing onto @napi-rs/canvas, a
 * decoder) or running out of memory ends the helper, never the app.
 *
 * How a helper is started depends on the shell: under plain Node (command
 * line, browser mode, tests) `child_process.fork`; the desktop app passes its
 * own `SpawnHelper` built on Electron's utilityProcess (electron/helpers.ts),
 * since a packaged app cannot run its binary as Node.
 */
import { fork } from 'node:child_process';

/** How a helper ended. */
export interface HelperExit {
  code: number | null;
  signal: string | null;
  /** It hit its memory limit (V8 says so on stderr before it stops). */
  outOfMemory: boolean;
}

export interface HelperEvents {
  message(reply: unknown): void;
  exit(how: HelperExit): void;
}

export interface Helper {
  /** The helper's process id, once started. */
  readonly pid: number | undefined;
  send(job: unknown): void;
  /** Stop it at once; `exit` follows. */
  kill(): void;
}

/** Start `script` as a helper whose JavaScript heap is limited to `memoryMb`. */
export type SpawnHelper = (script: string, memoryMb: number, on: HelperEvents) => Helper;

/** What V8 prints when a heap limit stops the process. */
export const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|allocation failed/i;

/** Keeps the last few kilobytes of a helper's stderr: enough to tell an out-of-memory stop. */
export function stderrTail(): { add(chunk: Buffer | string): void; text(): string } {
  let tail = '';
  return {
    add: (chunk) => void (tail = (tail + chunk.toString()).slice(-4096)),
    text: () => tail,
  };
}

/** The plain-Node way: `child_process.fork`, messages in V8's serialization (typed arrays go as they are). */
export const forkHelper: SpawnHelper = (script, memoryMb, on) => {
  const child = fork(script, [], {
    // Only the heap limit: not the parent's own flags (a test runner's loaders, an inspector port).
    execArgv: [`--max-old-space-size=${memoryMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const stderr = stderrTail();
  child.stderr?.on('data', stderr.add);
  child.on('message', (m) => on.message(m));
  let ended = false;
  const end = (code: number | null, signal: string | null) => {
    if (ended) return;
    ended = true;
    on.exit({ code, signal, outOfMemory: OUT_OF_MEMORY.test(stderr.text()) });
  };
  // 'close', not 'exit': by then all of stderr has been read. A helper that could not start ends here too.
  child.on('close', end);
  child.on('error', () => {
    if (child.pid === undefined) end(null, null);
  });
  // An idle helper never keeps the command line from finishing; a job in flight holds its own timer.
  child.unref();
  child.channel?.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  return {
    pid: child.pid,
    send: (job) => void child.send(job as object),
    kill: () => void child.kill('SIGKILL'),
  };
};
