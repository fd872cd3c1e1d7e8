/**
 * Helper processes for the desktop app: Electron's utilityProcess, which runs
 * the file reader as a Node process of its own (a crash or out-of-memory ends
 * it, not the app). `child_process.fork` would need the binary to run as Node
 * (ELECTRON_RUN_AS_NODE), which the packaged app's fuses forbid.
 */
import { utilityProcess } from 'electron';
import { OUT_OF_MEMORY, stderrTail, type SpawnHelper } from '../core/index.ts';

export const utilityHelper: SpawnHelper = (script, memoryMb, on) => {
  const child = utilityProcess.fork(script, [], {
    execArgv: [`--max-old-space-size=${memoryMb}`],
    stdio: ['ignore', 'ignore', 'pipe'],
    serviceName: 'Sunshine file reader',
  });
  const stderr = stderrTail();
  child.stderr?.on('data', stderr.add);
  child.on('message', (m: unknown) => on.message(m));
  child.once('exit', (code) => on.exit({ code, signal: null, outOfMemory: OUT_OF_MEMORY.test(stderr.text()) }));
  return {
    get pid() {
      return child.pid;
    },
    send: (job) => child.postMessage(job),
    kill: () => void child.kill(),
  };
};
