import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/store.ts';
import { verifyAuditChain } from '../../db/audit.ts';
import { tempDir } from './helpers.ts';

let store: Store;
afterEach(() => store?.close());
const open = () => (store = openStore(path.join(tempDir(), 'sunshine.db')));
const settingCount = async () => (await store.engine.get<{ n: number }>('SELECT count(*) AS n FROM settings'))!.n;

describe('the audited write', () => {
  it('commits each change with its audit row, one chain across writes', async () => {
    open();
    await store.write('ada', async (w) => {
      await w.run("INSERT INTO settings (key, value) VALUES ('a', '1')");
      await w.audit({ action: 'settings.update', entity: 'settings', entityId: 'a', after: 1 });
    });
    const row = await store.write('bo', async (w) => {
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
    await expect(store.write('ada', async (w) => void (await w.run("INSERT INTO settings (key, value) VALUES ('a', '1')")))).rejects.toThrow(
      /without an audit entry; it was rolled back/,
    );
    await expect(
      store.write('ada', async (w) => {
        await w.run("INSERT INTO settings (key, value) VALUES ('a', '1')");
        await w.audit({ action: 'settings.update', entity: 'settings', entityId: 'a' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await settingCount()).toBe(0);
    expect((await verifyAuditChain(store.engine)).checked).toBe(0);
  });

  it('lets no other call in while it awaits: reads wait for the commit, calls on the engine inside are caught', async () => {
    open();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const writing = store.write('ada', async (w) => {
      await w.run("INSERT INTO settings (key, value) VALUES ('a', '1')");
      await w.audit({ action: 'settings.update', entity: 'settings', entityId: 'a' });
      await expect(store.engine.get('SELECT 1')).rejects.toThrow(/inside one of its own transactions/);
      entered();
      await gate;
      return 'done';
    });
    await inside;
    const read = settingCount();
    const second = store.write('bo', async (w) => w.audit({ action: 'settings.update', entity: 'settings', entityId: 'b' }));
    release();
    expect(await writing).toBe('done');
    expect(await read).toBe(1);
    // The second write waited its turn and follows the first in the chain.
    expect(await second).toMatchObject({ seq: 2 });
  });
});
