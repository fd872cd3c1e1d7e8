import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openCoreInWorker, type CoreHandle } from '../../core/core-host.ts';
import type { KeyHolder, SpawnHelper } from '../../core/index.ts';
import type { ChangedEvent } from '../../core/contract.ts';
import { forkHelper } from '../../core/documents/helper-process.ts';
import { noKeyHolder } from '../../core/disclosures/keychain.ts';
import { fails, ok, tempDir } from './helpers.ts';

const open: CoreHandle[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function hosted(opts: Partial<Parameters<typeof openCoreInWorker>[0]> = {}) {
  const workers: Worker[] = [];
  const core = await openCoreInWorker({ dataDir: tempDir(), ...opts }, { onWorker: (w) => workers.push(w) });
  open.push(core);
  return { core, workers };
}

describe('the core in a worker thread', () => {
  it('answers calls with the same results and errors as in-process', async () => {
    const { core } = await hosted();
    const agency = await ok(core.invoke('agencies.create', { name: 'Bureau of Hosted Things', abbreviation: 'BHT' }));
    expect(agency.name).toBe('Bureau of Hosted Things');
    const listed = await ok(core.invoke('agencies.list', {}));
    expect(listed.map((a) => a.abbreviation)).toContain('BHT');
    // Validation, unknown calls and local-only calls fail alike, codes and messages unchanged.
    expect((await fails(core.invoke('agencies.create', { name: '', abbreviation: 'X' }))).code).toBe('BAD_INPUT');
    expect((await fails(core.call('no.such.call', {}))).code).toBe('UNKNOWN_CALL');
  });

  it('refuses to open a data folder that is not a workspace, with the in-process error', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'files'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'sunshine.db'), 'this is not a database, it is a plain text file of some length '.repeat(100));
    await expect(openCoreInWorker({ dataDir })).rejects.toMatchObject({ code: 'NOT_A_DATABASE' });
  });

  it('takes an upload streamed in chunks and serves an original back with a range', async () => {
    const { core } = await hosted();
    const text = 'hosted-upload-word '.repeat(20_000);
    const chunks = text.match(/[\s\S]{1,7000}/g)!.map((c) => Buffer.from(c));
    const id = await core.receiveUpload(Readable.from(chunks), 'hosted.txt', null, Buffer.byteLength(text));
    const report = await ok(core.invoke('documents.import', { uploads: [id] }));
    expect(report.added).toBe(1);
    const docId = report.files[0]!.documentId!;
    const whole = await core.original(String(docId), null);
    expect(whole.status).toBe(200);
    const bytes: Buffer[] = [];
    for await (const c of whole.body!()) bytes.push(c as Buffer);
    expect(Buffer.concat(bytes).toString()).toBe(text);
    const part = await core.original(String(docId), 'bytes=7-12');
    expect(part.status).toBe(206);
    const got: Buffer[] = [];
    for await (const c of part.body!()) got.push(c as Buffer);
    expect(Buffer.concat(got).toString()).toBe(text.slice(7, 13));
    await expect(core.original('../etc', null)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('refuses an upload over the size it declares before reading it, as in-process', async () => {
    const { core } = await hosted();
    // Many more chunks than may be in flight: the refusal stops the sending rather than leaving it waiting.
    const body = Readable.from(Array.from({ length: 200 }, () => Buffer.alloc(64 * 1024, 1)));
    await expect(core.receiveUpload(body, 'big.bin', null, 1e15)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await ok(core.invoke('app.status', {}));
  });

  it('a worker that dies under a call fails it with a clear message, and the next call works', async () => {
    const { core, workers } = await hosted();
    const pending = core.invoke('app.status', {});
    void workers[0]!.terminate();
    const error = await fails(pending);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/workspace stopped unexpectedly/);
    // Opened again for the next call, on the same data.
    await ok(core.invoke('agencies.create', { name: 'Bureau After Restart', abbreviation: 'BAR' }));
    expect(workers).toHaveLength(2);
    const listed = await ok(core.invoke('agencies.list', {}));
    expect(listed.map((a) => a.abbreviation)).toContain('BAR');
  });

  it('a worker that dies while windows listen for changes is started again at once, and they are told to read everything again', async () => {
    const { core, workers } = await hosted();
    const heard: ChangedEvent[] = [];
    let told: () => void = () => undefined;
    const everything = new Promise<void>((resolve) => (told = resolve));
    core.onChange((e) => {
      heard.push(e);
      if (e.everything) told();
    });
    await workers[0]!.terminate();
    // No call is made: a window that only shows data hears that it may have missed changes.
    await everything;
    expect(workers).toHaveLength(2);
    // And the new worker tells changes again: a data folder's own write is heard as before.
    const agency = new Promise<void>((resolve) => core.onChange((e) => e.entities.includes('agency') && resolve()));
    await ok(core.invoke('agencies.create', { name: 'Bureau of Revived Workers', abbreviation: 'BRW' }));
    await agency;
    expect(workers).toHaveLength(2);
    expect(heard.filter((e) => e.everything)).toHaveLength(1);
  });

  it('windows are told to read everything again also when a call started the new worker first', async () => {
    const { core, workers } = await hosted();
    let told: () => void = () => undefined;
    const everything = new Promise<void>((resolve) => (told = resolve));
    core.onChange((e) => e.everything && told());
    await workers[0]!.terminate();
    await ok(core.invoke('app.status', {}));
    await everything;
    expect(workers).toHaveLength(2);
  });

  it("asks the host's keychain for the worker (the desktop app's safeStorage)", async () => {
    const asked: string[] = [];
    const fake: KeyHolder = {
      available: () => (asked.push('available'), true),
      load: () => (asked.push('load'), null),
      remembered: () => (asked.push('remembered'), true),
      save: () => void asked.push('save'),
      forget: () => void asked.push('forget'),
    };
    const { core } = await hosted({ keychain: fake });
    const kc = await ok(core.invoke('identity.keychain', {}));
    expect(kc).toMatchObject({ available: true, remembered: true });
    expect(asked).toEqual(expect.arrayContaining(['available', 'remembered']));
    await ok(core.invoke('identity.forget', {}));
    expect(asked).toContain('forget');
  });

  it('a keychain that fails is answered as in-process: an internal error without its details', async () => {
    const broken: KeyHolder = { ...noKeyHolder, available: () => true, remembered: () => true, forget: () => { throw new Error('secret service said /home/someone/.local/keyring is locked'); } };
    const { core } = await hosted({ keychain: broken });
    const error = await fails(core.invoke('identity.forget', {}));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/^Something went wrong inside Sunshine \(reference \w+\)/);
    expect(error.message).not.toContain('/home');
  });

  it("starts the file readers through the host's spawner (the desktop app's utilityProcess)", async () => {
    const started: string[] = [];
    const spawner: SpawnHelper = (script, memoryMb, on) => {
      started.push(script);
      return forkHelper(script, memoryMb, on);
    };
    const { core } = await hosted({ spawnHelper: spawner });
    const id = await core.receiveUpload(Readable.from([Buffer.from('words read by a lent helper')]), 'lent.txt', null, null);
    const report = await ok(core.invoke('documents.import', { uploads: [id] }));
    expect(report).toMatchObject({ added: 1, failed: 0 });
    expect(started.length).toBeGreaterThan(0);
    const found = await ok(core.invoke('documents.search', { query: 'lent helper' }));
    expect(found.total).toBe(1);
  });
});
