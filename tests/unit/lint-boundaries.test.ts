import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries', () => {
  it('keep Node, the database and core code out of the renderer; core types are allowed', async () => {
    const file = 'renderer/src/screens/Probe.tsx';
    expect(await problems(file, "import fs from 'node:fs';\nexport const x = fs;\n")).toHaveLength(1);
    expect(await problems(file, "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
    expect(await problems(file, "import { api } from '../../../core/api.ts';\nexport const x = api;\n")).toHaveLength(1);
    expect(await problems(file, "import { openStore } from '../../../db/store.ts';\nexport const x = openStore;\n")).toHaveLength(1);
    expect(await problems(file, "import type { Api } from '../../../core/api.ts';\nexport type X = Api;\n")).toEqual([]);
    expect(await problems(file, "import { STATUS_LABELS } from '../../../core/shared/vocabulary.ts';\nexport const x = STATUS_LABELS;\n")).toEqual([]);
  });

  it('keep the Electron shell to the core’s public entry', async () => {
    const file = 'electron/probe.ts';
    expect(await problems(file, "import { openStore } from '../db/store.ts';\nexport const x = openStore;\n")).toHaveLength(1);
    expect(await problems(file, "import { handlers } from '../core/handlers/index.ts';\nexport const x = handlers;\n")).toHaveLength(1);
    expect(await problems(file, "import { openCore } from '../core/index.ts';\nexport const x = openCore;\n")).toEqual([]);
    expect(await problems(file, "import { isSafeExternalUrl } from '../core/shared/links.ts';\nexport const x = isSafeExternalUrl;\n")).toEqual([]);
    expect(await problems(file, "import { backup } from '../core/backups.ts';\nexport const x = backup;\n")).toHaveLength(1);
  });

  it('keep core and db free of shells', async () => {
    expect(await problems('core/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await problems('db/probe.ts', "import { startWebServer } from '../web/server.ts';\nexport const x = startWebServer;\n")).toHaveLength(1);
  });

  it('keep db below the core: it imports nothing of it', async () => {
    expect(await problems('db/probe.ts', "import { AppError } from '../core/errors.ts';\nexport const x = AppError;\n")).toHaveLength(1);
    expect(await problems('db/probe.ts', "import { StoreError } from './errors.ts';\nexport const x = StoreError;\n")).toEqual([]);
  });

  it('keep the command line to the core’s public entry: no database, no handlers, no domain modules', async () => {
    const file = 'cli/commands/probe.ts';
    expect(await problems(file, "import { openStore } from '../../db/store.ts';\nexport const x = openStore;\n")).toHaveLength(1);
    expect(await problems(file, "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
    expect(await problems(file, "import { restore } from '../../core/backups.ts';\nexport const x = restore;\n")).toHaveLength(1);
    expect(await problems(file, "import { currentSettings } from '../../core/handlers/settings.ts';\nexport const x = currentSettings;\n")).toHaveLength(1);
    expect(await problems(file, "import { openCore } from '../../core/index.ts';\nexport const x = openCore;\n")).toEqual([]);
    expect(await problems(file, "import type { RequestDetail } from '../../core/api.ts';\nexport type X = RequestDetail;\n")).toEqual([]);
    expect(await problems(file, "import { STATUSES } from '../../core/shared/vocabulary.ts';\nexport const x = STATUSES;\n")).toEqual([]);
  });

  it('keep domain code below the handlers, and core free of shells wherever it sits', async () => {
    expect(await problems('core/documents/probe.ts', "import { requireRequest } from '../handlers/requests.ts';\nexport const x = requireRequest;\n")).toHaveLength(1);
    expect(await problems('core/documents/probe.ts', "import { startWebServer } from '../../web/server.ts';\nexport const x = startWebServer;\n")).toHaveLength(1);
    expect(await problems('core/handlers/probe.ts', "import { requireRequest } from '../requests/service.ts';\nexport const x = requireRequest;\n")).toEqual([]);
  });
});
