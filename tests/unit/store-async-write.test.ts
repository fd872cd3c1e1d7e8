import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/store.ts';
import { verifyAuditChain } from '../../db/audit.ts';
import { tempDir } from './helpers.ts';

let store: Store;
afterEach(() => store?.close());
const open = () => (store = openStore(path.join(tempDir(), 'sunshine.db')));
const settingCount = async () => (await store.engine.get<{ n: number }>('SELECT count(*) AS n FROM settings'))!.n;

describe('the asynchronous audited write', () => {
  it('commits the change with its audit row, chained after the synchronous path’s rows', async () => {
    open();
    store.write('ada', (w) => {
      w.db.prepare("INSERT INTO settings (key, value) VALUES ('a', '1')").run();
      w.audit({ action: 'settings.update', entity: 'settings', entityId: 'a', after: 1 });
    });
    const row = await store.writeAsync('bo', async (w) => {
      await w.run("INSERT INTO settings (key, value) VALUES ('b', '2')");
      // A read through the writer sees the write's own row.
      expect((await w.get<{ n: number }>('SELECT count(*) AS n FROM settings'))!.n).toBe(2);
      return w.audit({ action: 'settings.update', entity: 'settings', entityId: 'b', after: 2 });
    });
    expect(row).toMatchObject({ seq: 2, actor: 'bo', action: 'settings.update' });
    expect(await settingCount()).toBe(2);
    const chain = await verifyAuditChain(store.engine);
    expect(chain).toMatchObject({ checked: 2, breaks: [], head: { seq: 2, hash: row.hash } });
  });

  it('rolls back a change made without an audit row, and everything when the function throws', async () => {
    open();
    await expect(store.writeAsync('ada', async (w) => void (await w.run("INSERT INTO settings (key, value) VALUES ('a', '1')")))).rejects.toThrow(
      /without an audit entry; it was rolled back/,
    );
    await expect(
      store.writeAsync('ada', async (w) => {
        await w.run("INSERT INTO settings (key, value) VALUES ('a', '1')");
        await w.audit({ action: 'settings.update', entity: 'settings', entityId: 'a' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await settingCount()).toBe(0);
    expect((await verifyAuditChain(store.engine)).checked).toBe(0);
  });

  it('lets no other call in while it awaits: reads wait for the commit, a synchronous write is refused, calls on the engine inside are caught', async () => {
    open();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const writing = store.writeAsync('ada', async (w) => {
      await w.run("INSERT INTO settings (key, value) VALUES ('a', '1')");
      await w.audit({ action: 'settings.update', entity: 'settings', entityId: 'a' });
      await expect(store.engine.get('SELECT 1')).rejects.toThrow(/inside one of its own transactions/);
      entered();
      await gate;
      return 'done';
    });
    await inside;
    const read = settingCount();
    expect(() => store.write('bo', (w) => w.audit({ action: 'x', entity: 'x', entityId: 'x' }))).toThrow(/busy with another change/);
    release();
    expect(await writing).toBe('done');
    expect(await read).toBe(1);
  });

  it('lets a function not yet moved to the engine write through the synchronous writer in the same transaction', async () => {
    open();
    await store.writeAsync('ada', async (w) => {
      w.legacy.db.prepare("INSERT INTO settings (key, value) VALUES ('a', '1')").run();
      w.legacy.audit({ action: 'settings.update', entity: 'settings', entityId: 'a' });
      await w.run("INSERT INTO settings (key, value) VALUES ('b', '2')");
    });
    expect(await settingCount()).toBe(2);
    await expect(store.writeAsync('ada', async (w) => void w.legacy.db.prepare("INSERT INTO settings (key, value) VALUES ('c', '3')").run())).rejects.toThrow(
      /without an audit entry/,
    );
    await expect(
      store.writeAsync('ada', async (w) => {
        w.legacy.db.prepare("INSERT INTO settings (key, value) VALUES ('c', '3')").run();
        await w.audit({ action: 'settings.update', entity: 'settings', entityId: 'c' });
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    expect(await settingCount()).toBe(2);
    expect((await verifyAuditChain(store.engine)).checked).toBe(1);
  });
});
