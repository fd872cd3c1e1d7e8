import { refuseStale } from '../versions.ts';
import type { ImportReport, ParsedInputOf } from '../api.ts';
import { importRows } from '../import-rows.ts';
import { AppError } from '../errors.ts';
import { defineHandlers } from '../context.ts';
import { csvText } from '../csv-source.ts';
import { CsvError, readCsvTable } from '../csv.ts';
import { describeZodError } from '../human-errors.ts';
import { api } from '../api.ts';
import { agencyOut, calendarFor, refreshManyDerived, resolveAgency } from '../requests/service.ts';
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { agencyClash, agencyFields, findAgencies, getAgency, insertAgency, listAgencies, updateAgency, wouldLoop, type AgencyFields } from '../../db/agencies.ts';

type AgencyInput = ParsedInputOf<'agencies.create'>;

async function checkClash(q: Reader, f: Pick<AgencyFields, 'name' | 'abbreviation'>, exceptId = 0): Promise<void> {
  const clash = await agencyClash(q, f, exceptId);
  if (!clash) return;
  const field = clash.abbreviation.toLowerCase() === f.abbreviation.toLowerCase() ? 'abbreviation' : 'name';
  throw new AppError('CONFLICT', `${field}: ${clash.abbreviation} (${clash.name}) already has this ${field}.`);
}

async function toFields(q: Reader, a: AgencyInput): Promise<AgencyFields> {
  return {
    name: a.name,
    abbreviation: a.abbreviation,
    parentId: a.parent ? (await resolveAgency(q, a.parent, 'parent')).id : null,
    foiaEmail: a.foiaEmail,
    portalUrl: a.portalUrl,
    appealDays: a.appealDays,
    appealDayKind: a.appealDayKind,
    receiptNextWorkingDay: a.receiptNextWorkingDay,
    notes: a.notes,
  };
}

async function applyUpdate(w: Writer, id: number, patch: Partial<AgencyInput>, stale?: { now: Date; version: number | undefined }): Promise<void> {
  const row = await getAgency(w, id);
  if (!row) throw new AppError('NOT_FOUND', `id: there is no agency ${id}.`);
  if (stale) await refuseStale(w, stale.now, 'agency', id, String(id), stale.version);
  const before = agencyFields(row);
  const { parent, ...rest } = patch;
  const after: AgencyFields = {
    ...before,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(parent === undefined ? {} : { parentId: parent === null ? null : (await resolveAgency(w, parent, 'parent')).id }),
  };
  if (after.parentId !== null && (await wouldLoop(w, id, after.parentId))) {
    throw new AppError('BAD_INPUT', 'parent: an agency cannot sit under itself or under one of its own components.');
  }
  await checkClash(w, after, id);
  if (JSON.stringify(after) === JSON.stringify(before)) return;
  await updateAgency(w, id, before, after);
  // A changed appeal window or receipt rule moves the clocks of this agency's requests.
  if (after.appealDays !== before.appealDays || after.appealDayKind !== before.appealDayKind || after.receiptNextWorkingDay !== before.receiptNextWorkingDay) {
    await refreshManyDerived(w, await calendarFor(w), id);
  }
}

const AGENCY_CSV = ['name', 'abbreviation', 'parent', 'foia_email', 'portal_url', 'appeal_days', 'appeal_day_kind', 'receipt_next_working_day', 'notes'] as const;

/** A yes/no cell, left to the schema to refuse when it is neither. */
const yesNoCell = (s: string): unknown => (s === '' ? false : /^(yes|true|1|y)$/i.test(s) ? true : /^(no|false|0|n)$/i.test(s) ? false : s);

export const agencyHandlers = defineHandlers({
  'agencies.list': async (_i, { store }) => (await listAgencies(store.engine)).map(agencyOut),

  'agencies.create': async (input, { store, actor }) => {
    const id = await store.write(actor, async (w) => {
      const f = await toFields(w, input);
      await checkClash(w, f);
      return insertAgency(w, f);
    });
    return agencyOut((await getAgency(store.engine, id))!);
  },

  'agencies.update': async ({ id, patch, version }, { store, actor, now }) => {
    await store.write(actor, (w) => applyUpdate(w, id, patch, { now: now(), version }));
    return agencyOut((await getAgency(store.engine, id))!);
  },

  'agencies.importCsv': async (input, { store, actor, dataDir }) => {
    let table;
    try {
      table = readCsvTable(csvText(input, dataDir), AGENCY_CSV, ['name', 'abbreviation']);
    } catch (e) {
      if (e instanceof CsvError) return { created: 0, updated: 0, errors: [{ line: e.line, message: e.message }] };
      throw e;
    }
    const errors: ImportReport['errors'] = [];
    const rows: { line: number; input: AgencyInput }[] = [];
    for (const r of table) {
      const parsed = api['agencies.create'].input.safeParse({
        name: r.get('name'),
        abbreviation: r.get('abbreviation'),
        parent: r.get('parent') || null,
        foiaEmail: r.get('foia_email'),
        portalUrl: r.get('portal_url'),
        appealDays: r.get('appeal_days') ? Number(r.get('appeal_days')) : 90,
        appealDayKind: r.get('appeal_day_kind') || 'calendar',
        receiptNextWorkingDay: yesNoCell(r.get('receipt_next_working_day')),
        notes: r.get('notes'),
      });
      if (parsed.success) rows.push({ line: r.line, input: parsed.data });
      else errors.push({ line: r.line, message: describeZodError(parsed.error) });
    }
    // Rows may name parents defined earlier in the same file: they are applied in order, in one write.
    return importRows(
      store,
      actor,
      rows,
      async (w, { input }) => {
        const existing = (await findAgencies(w, input.abbreviation)).find((a) => a.abbreviation.toLowerCase() === input.abbreviation.toLowerCase());
        if (existing) {
          await applyUpdate(w, existing.id, input);
          return 'updated';
        }
        const f = await toFields(w, input);
        await checkClash(w, f);
        await insertAgency(w, f);
        return 'created';
      },
      errors,
    );
  },
});

