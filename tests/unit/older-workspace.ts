/** A workspace at an older schema on the suite's engine, for migration tests: migrate to N, insert, `upgrade` to the latest, check. */
import path from 'node:path';
import type { Engine } from '../../db/engine.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { PgEngine } from '../../db/pg/engine.ts';
import { migratePg } from '../../db/pg/migrate.ts';
import { openStore } from '../../db/store.ts';
import { TEST_ENGINE, tempDir } from './helpers.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';

export interface OlderWorkspace {
  engine: Engine;
  /** Every later migration run; the engine to use from then on. */
  upgrade(): Promise<Engine>;
  close(): Promise<void>;
}

/** A workspace brought up to migration `version` only (a SQLite file, or a fresh PostgreSQL database named after `name`). */
export async function olderWorkspace(version: number, name: string): Promise<OlderWorkspace> {
  const before = MIGRATIONS.slice(0, version);
  if (TEST_ENGINE === 'sqlite') {
    const file = path.join(tempDir(), 'sunshine.db');
    let store = openStore(file, { migrations: before });
    return {
      engine: store.engine,
      upgrade: async () => {
        store.close();
        store = openStore(file);
        return store.engine;
      },
      close: async () => store.close(),
    };
  }
  const engine = await PgEngine.open(pgUrl(pgServer!, await freshPgDatabase(pgServer!, name)), { password: pgServer!.password });
  await migratePg(engine, 'the test database', before);
  return { engine, upgrade: async () => (await migratePg(engine, 'the test database'), engine), close: () => engine.close() };
}
