/** `sunshine keys`: one's own key in a team workspace, passphrases only from the environment or a no-echo prompt; a data folder says what it uses instead. */
import { describe, expect, it } from 'vitest';
import { cliWorkspace, runSunshine } from './cli-workspace.ts';

const MINE = 'my very own passphrase';

describe('sunshine keys', { timeout: 180_000 }, () => {
  it('makes your key, shows its fingerprint and shares waiting keys in a team workspace; a data folder says it keeps the office passphrase', async () => {
    const ws = await cliWorkspace();
    if (ws.engine === 'sqlite') {
      const shown = runSunshine(ws, ['keys', 'show']);
      expect(shown.code, shown.err).toBe(0);
      expect(shown.out).toContain('office passphrase');
      const made = runSunshine(ws, ['keys', 'create'], { env: { SUNSHINE_PASSPHRASE: MINE } });
      expect(made.code).toBe(2);
      expect(made.err).toContain('office passphrase');
      return;
    }
    // No terminal and no SUNSHINE_PASSPHRASE: refused, saying how to give it; never an argument.
    const asked = runSunshine(ws, ['keys', 'create']);
    expect(asked.code).toBe(2);
    expect(asked.err).toContain('SUNSHINE_PASSPHRASE');
    const made = runSunshine(ws, ['keys', 'create'], { env: { SUNSHINE_PASSPHRASE: MINE } });
    expect(made.code, made.err).toBe(0);
    expect(made.out).toMatch(/fingerprint: ([0-9a-f]{4} ){7}[0-9a-f]{4}\./);
    const shown = runSunshine(ws, ['--json', 'keys', 'show']);
    expect(JSON.parse(shown.out)).toMatchObject({ team: true, hasKey: true, waiting: 0 });
    const wrong = runSunshine(ws, ['keys', 'share'], { env: { SUNSHINE_PASSPHRASE: 'not my passphrase at all' } });
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain("not your own key's passphrase");
    const shared = runSunshine(ws, ['keys', 'share'], { env: { SUNSHINE_PASSPHRASE: MINE } });
    expect(shared.code, shared.err).toBe(0);
    expect(shared.out).toContain('Shared 0 keys with colleagues who were waiting.');
  });
});
