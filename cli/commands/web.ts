import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, createLauncher, noPasswordKeeper, openCoreInWorker, platformUserDataDir, resolveDataDir, type CoreHandle, type Launcher, type OpenTarget } from '../../core/index.ts';
import { openAsking, placeOf, type Globals } from '../place.ts';
import { EXIT, consoleOutput, reportError, type Output } from '../output.ts';

export const DEFAULT_RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

export interface WebOptions {
  port: number;
  renderer: string;
  importFrom: string[];
  /** Open nothing yet: the page shows the start screen. */
  start?: boolean;
}

/**
 * Browser mode. The core runs in a worker thread, so a long synchronous step
 * (an integrity check, a large import's transaction) never stops the server
 * answering the page; the other commands run it in-process, as nothing waits on them.
 * The workspace named on the command line is open from the start; with --start the page
 * chooses one on the start screen (and may switch to another either way).
 */
export async function webCommand(g: Globals, opts: WebOptions): Promise<number> {
  const o = consoleOutput(Boolean(g.json));
  // A server lives on, so like the desktop app it reads scanned pages in the background and makes the scheduled backups.
  const open = (target: OpenTarget) => openCoreInWorker({ ...target, backgroundOcr: true, staysOpen: true, importFrom: opts.importFrom });
  let initial: CoreHandle | undefined;
  try {
    if (opts.start && (g.data || g.database || g.files)) throw new AppError('BAD_INPUT', '--start: the start screen chooses the workspace; leave out --data, --database and --files.');
    if (!opts.start) initial = await openAsking(placeOf(g), open);
  } catch (e) {
    if (e instanceof AppError) return reportError(o, e.toJSON());
    throw e;
  }
  // Browser mode keeps no passwords: only the desktop app has the OS keychain.
  const launcher = createLauncher({ settingsDir: platformUserDataDir(), defaultDir: resolveDataDir(), keeper: noPasswordKeeper, open, ...(initial ? { initial } : {}) });
  try {
    return await serve(launcher, o, opts);
  } finally {
    await launcher.close();
  }
}

async function serve(launcher: Launcher, o: Output, opts: WebOptions): Promise<number> {
  if (!fs.existsSync(path.join(opts.renderer, 'index.html'))) {
    o.err(`sunshine: no built UI in ${opts.renderer}. Run "npm run web" (it builds the UI first) or "npm run build:renderer".`);
    return EXIT.error;
  }
  // The server is loaded here, so the commands that serve nothing start without it.
  const { startWebServer } = await import('../../web/server.ts');
  let server;
  try {
    server = await startWebServer({ core: launcher.handle, launcher, rendererDir: opts.renderer, port: opts.port });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') o.err(`sunshine: port ${opts.port} is already in use; choose another with --port.`);
    else if (code === 'EACCES') o.err(`sunshine: not allowed to listen on port ${opts.port}; choose one above 1024 with --port.`);
    else o.err(`sunshine: could not start the server: ${(e as Error).message}`);
    return EXIT.error;
  }
  const open = launcher.current();
  if (o.json) o.out(JSON.stringify({ url: server.url, port: server.port, dataDir: open ? open.dataDir : null }));
  else {
    o.out(open ? `Sunshine is running in browser mode (data: ${open.dataDir}).` : 'Sunshine is running in browser mode: choose a workspace on the start screen.');
    o.out(`Open this address in a browser on this machine:\n\n  ${server.url}\n`);
    o.out('Press Ctrl+C to stop.');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return EXIT.ok;
}
