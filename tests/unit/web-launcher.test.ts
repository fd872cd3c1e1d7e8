/** Browser mode's start screen endpoints: the same token rules as /api/call, and no input ends the server. */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { webCommand } from '../../cli/commands/web.ts';
import { EXIT } from '../../cli/output.ts';
import { createLauncher, inProcessHandle, noPasswordKeeper, openCore } from '../../core/index.ts';
import { tempDir } from './helpers.ts';
import { httpRequest, testServer } from './web-helpers.ts';

async function startScreenServer() {
  const settings = tempDir();
  const defaultDir = path.join(settings, 'default-data');
  const launcher = createLauncher({ settingsDir: settings, defaultDir, keeper: noPasswordKeeper, open: async (t) => inProcessHandle(openCore({ dataDir: t.dataDir })) });
  const { server } = await testServer({ core: launcher.handle, launcher });
  const post = async (p: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await httpRequest(server.port, {
      method: 'POST',
      path: p,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: r.status, json: JSON.parse(r.body.toString('utf8') || 'null') as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
  };
  return { launcher, server, post };
}

describe('the start screen in browser mode', () => {
  it('opens the chosen folder, after which calls reach it; before, they say to choose one', async () => {
    const { launcher, post } = await startScreenServer();
    expect((await post('/api/launcher/status', {})).json).toEqual({ ok: true, value: { open: false, recent: [], keychain: false, problem: null } });
    expect((await post('/api/call', { name: 'requests.list', input: {} })).json).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/start screen/) } });
    const dir = tempDir();
    expect((await post('/api/launcher/open', { choice: { kind: 'folder', dir } })).json).toEqual({ ok: true, value: null });
    expect((await post('/api/call', { name: 'requests.list', input: {} })).json).toMatchObject({ ok: true });
    expect((await post('/api/launcher/status', {})).json).toMatchObject({ value: { open: true, recent: [{ kind: 'folder', dir }] } });
    expect((await post('/api/launcher/switch', {})).json).toEqual({ ok: true, value: null });
    expect(launcher.current()).toBeNull();
  });

  it('needs the token and refuses malformed input with what to fix, and goes on answering', async () => {
    const { server, post } = await startScreenServer();
    expect((await post('/api/launcher/status', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('/api/launcher/open', { choice: { kind: 'default' } }, { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('/api/launcher/open', '{not json')).json).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/not valid JSON/) } });
    expect((await post('/api/launcher/open', [1])).json).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/must be an object/) } });
    expect((await post('/api/launcher/open', {})).json).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const team = await post('/api/launcher/open', { choice: { kind: 'team', url: 'postgres://ada:pw@127.0.0.1/x', files: tempDir() } });
    expect(team).toMatchObject({ status: 400, json: { ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/holds a password/) } } });
    expect((await post('/api/launcher/elsewhere', {})).status).toBe(404);
    expect((await httpRequest(server.port, { method: 'GET', path: '/api/launcher/status', headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(405);
    expect((await post('/api/launcher/status', {})).json).toMatchObject({ ok: true, value: { open: false } });
  });
});

describe('sunshine web --start', () => {
  it('refuses a workspace named beside it, saying to leave it out', async () => {
    const said: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((m: string | Uint8Array) => (said.push(String(m)), true));
    try {
      const code = await webCommand({ data: tempDir(), json: true }, { port: 0, renderer: tempDir(), importFrom: [], start: true });
      expect(code).toBe(EXIT.error);
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(said.join(''))).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/--start: .*leave out --data/) } });
  });
});
