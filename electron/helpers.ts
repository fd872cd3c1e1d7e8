/**
 * Helper processes for the desktop app: Electron's utilityProcess, which runs
 * the file reader as a Node process of its own (a crash or out-of-memory ends
 * it, not the app). `child_process.fork` would need the binary to run as Node
 * (ELECTRON_RUN_AS_NODE), which the packaged app's fuses forbid.
 */
import { app, utilityProcess } from 'electron';
import { OUT_OF_MEMORY, stderrTail, type SpawnHelper } from '../core/index.ts';

/** How often a helper's memory is looked at. */
const WATCH_MS = 500;

/**
 * Resident memory (KB) a helper may reach before it is stopped: its heap
 * limit, and room for what lives outside the heap (a page's canvas, decoded
 * images). Watched from here because native memory is outside the heap limit,
 * and a utility process may not apply V8 flags given in execArgv.
 */
const residentLimitKb = (memoryMb: number) => (memoryMb + 512) * 1024;

export const utilityHelper: SpawnHelper = (script, memoryMb, on) => {
  const child = utilityProcess.fork(script, [], {
    execArgv: [`--max-old-space-size=${memoryMb}`],
    stdio: ['ignore', 'ignore', 'pipe'],
    serviceName: 'Sunshine file reader',
  });
  const stderr = stderrTail();
  child.stderr?.on('data', stderr.add);
  let overLimit = false;
  const watch = setInterval(() => {
    const metric = child.pid === undefined ? undefined : app.getAppMetrics().find((p) => p.pid === child.pid);
    if (metric && metric.memory.workingSetSize > residentLimitKb(memoryMb)) {
      overLimit = true;
      child.kill();
    }
  }, WATCH_MS);
  child.on('message', (m: unknown) => on.message(m));
  child.once('exit', (code) => {
    clearInterval(watch);
    on.exit({ code, signal: null, outOfMemory: overLimit || OUT_OF_MEMORY.test(stderr.text()) });
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (job) => child.postMessage(job),
    kill: () => void child.kill(),
  };
};
