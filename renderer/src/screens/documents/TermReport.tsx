import { codedSentence } from '../../../../core/shared/coded-words.ts';
import { useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { InputOf, TermReportOut, TermReportRow } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { TagDropdown } from './TagDropdown.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { GuardedDialog, useReturnFocus } from '../../components/GuardedDialog.tsx';
import { SubmitButton, SubmitForm } from '../../components/SubmitForm.tsx';
import { pickFile, saveFile } from '../../files.ts';

/** The search screen's filters, as the report and tagging take them. */
export type ReportFilters = Omit<InputOf<'documents.termReport'>, 'terms' | 'export'>;

/** A list file larger than this would not fit in one call; 500 queries of any sensible length are far less. */
const MAX_LIST_BYTES = 1_000_000;

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  terms: { minHeight: '140px', fontFamily: tokens.fontFamilyMonospace },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  problem: { color: tokens.colorPaletteRedForeground1 },
  query: { overflowWrap: 'anywhere' },
});

const fmt = (n: number) => n.toLocaleString();
const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;


/**
 * "Search term report…": queries pasted or loaded from a .txt file, one a line; for each the
 * documents and pages it matches, those no other query matches, and with families (counted by
 * the core, core/documents/term-report.ts); export as CSV or Excel; tag a row's hits.
 */
export function TermReportDialog({ filters, onClose, onTagged }: { filters: ReportFilters; onClose(): void; onTagged(): void }) {
  const s = useStyles();
  const [text, setText] = useState('');
  // The lines the shown report counted: exports and tagging follow them, not later edits.
  const [ran, setRan] = useState<{ terms: string[]; report: TermReportOut } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tagging, setTagging] = useState<{ row: TermReportRow; counts: NonNullable<TermReportRow['counts']> } | null>(null);
  const filtered = Object.keys(filters).length > 0;

  async function run() {
    const terms = text.split(/\r?\n|\r/);
    try {
      setRan({ terms, report: await call('documents.termReport', { terms, ...filters }) });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function load() {
    const file = await pickFile('.txt,text/plain');
    if (!file) return;
    if (file.size > MAX_LIST_BYTES) return setError(`${file.name} is larger than 1 MB; a report takes at most 500 queries, one a line.`);
    setText((await file.text()).replace(/^\uFEFF/, ''));
    setError(null);
  }

  async function exportAs(kind: 'csv' | 'xlsx') {
    if (!ran) return;
    try {
      const { file } = await call('documents.termReport', { terms: ran.terms, ...filters, export: kind });
      if (file) saveFile(file.name, Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)), file.mime);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const report = ran?.report;
  return (
    <GuardedDialog onClose={onClose} settled={ran !== null} style={{ width: 'min(1000px, 94vw)', maxWidth: 'none' }}>
      <DialogBody>
        <DialogTitle>Search term report</DialogTitle>
        <DialogContent>
          <SubmitForm onSubmit={run} className={s.form} aria-label="Search term report">
            <Field label="Queries, one a line" hint="Each line is a search as typed in the search box: words, &quot;phrases&quot;, AND, OR, NOT, word*, w/5.">
              <Textarea className={s.terms} value={text} onChange={(_, d) => setText(d.value)} resize="vertical" />
            </Field>
            <div className={s.buttons}>
              <SubmitButton label="Run report" busyLabel="Counting…" />
              <Button onClick={() => void load()}>Load a .txt file…</Button>
              {filtered && <Caption1>Counts only documents the search screen’s filters let through.</Caption1>}
            </div>
          </SubmitForm>
          <ErrorBar title="The report could not run" message={error} />
          {report && (
            <>
              <Table aria-label="Search term report results" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Line</TableHeaderCell>
                    <TableHeaderCell>Query</TableHeaderCell>
                    <TableHeaderCell className={s.number}>Documents</TableHeaderCell>
                    <TableHeaderCell className={s.number}>Pages</TableHeaderCell>
                    <TableHeaderCell className={s.number}>Unique</TableHeaderCell>
                    <TableHeaderCell className={s.number}>With family</TableHeaderCell>
                    <TableHeaderCell>
                      <span className="visually-hidden">Actions</span>
                    </TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {report.rows.map((row) => (
                    <TableRow key={row.line}>
                      <TableCell>{row.line}</TableCell>
                      <TableCell className={s.query}>{row.term}</TableCell>
                      {row.counts ? (
                        <>
                          <TableCell className={s.number}>{fmt(row.counts.documents)}</TableCell>
                          <TableCell className={s.number}>{fmt(row.counts.pages)}</TableCell>
                          <TableCell className={s.number}>{fmt(row.counts.unique)}</TableCell>
                          <TableCell className={s.number}>{fmt(row.counts.withFamily)}</TableCell>
                          <TableCell>
                            {row.counts.documents > 0 && (
                              <Button size="small" aria-label={`Tag hits of line ${row.line}…`} onClick={() => setTagging({ row, counts: row.counts! })}>
                                Tag hits…
                              </Button>
                            )}
                          </TableCell>
                        </>
                      ) : (
                        <TableCell colSpan={5} className={s.problem}>
                          {row.error?.message}
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                  <TableRow>
                    <TableCell />
                    <TableCell>Any query</TableCell>
                    <TableCell className={s.number}>{fmt(report.total.documents)}</TableCell>
                    <TableCell />
                    <TableCell />
                    <TableCell className={s.number}>{fmt(report.total.withFamily)}</TableCell>
                    <TableCell />
                  </TableRow>
                </TableBody>
              </Table>
              <div className={s.buttons}>
                <Button onClick={() => void exportAs('csv')}>Export CSV</Button>
                <Button onClick={() => void exportAs('xlsx')}>Export Excel</Button>
              </div>
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </DialogBody>
      {tagging && <TagHits query={tagging.row.term} counts={tagging.counts} filters={filters} onClose={() => setTagging(null)} onTagged={onTagged} />}
    </GuardedDialog>
  );
}

/** Tag every document one query of the report hits (tags.apply by search), after saying how many. */
function TagHits({ query, counts, filters, onClose, onTagged }: { query: string; counts: NonNullable<TermReportRow['counts']>; filters: ReportFilters; onClose(): void; onTagged(): void }) {
  useReturnFocus();
  const [tag, setTag] = useState('');
  const [family, setFamily] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const count = family ? counts.withFamily : counts.documents;

  async function apply() {
    try {
      const r = await call('tags.apply', { tag, family, search: { query, ...filters } });
      setDone(codedSentence(r, 'tagged'));
      setError(null);
      onTagged();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <SubmitForm onSubmit={apply} aria-label="Tag hits">
          <DialogBody>
            <DialogTitle>Tag the hits of “{query}”</DialogTitle>
            <DialogContent>
              {done ? (
                <Body1 role="status">{done}</Body1>
              ) : (
                <>
                  <Field label="Tag">
                    <TagDropdown value={tag} onChange={setTag} />
                  </Field>
                  <Checkbox label="with their email families" checked={family} onChange={(_, d) => setFamily(Boolean(d.checked))} />
                  <Body1 as="p">
                    This tags {plural(count, 'document')}
                    {family ? ' (the hits with their families)' : ''}.
                  </Body1>
                </>
              )}
              <ErrorBar title="Not tagged" message={error} />
            </DialogContent>
            <DialogActions>
              {!done && (
                <Button appearance="primary" type="submit" disabled={!tag}>
                  Tag {plural(count, 'document')}
                </Button>
              )}
              <Button onClick={onClose}>{done ? 'Close' : 'Cancel'}</Button>
            </DialogActions>
          </DialogBody>
        </SubmitForm>
      </DialogSurface>
    </Dialog>
  );
}
