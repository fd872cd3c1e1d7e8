import { describe, expect, it, vi } from 'vitest';
import { api } from '../../core/api.ts';
import type { ProgressEvent } from '../../core/contract.ts';
import { handlers } from '../../core/handlers/index.ts';
import { createDispatcher } from '../../core/dispatch.ts';
import { JobRegistry, throttledProgress } from '../../core/jobs.ts';
import { rowCount, tamperWith, teamLoginOf, testCore } from './helpers.ts';

const auditCount = (core: Parameters<typeof rowCount>[0]) => rowCount(core, 'audit_log');

describe('the contract', () => {
  it('has exactly one handler per call', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(api).sort());
  });
});

describe('dispatching calls', () => {
  it('refuses an unknown call by name, listing the known ones', async () => {
    const core = await testCore();
    for (const name of ['requests.delete', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await core.call(name, {});
      expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_CALL', message: expect.stringContaining('settings.update') } });
    }
  });

  it('refuses wrong types and unknown fields with a message naming the field, changing nothing', async () => {
    const core = await testCore();
    const cases: [unknown, RegExp][] = [
      [{ userName: 42 }, /userName/],
      [{ theme: 'purple' }, /theme/],
      [{ userName: '   ' }, /name cannot be empty/],
      [{ userName: 'x'.repeat(201) }, /^userName: is too long: at most 200 characters$/],
      [{ nickname: 'Ada' }, /^is a field not known here: nickname(;|$)/],
      [{ theme: 'purple', ocrEnabled: 'yes' }, /^theme: should be one of: system, light, dark; ocrEnabled: should be yes or no \(true or false\)$/],
      [[], /should be a group of fields/],
      ['Ada', /should be a group of fields/],
      [{}, /at least one setting/],
    ];
    for (const [input, message] of cases) {
      const r = await core.call('settings.update', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BAD_INPUT');
        expect(r.error.message).toMatch(message);
        // Written for people: no call names, no zod wording.
        expect(r.error.message).not.toMatch(/settings\.update|Too big|Too small|Invalid (input|option)|Unrecognized|expected (string|object|boolean)/);
      }
    }
    expect(await auditCount(core)).toBe(0);
  });

  it('records the acting user in the audit log', async () => {
    const core = await testCore();
    await core.invoke('settings.update', { userName: 'Ada Lovelace' });
    await core.invoke('settings.update', { officeName: 'Committee on Oversight' });
    const r = await core.invoke('audit.list', { limit: 10 });
    const login = teamLoginOf(core);
    // A team workspace acts as its login, and the name typed is the member's display name.
    expect(r.ok && r.value.entries.map((e) => [e.actor, e.entityId, e.after])).toEqual(
      login === null
        ? [
            ['Ada Lovelace', 'officeName', 'Committee on Oversight'],
            [expect.any(String), 'userName', 'Ada Lovelace'],
          ]
        : [
            [login, 'officeName', 'Committee on Oversight'],
            [login, login, { displayName: 'Ada Lovelace' }],
          ],
    );
  });

  it('turns an unexpected failure into INTERNAL without leaking internals', async () => {
    const core = await testCore();
    const log = vi.fn();
    const failing = createDispatcher(
      { ...handlers, 'settings.get': () => { throw new Error('SQL error near /home/secret/path'); } },
      () => ({ store: core.workspace, dataDir: core.dataDir, actor: 'x', login: null, role: async () => 'admin' as const, now: () => new Date(), pool: () => { throw new Error('no pool in this test'); }, ocr: null as never /* not used by these calls */, pii: null as never, backgroundOcr: false, backups: null as never, keychain: null as never, imports: null as never, outputFolders: null as never }),
      new JobRegistry(),
    );
    vi.spyOn(console, 'error').mockImplementation(log);
    const r = await failing('settings.get', {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/reference [0-9a-f]{8}.*Nothing was changed/) } });
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(log).toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

describe('odd failures', () => {
  it('a handler that throws null still yields a Result', async () => {
    const core = await testCore();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const d = createDispatcher(
      { ...handlers, 'settings.get': () => { throw null; } },
      () => ({ store: core.workspace, dataDir: core.dataDir, actor: 'x', login: null, role: async () => 'admin' as const, now: () => new Date(), pool: () => { throw new Error('no pool in this test'); }, ocr: null as never /* not used by these calls */, pii: null as never, backgroundOcr: false, backups: null as never, keychain: null as never, imports: null as never, outputFolders: null as never }),
      new JobRegistry(),
    );
    expect(await d('settings.get', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    vi.restoreAllMocks();
  });

  it('a setting edited into invalid JSON outside the app falls back to its default and can be saved again', async () => {
    const core = await testCore();
    await tamperWith(core, "INSERT INTO settings VALUES ('theme', '{not json')");
    expect(await core.invoke('settings.get', {})).toMatchObject({ ok: true, value: { theme: 'system' } });
    expect(await core.invoke('settings.update', { theme: 'dark' })).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });
});

describe('long jobs', () => {
  async function coreWithAudit(n: number) {
    const core = await testCore();
    await core.workspace.write('bulk', async (w) => {
      for (let i = 0; i < n; i++) await w.audit({ action: 'test.bulk', entity: 'x', entityId: String(i) });
    });
    return core;
  }

  it('stream progress events tagged with their job id', async () => {
    const core = await coreWithAudit(12_000);
    const events: ProgressEvent[] = [];
    const r = await core.invoke('app.verify', {}, { jobId: 'job-1', emit: (e) => events.push(e) });
    expect(r.ok && r.value).toMatchObject({ ok: true, auditEntriesChecked: 12_000 });
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.jobId === 'job-1')).toBe(true);
    expect(events.at(-1)!.progress).toMatchObject({ done: 12_000, total: 12_000 });
  });

  it('can be cancelled through jobs.cancel, and then say so', async () => {
    const core = await coreWithAudit(12_000);
    let cancelled: unknown;
    const r = await core.invoke('app.verify', {}, {
      jobId: 'job-2',
      emit: (e) => {
        if (e.progress.total && cancelled === undefined) cancelled = core.invoke('jobs.cancel', { jobId: 'job-2' });
      },
    });
    expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
    expect(r).toEqual({ ok: false, error: { code: 'CANCELLED', message: expect.stringContaining('cancelled') } });
    expect(await core.invoke('jobs.cancel', { jobId: 'job-2' })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('refuse a second job with the id of one still running, which goes on cancellable', async () => {
    const core = await coreWithAudit(12_000);
    let second: unknown;
    let cancel: unknown;
    const first = await core.invoke('app.verify', {}, {
      jobId: 'dup',
      emit: (e) => {
        if (!e.progress.total || second !== undefined) return;
        second = core.invoke('app.verify', {}, { jobId: 'dup' });
        cancel = (second as Promise<unknown>).then(() => core.invoke('jobs.cancel', { jobId: 'dup' }));
      },
    });
    expect(await second).toEqual({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('already running') } });
    expect(await cancel).toEqual({ ok: true, value: { cancelled: true } });
    expect(first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('refuse a malformed job id', async () => {
    const core = await testCore();
    const r = await core.invoke('app.verify', {}, { jobId: '../../etc' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('throttle progress but always deliver the final event', () => {
    let t = 0;
    const seen: number[] = [];
    const p = throttledProgress('j', (e) => seen.push(e.progress.done), 100, () => t);
    for (let i = 1; i <= 10; i++) {
      t += 30;
      p({ done: i, total: 10 });
    }
    expect(seen).toEqual([1, 5, 9, 10]);
  });
});

describe('settings', () => {
  it('re-saving values already in effect (defaults included) records nothing', async () => {
    const core = await testCore();
    const before = await core.invoke('settings.get', {});
    expect(before.ok).toBe(true);
    if (!before.ok) return;
    const r = await core.invoke('settings.update', { userName: before.value.userName, officeName: '', theme: 'system' });
    expect(r).toEqual({ ok: true, value: before.value });
    expect(await auditCount(core)).toBe(0);
    await core.invoke('settings.update', { officeName: 'Oversight', theme: 'system' });
    expect(await auditCount(core)).toBe(1);
  });

  it('the history shows the value that was in effect before, defaults included', async () => {
    const core = await testCore();
    const before = await core.invoke('settings.get', {});
    await core.invoke('settings.update', { userName: 'Ada' });
    const r = await core.invoke('audit.list', { limit: 1 });
    const login = teamLoginOf(core);
    expect(before.ok && r.ok && r.value.entries[0]).toMatchObject(
      login === null
        ? { entityId: 'userName', before: before.ok && before.value.userName, after: 'Ada' }
        : { entityId: login, before: { displayName: before.ok && before.value.userName }, after: { displayName: 'Ada' } },
    );
  });
});
