import { defineHandlers, type CallContext } from '../context.ts';
import type { ParsedInputOf } from '../api.ts';
import { AppError } from '../errors.ts';
import { today as todayOf } from '../deadlines/dates.ts';
import { requireRequest } from '../requests/service.ts';
import { onePathToRead } from '../documents/import-roots.ts';
import { receiveProduction } from '../received/receive.ts';
import { listReceivedProductions, receivedProductionById, type ReceivedProductionRow } from '../../db/received.ts';
import { getRequestById } from '../../db/requests.ts';
import type { Reader } from '../../db/engine.ts';
import type { ReceivedProductionOut, ReceiveReportOut } from '../api-received.ts';

type ReceiveInput = ParsedInputOf<'received.inspect'> & { validOnly?: boolean };

async function receive(input: ReceiveInput, ctx: CallContext, dryRun: boolean) {
  const q = ctx.store.engine;
  const req = input.request ? await requireRequest(q, input.request) : undefined;
  // Last of the checks: a picked token is used up by an import only, so a mistyped request leaves it for the next try.
  const source = onePathToRead(input, ctx, !dryRun);
  const report = await receiveProduction(
    { store: ctx.store, dataDir: ctx.dataDir, actor: ctx.actor, pool: ctx.pool(), signal: ctx.signal, progress: ctx.progress, today: todayOf(ctx.now()) },
    {
      source,
      ...(input.party ? { party: input.party } : {}),
      ...(req ? { request: { id: req.id, reference: req.reference, agency: req.agency_abbreviation || req.agency_name } } : {}),
      ...(input.mapping ? { mapping: input.mapping } : {}),
      dryRun,
      validOnly: input.validOnly ?? false,
    },
  );
  if (!dryRun && (report.imported ?? 0) > 0 && ctx.backgroundOcr) {
    void ctx.ocr.kick();
    ctx.pii.nudge();
  }
  return report;
}

async function out(q: Reader, r: ReceivedProductionRow): Promise<ReceivedProductionOut> {
  return {
    id: r.id,
    party: r.party,
    name: r.volume,
    request: r.request_id === null ? null : ((await getRequestById(q, r.request_id))?.reference ?? null),
    addedAt: r.added_at,
    finishedAt: r.finished_at,
    status: r.status,
    first: r.first_bates,
    last: r.last_bates,
    documents: Number(r.documents),
    pages: Number(r.pages),
  };
}

export const receivedHandlers = defineHandlers({
  'received.inspect': (input, ctx) => receive(input, ctx, true),
  'received.import': (input, ctx) => receive(input, ctx, false),
  'received.list': async ({ request }, { store }) => {
    const req = request ? await requireRequest(store.engine, request) : undefined;
    return Promise.all((await listReceivedProductions(store.engine, req?.id)).map((r) => out(store.engine, r)));
  },
  'received.get': async ({ id }, { store }) => {
    const p = await receivedProductionById(store.engine, id);
    if (!p) throw new AppError('NOT_FOUND', `id: there is no received production ${id}.`);
    // An import still running (or cancelled) has no report yet: '{}'.
    const report = JSON.parse(p.report) as Partial<ReceiveReportOut>;
    return { ...(await out(store.engine, p)), report: report.party === undefined ? null : (report as ReceiveReportOut) };
  },
});
