import { defineHandlers } from '../context.ts';
import { filtersOf } from '../documents/filters.ts';
import { termReport, termReportFile } from '../documents/term-report.ts';

export const termReportHandlers = defineHandlers({
  'documents.termReport': async ({ terms, export: kind, ...filters }, { store }) => {
    const report = await termReport(store.engine, terms, await filtersOf(store.engine, filters));
    return kind ? { ...report, file: await termReportFile(report, kind) } : report;
  },
});
