/** `sunshine import`, `sunshine search`, `sunshine documents show`. */
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Core } from '../../core/index.ts';
import type { DocumentImportReport, FileReport, SearchHitOut } from '../../core/api.ts';
import { withWordForms } from '../../core/shared/search-query.ts';
import { batesRangeText } from '../../core/shared/bates-number.ts';
import { NOT_READ, notReadText } from '../../core/shared/document-kinds.ts';
import { EXIT, progressLine, rawOut, reportError, safeText, type Output } from '../output.ts';
import { writeFileSafely } from '../files.ts';
import { addFilterOptions, filtersFrom, pick, type FilterOptions } from '../options.ts';
import { registerTermReport } from './term-report.ts';
import { scanFirst } from './pii.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new InvalidArgumentError('give a whole number from 1 to 200.');
  return n;
};

function describeFile(r: FileReport, indent = ''): string[] {
  // A file's name may hold a line break: one line a file all the same.
  r = { ...r, path: safeText(r.path) };
  const head =
    r.status === 'added' && r.notRead
      ? `stored   #${r.documentId} ${r.path} (${r.type}) — ${notReadText(r.notRead)}`
      : r.status === 'added' && r.messageCount !== undefined
      ? `added    #${r.documentId} ${r.path} (${r.type}, ${r.messageCount} message${r.messageCount === 1 ? '' : 's'} read)`
      : r.status === 'added'
      ? `added    #${r.documentId} ${r.path} (${r.type}, ${r.pages} page${r.pages === 1 ? '' : 's'}${r.ocrPages ? `, ${r.ocrPages} waiting for OCR` : ''})`
      : r.status === 'duplicate'
        ? `same as  #${r.documentId} ${r.path} (already stored as ${r.duplicateOf})`
        : `${r.status.padEnd(8)} ${r.path}: ${r.error}`;
  return [`${indent}${head}`, ...(r.notes ?? []).map((n) => `${indent}         note: ${n}`), ...(r.attachments ?? []).flatMap((a) => describeFile(a, `${indent}  `)),
    // A mailbox's messages: only those that failed or were already here are listed, the rest counted above.
    ...(r.messages ?? []).flatMap((m) => describeFile(m, `${indent}  `)),
  ];
}

const HIT = /\uE000|\uE001/g;

interface SearchOptions extends FilterOptions {
  limit: number;
  export?: string;
  documents?: boolean;
  wordForms?: boolean;
  sort?: string;
}

const marked = (snippet: string) => snippet.replace(/\uE000/g, '[').replace(/\uE001/g, ']').replace(/\s+/g, ' ');

/** A document result: what it is, then how many of its pages matched and its best one. */
function documentLine(h: SearchHitOut): string {
  const about = [
    h.type,
    h.date?.slice(0, 10) ?? 'undated',
    ...(h.bates ? [`${h.bates.first}–${h.bates.last}`] : []),
    ...(h.tags.length ? [`tags ${h.tags.map((t) => safeText(t)).join('; ')}`] : []),
  ];
  const n = h.matchingPages ?? 1;
  const matches = n === 1 ? '1 page matches,' : `${n} pages match, best`;
  return `#${h.documentId} ${safeText(h.name)} (${about.join(', ')}) — ${matches} ${pageOf(h)}: ${marked(h.snippet)}`;
}

/** A producing party's range as a list shows it beside a name (` [ICE-0004211–ICE-0004260]`), or nothing. */
const range = (b: { begin: string; end: string } | null) => (b ? ` [${safeText(batesRangeText(b))}]` : '');

/** A hit's page number, with the Bates number it was received with beside it (p.2 ICE-0004212). */
const pageOf = (h: SearchHitOut): string => `p.${h.page}${h.pageBates ? ` ${safeText(h.pageBates)}` : ''}${h.cell ? ` ${safeText(h.cell)}` : ''}`;

/** `sunshine search QUERY --export FILE`: every result as CSV, into the file (written whole, owner-only) or to standard output (`-`). */
async function exportCsv(core: Core, o: Output, query: string, opts: SearchOptions): Promise<number> {
  const r = await core.invoke('documents.exportResults', { query, ...filtersFrom(opts) });
  if (!r.ok) return reportError(o, r.error);
  const out = opts.export!;
  if (out === '-') return rawOut(r.value.csv), EXIT.ok;
  writeFileSafely(out, r.value.csv);
  const capped = r.value.capped ? ' (more pages matched than are ranked: the best of the newest are in it)' : '';
  o.out(o.json ? JSON.stringify({ out: path.resolve(out), count: r.value.count, capped: r.value.capped }) : `Wrote ${r.value.count} document${r.value.count === 1 ? '' : 's'} to ${out}${capped}.`);
  return EXIT.ok;
}

export function registerDocumentCommands(program: Command, run: Runner): void {
  program
    .command('import')
    .description('add files and folders (recursively): store, read and index them')
    .argument('<paths...>', 'files or folders')
    .option('--request <reference>', 'link every document to this request')
    .option('--disclosure <reference>', 'link every document to this disclosure')
    .option('--source <name>', 'where these files came from, e.g. "ICE, 2nd interim release" (default: the request\'s agency)')
    .action((paths: string[], opts: { request?: string; disclosure?: string; source?: string }) =>
      run(async (core, o) => {
        const r = await core.invoke('documents.import', { paths, ...pick(opts, 'request', 'disclosure', 'source') }, {
          emit: (e) => {
            if (!o.json && e.progress.total) progressLine(`${e.progress.done}/${e.progress.total} ${e.progress.message ?? ''}`);
          },
        });
        if (!o.json) progressLine(null);
        if (!r.ok) return reportError(o, r.error);
        const v: DocumentImportReport = r.value;
        if (o.json) o.out(JSON.stringify(v, null, 2));
        else {
          for (const f of v.files) for (const line of describeFile(f)) o.out(line);
          o.out(`${v.added} added, ${v.duplicates} already stored, ${v.failed} failed, ${v.pages} pages${v.cancelled ? ' (cancelled)' : ''}.`);
        }
        return v.failed > 0 ? EXIT.problems : EXIT.ok;
      }),
    );

  program
    .command('ocr')
    .description('read pages waiting for OCR (scans, photos) now, with offline English text recognition')
    .option('--limit <n>', 'at most N pages', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of pages.');
      return n;
    })
    .action((opts: { limit?: number }) =>
      run(async (core, o) => {
        const r = await core.invoke('documents.runOcr', opts.limit ? { limit: opts.limit } : {}, {
          emit: (e) => {
            if (!o.json && e.progress.total) progressLine(`${e.progress.done}/${e.progress.total} pages read`);
          },
        });
        if (!o.json) progressLine(null);
        if (!r.ok) return reportError(o, r.error);
        o.out(o.json ? JSON.stringify(r.value) : `${r.value.done} page${r.value.done === 1 ? '' : 's'} read; ${r.value.pending} still waiting.`);
        return EXIT.ok;
      }),
    );

  const search = addFilterOptions(
    program
      .command('search')
      .description(
        'full-text search: words as written, word~ for its forms, "phrases", AND/OR/NOT, prefix*, te?m, w/N, pre/N, NEAR(a b); fields from: to: cc: bcc: subject: filename: custodian: metadata: tag: type: date: bates: (from:ice, subject:placement*, tag:"Hot/Sponsors", date:2024-01..2024-03, bates:HHS-*)',
      )
      .argument('<query>', 'what to look for')
      .option('--limit <n>', 'at most N results (1–200)', positive, 20)
      .option('--documents', 'one result a document (how many of its pages match, and its best page) rather than one a page')
      .option('--sort <order>', 'relevance (best first), date (newest document date first) or bates (by Bates number)')
      .option('--word-forms', 'find every word in any of its forms (sponsor: sponsors, sponsored), as if each had ~')
      // Not --csv: `search report` has a --csv of its own, and a parent's option would take it from the subcommand.
      .option('--export <file>', 'every result as CSV into FILE (- for standard output), one row a document: its fields, the producing party\'s Bates range, the pages hit with their Bates numbers'),
  )
    .action((query: string, opts: SearchOptions) =>
      run(async (core, o) => {
        if (opts.export !== undefined) return exportCsv(core, o, opts.wordForms ? withWordForms(query) : query, opts);
        // The API checks the sort order and names the ones it knows.
        const view = { ...(opts.documents ? { group: 'documents' as const } : {}), ...(opts.sort ? { sort: opts.sort as 'date' } : {}) };
        if (opts.pii) {
          const failed = await scanFirst(core, o);
          if (failed !== null) return failed;
        }
        const r = await core.invoke('documents.search', { query: opts.wordForms ? withWordForms(query) : query, limit: opts.limit, ...filtersFrom(opts), ...view });
        if (!r.ok) return reportError(o, r.error);
        if (o.json) {
          o.out(JSON.stringify({ ...r.value, hits: r.value.hits.map((h) => ({ ...h, snippet: h.snippet.replace(HIT, '') })) }, null, 2));
          return EXIT.ok;
        }
        if (r.value.hits.length === 0) o.out('No matches.');
        if (r.value.suggestions.length > 0) o.out(`Did you mean: ${r.value.suggestions.map((s) => safeText(s)).join(' | ')}`);
        for (const h of r.value.hits) o.out(opts.documents ? documentLine(h) : `#${h.documentId} ${safeText(h.name)} ${pageOf(h)}: ${marked(h.snippet)}`);
        // Capped: more pages matched than were ranked, so there are more pages, and at least this many documents.
        const [unit, atLeast] = opts.documents ? ['documents', 'at least '] : ['pages', 'more than '];
        if (r.value.total > r.value.hits.length || r.value.capped) o.out(`(${r.value.hits.length} of ${r.value.capped ? atLeast : ''}${r.value.total} ${unit} shown)`);
        return EXIT.ok;
      }),
    );
  registerTermReport(search, run);

  const documents = program.command('documents').description('stored documents');
  addFilterOptions(
    documents
      .command('list')
      .description('stored documents, newest first: number, name, kind, pages, and the producing party\'s Bates range when received with one')
      .option('--sort <order>', 'added (newest first), date (their own date, latest first) or bates (the producing party\'s Bates number)')
      .option('--name <text>', 'documents any of whose names holds this text, in any case')
      .option('--limit <n>', 'at most N documents (1–1000)', (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('give a whole number from 1 to 1000.');
        return n;
      }, 100),
  ).action((opts: FilterOptions & { sort?: string; name?: string; limit: number }) =>
    run(async (core, o) => {
      // The API checks the sort order and names the ones it knows.
      const r = await core.invoke('documents.list', { limit: opts.limit, ...filtersFrom(opts), ...(opts.name ? { name: opts.name } : {}), ...(opts.sort ? { sort: opts.sort as 'bates' } : {}) });
      if (!r.ok) return reportError(o, r.error);
      if (o.json) o.out(JSON.stringify(r.value, null, 2));
      else {
        if (r.value.rows.length === 0) o.out('No documents.');
        for (const d of r.value.rows) o.out(`#${d.id} ${safeText(d.name)} (${d.type}, ${d.notRead ? NOT_READ : `${d.pages} page${d.pages === 1 ? '' : 's'}`})${range(d.bates)}`);
        if (r.value.total > r.value.rows.length) o.out(`(${r.value.rows.length} of ${r.value.total} documents shown)`);
      }
      return EXIT.ok;
    }),
  );
  documents
    .command('rethread')
    .description('group every email into threads again and mark the inclusive ones: for emails imported before threads were kept (imports keep them up to date)')
    .action(() =>
      run(async (core, o) => {
        const r = await core.invoke('documents.rethread', {});
        if (!r.ok) return reportError(o, r.error);
        o.out(o.json ? JSON.stringify(r.value) : `${r.value.threads} thread${r.value.threads === 1 ? '' : 's'}; ${r.value.emails} email${r.value.emails === 1 ? '' : 's'} changed.`);
        return EXIT.ok;
      }),
    );
  documents
    .command('copy')
    .description('copy an original out of the vault, checked against its SHA-256 (read-only; never over an existing file)')
    .argument('<id>', 'document number')
    .requiredOption('--to <folder>', 'folder to put the copy in (made if missing)')
    .action((id: string, opts: { to: string }) =>
      run(async (core, o) => {
        const n = Number(id);
        if (!Number.isInteger(n) || n < 1) return reportError(o, { code: 'BAD_INPUT', message: `id: "${id}" is not a document number.` });
        const r = await core.invoke('documents.saveCopy', { id: n, folder: opts.to });
        if (!r.ok) return reportError(o, r.error);
        o.out(o.json ? JSON.stringify(r.value) : `Copied to ${r.value.file}`);
        return EXIT.ok;
      }),
    );
  documents
    .command('show')
    .description('one document: names, type, pages, links, family, and as received in a production its Bates range, custodian, metadata, native and duplicates')
    .argument('[id]', 'document number')
    .option('--bates <number>', 'the document a Bates number is on (ICE-0004211), with that page; a range or the start of numbers lists the pages')
    .action((id: string | undefined, opts: { bates?: string }) =>
      run(async (core, o) => {
        if ((id === undefined) === (opts.bates === undefined)) return reportError(o, { code: 'BAD_INPUT', message: 'Give a document number or --bates NUMBER (one of them).' });
        let page: { page: number; pageBates: string } | null = null;
        let n = Number(id);
        if (opts.bates !== undefined) {
          const found = await core.invoke('documents.byBates', { bates: opts.bates });
          if (!found.ok) return reportError(o, found.error);
          if (found.value.kind !== 'exact') {
            if (o.json) o.out(JSON.stringify(found.value, null, 2));
            else for (const h of found.value.hits) o.out(`${h.bates}: #${h.documentId} ${safeText(h.name)} p.${h.page}${h.from === 'produced' ? ' (our production)' : ''}`);
            return EXIT.ok;
          }
          const hit = found.value.hits[0]!;
          [n, page] = [hit.documentId, { page: hit.page, pageBates: hit.bates }];
        }
        if (!Number.isInteger(n) || n < 1) return reportError(o, { code: 'BAD_INPUT', message: `id: "${id}" is not a document number.` });
        const r = await core.invoke('documents.get', { id: n });
        if (!r.ok) return reportError(o, r.error);
        const d = r.value;
        if (o.json) {
          const participants = { from: d.emailFrom, to: d.emailTo, cc: d.emailCc, bcc: d.emailBcc };
          const dates = { date: d.date, sent: d.emailDate, file: d.fileDate };
          o.out(JSON.stringify({ ...d, participants, dates, ...(page ?? {}) }, null, 2));
        } else {
          o.out(`#${d.id} ${safeText(d.name)} — ${d.type}, ${d.notRead ? NOT_READ : `${d.pages} page${d.pages === 1 ? '' : 's'}`}, ${d.size} bytes${d.status === 'ocr-pending' ? ', waiting for OCR' : ''}`);
          if (d.notRead) o.out(`Not read: ${safeText(d.notRead)}`);
          if (page) o.out(`Page ${page.page}: ${safeText(page.pageBates)}`);
          o.out(`sha256 ${d.sha256}`);
          if (d.bates) o.out(`Bates: ${safeText(d.bates.begin)}–${safeText(d.bates.end)}`);
          if (d.production) o.out(`Received from ${safeText(d.production.party)} in ${safeText(d.production.volume)}`);
          if (d.custodian) o.out(`Custodian: ${safeText(d.custodian)}`);
          if (d.source) o.out(`Source: ${safeText(d.source)}`);
          if (d.date) o.out(`Dated: ${d.date.slice(0, 10)}`);
          if (d.emailSubject || d.emailFrom) o.out(`Email: ${safeText(d.emailSubject ?? '')} — from ${safeText(d.emailFrom ?? '?')} to ${safeText(d.emailTo ?? '?')}${d.emailDate ? ` on ${d.emailDate}` : ''}`);
          if (d.emailCc) o.out(`Cc: ${safeText(d.emailCc)}`);
          if (d.emailBcc) o.out(`Bcc: ${safeText(d.emailBcc)}`);
          for (const [k, v] of Object.entries(d.metadata ?? {})) o.out(`${safeText(k)}: ${safeText(v)}`);
          if (d.native) o.out(`Native: ${safeText(d.native.name)}, ${d.native.size} bytes, sha256 ${d.native.sha256}`);
          if (d.names.length > 1) o.out(`Also arrived as: ${d.names.slice(1).map((x) => x.name).join(', ')}`);
          if (d.requests.length) o.out(`Requests: ${d.requests.join(', ')}`);
          if (d.family.parent) o.out(`Attachment of #${d.family.parent.id} ${safeText(d.family.parent.name)}${range(d.family.parent.bates)}`);
          for (const c of d.family.children) o.out(`Attachment: #${c.id} ${safeText(c.name)}${range(c.bates)}`);
          for (const x of d.duplicates) o.out(`Duplicate (${x.why}): #${x.id} ${safeText(x.name)}${range(x.bates)}`);
          if (d.mailbox) o.out(`Mailbox: #${d.mailbox.id} ${safeText(d.mailbox.name)}${d.mailbox.folder ? ` › ${safeText(d.mailbox.folder)}` : ''}`);
          for (const f of d.mailboxFolders ?? []) o.out(`Folder: ${safeText(f.folder || '(top)')}, ${f.messages} message${f.messages === 1 ? '' : 's'}`);
        }
        return EXIT.ok;
      }),
    );
}
