/** Driving the command line at a terminal, as a person does, for prompts that must not echo. */
import { spawn, spawnSync } from 'node:child_process';

/** Whether a command is on the PATH (tests that need one skip, saying so, where it is not). */
export const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/**
 * Run a command at a pseudo-terminal (util-linux `script`), answering each
 * prompt once it is on screen, as a person would; returns all it showed.
 */
export function atTerminal(command: string, answers: [RegExp, string][], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; text: string }> {
  const p = spawn('script', ['-qefc', command, '/dev/null'], { env: { ...process.env, SUNSHINE_PASSPHRASE: '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  let shownUpTo = 0;
  const next = [...answers];
  p.stdout.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    const [prompt, reply] = next[0] ?? [];
    if (prompt && prompt.test(text.slice(shownUpTo))) {
      next.shift();
      shownUpTo = text.length;
      p.stdin.write(`${reply}\r`);
    }
  });
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, text })));
}
