import { useCallback, useEffect, useRef, useState } from 'react';
import { formatBytes, shownPlace } from '../../format.ts';
import {
  Body1,
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  Subtitle1,
  Tab,
  TabList,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, ChevronLeftRegular, ChevronRightRegular, OpenRegular } from '@fluentui/react-icons';
import type { DocumentDetail } from '../../../../core/api.ts';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { StaleBar } from '../../components/StaleSave.tsx';
import { linkTarget } from '../../../../core/shared/vocabulary.ts';
import { call, fetchOriginal, openOriginal } from '../../api/client.ts';
import { hrefFor, navigate } from '../../routes.ts';
import { Marked, PiiLegend, type PiiMark } from './highlight.tsx';
import { piiKindLabel } from '../../../../core/shared/pii-kinds.ts';
import { queryTerms } from './hit-words.ts';
import { saveFile } from '../../files.ts';
import { PdfPage } from './PdfPage.tsx';
import { ImagePage } from './ImagePage.tsx';
import { SheetView } from './SheetView.tsx';
import { canRedact } from '../../../../core/shared/redactable.ts';
import { kindLabel } from '../../../../core/shared/document-kinds.ts';
import { PageBox } from './PageBox.tsx';
import { RedactionApproval, RedactionControls, RedactionLayer, RedactionList, useRedactions, type Reason } from './Redactions.tsx';
import { ReviewPanel } from '../review/ReviewPanel.tsx';
import { useReview } from '../review/use-review.ts';
import { heldByOther, useLease } from '../review/use-lease.ts';
import { useCall } from '../../use-call.ts';
import { DocDate } from './DocDate.tsx';
import { FactList, type Facts } from '../../components/FactList.tsx';
import { MemberLink, ReceivedMetadata, receivedFacts } from '../received/ReceivedFacts.tsx';
import { ThreadCard } from './ThreadCard.tsx';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(300px, 1fr) 2fr', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  pager: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  text: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase400,
    margin: 0,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
    minHeight: '300px',
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingHorizontalL, minWidth: 0 },
});


/** In place of the pages of a file stored as received but not read: why, and what can be done with it. */
function NotReadCard({ why }: { why: string }) {
  return (
    <Card role="region" aria-label="Stored, not read">
      <CardHeader header={<Subtitle1 as="h2">Stored, not read</Subtitle1>} />
      <Body1>{`${why.charAt(0).toUpperCase()}${why.slice(1)}.`}</Body1>
      <Body1>
        Sunshine keeps the file exactly as it was received and finds it by its name; it has no text or pages to show or redact. Save a copy of the original to open it in an
        app that reads it.
      </Body1>
    </Card>
  );
}

/** The document's coding, saved as it changes. */
function ReviewCard({ id }: { id: number }) {
  const { review, error, set, toggleTag, reload, stale, reloadStale } = useReview(id);
  const tags = useCall('tags.list', {});
  // Open to code: the document's lease is this window's while it is open, or names who has it.
  const heldBy = heldByOther(useLease(id));
  const wasHeld = useRef(false);
  useEffect(() => {
    // The colleague left it: what they coded is shown before anything is changed here.
    if (wasHeld.current && heldBy === null) reload();
    wasHeld.current = heldBy !== null;
  }, [heldBy, reload]);
  // Keep mine saves once, however often it is clicked while that save is in flight.
  const keeping = useRef(false);
  const keepMine = () => {
    if (!stale || keeping.current) return;
    keeping.current = true;
    void stale.keepMine().finally(() => (keeping.current = false));
  };
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">Review</Subtitle1>} />
      {stale && <StaleBar message={stale.message} onReload={reloadStale} onKeepMine={keepMine} />}
      {review ? (
        <ReviewPanel review={review} tags={tags.data?.tags ?? []} error={error ?? tags.error} heldBy={heldBy} onSet={(p) => void set(p)} onToggleTag={(t) => void toggleTag(t)} />
      ) : (
        <Body1>Loading…</Body1>
      )}
    </Card>
  );
}

export function DocumentView({ id, query }: { id: number; query: URLSearchParams }) {
  const s = useStyles();
  const pageNo = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const q = query.get('q') ?? '';
  const [d, setD] = useState<DocumentDetail | null>(null);
  const [text, setText] = useState<{ page: number; text: string; pii: PiiMark[]; bates: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<'page' | 'text'>('page');
  const [hitPages, setHitPages] = useState<number[]>([]);
  const [linkTo, setLinkTo] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [reason, setReason] = useState<Reason>('b6');
  const redactions = useRedactions(id);

  useEffect(() => {
    call('documents.get', { id }).then(setD, (e: Error) => setError(e.message));
  }, [id]);
  useEffect(() => {
    // A file not read has no pages to ask for.
    if (!d || d.pages === 0 || d.notRead) return;
    // A late answer for a page turned away from is dropped, never shown as this page's text.
    let current = true;
    const page = Math.min(pageNo, d.pages);
    // The page's text and where the PII finder found personal data on it, shown together.
    Promise.all([call('documents.page', { id, page }), call('documents.piiHits', { id, page })]).then(
      ([p, hits]) => current && setText({ page, text: p.text, pii: hits.map((h) => ({ ...h, label: piiKindLabel(h.kind) })), bates: p.bates }),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [d, id, pageNo]);

  // The pages of this document where the search words are, for next/previous hit.
  useEffect(() => {
    if (!q) return;
    call('documents.search', { query: q, document: id, limit: 200 }).then(
      (r) => setHitPages([...new Set(r.hits.map((h) => h.page))].sort((a, b) => a - b)),
      () => setHitPages([]),
    );
  }, [id, q]);
  const showError = useCallback((m: string) => setError(m), []);

  async function saveOriginal() {
    try {
      const o = await fetchOriginal(id);
      saveFile(o.name, new Uint8Array(o.bytes), o.mime);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function openOutside() {
    setConfirmOpen(false);
    try {
      await openOriginal?.(id);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const go = (page: number) => navigate('documents', String(id), { page, ...(q ? { q } : {}) });

  async function link(unlink?: string) {
    try {
      setD(unlink ? await call('documents.unlink', { id, ...linkTarget(unlink) }) : await call('documents.link', { id, ...linkTarget(linkTo) }));
      setLinkTo('');
      setLinkError(null);
    } catch (e) {
      setLinkError((e as Error).message);
    }
  }

  if (error && !d) {
    return (
      <Page title="Document not found">
        <ErrorBar message={error} />
        <Link href={hrefFor('documents')}>All documents</Link>
      </Page>
    );
  }
  if (!d) return <Page title={`Document ${id}`} intro="Loading…" />;
  // The page shown, drawn, coded and redacted: one number for all of them.
  const shown = Math.min(pageNo, Math.max(d.pages, 1));
  // PDF pages and pictures are shown as received, and can be redacted; other kinds are shown as text.
  const drawn = canRedact(d.type) && !d.notRead;
  // A spreadsheet (or CSV) is shown as its grid of cells, its text a tab away.
  const sheet = (d.type === 'spreadsheet' || d.type === 'csv') && !d.notRead;
  const layer = <RedactionLayer page={shown} boxes={redactions.all} drawing={drawing} onDraw={(r) => void redactions.add(shown, r, reason)} />;
  const facts: Facts = [
    ...receivedFacts(d),
    ['Type', `${kindLabel(d.type)} (${d.mime})`],
    ['Size', formatBytes(d.size)],
    d.notRead ? ['Pages', 'none: stored, not read'] : ['Pages', `${d.pages}${d.status === 'ocr-pending' ? ' — some wait for OCR' : ''}`],
    ['SHA-256', <code key="h">{d.sha256}</code>],
    ['Added', new Date(d.addedAt).toLocaleString()],
  ];
  if (d.source) facts.push(['Source', d.source]);
  if (!d.emailDate) facts.push(['Dated', <DocDate key="d" d={d} />]);
  facts.push(['Read from', shownPlace(d.path)]);
  if (d.mailbox) {
    facts.push([
      'Mailbox',
      <span key="m">
        <Link href={hrefFor('documents', String(d.mailbox.id))}>{d.mailbox.name}</Link>
        {d.mailbox.folder && ` › ${d.mailbox.folder}`}
      </span>,
    ]);
  }
  if (d.mailboxFolders) {
    const read = d.mailboxFolders.reduce((n, f) => n + f.messages, 0);
    facts.push(['Messages', `${read} filed from this mailbox (an email already here from another mailbox stays filed there)`]);
    if (d.mailboxFolders.length) facts.push(['Folders', d.mailboxFolders.map((f) => `${f.folder || '(top)'} (${f.messages})`).join(', ')]);
  }
  if (d.names.length > 1) facts.push(['Also arrived as', d.names.slice(1).map((n) => n.name).join(', ')]);
  if (d.emailFrom || d.emailSubject) {
    facts.push(['From', d.emailFrom ?? '—'], ['To', d.emailTo ?? '—']);
    if (d.emailCc) facts.push(['Cc', d.emailCc]);
    if (d.emailBcc) facts.push(['Bcc', d.emailBcc]);
    facts.push(['Subject', d.emailSubject ?? '—'], ['Date', <DocDate key="d" d={d} />]);
  }
  // The family, each member with the Bates range it arrived with (received productions).
  // An archive's family is its entries; "Read from" gives an entry's path inside it.
  if (d.family.parent) facts.push([d.parent?.type === 'archive' ? 'In archive' : 'Attached to', <MemberLink key="p" m={d.family.parent} />]);
  if (d.family.children.length) {
    facts.push([
      d.type === 'archive' ? 'Entries' : 'Attachments',
      <span key="c">
        {d.family.children.map((c, i) => (
          <span key={c.id}>
            {i > 0 && ', '}
            <MemberLink m={c} />
          </span>
        ))}
      </span>,
    ]);
  }
  const pageText = (
    <>
      {text?.page === shown && text.pii.length > 0 && <PiiLegend marks={text.pii} />}
      <pre className={s.text} role="region" aria-label={`Text of page ${shown}`} tabIndex={0}>
        {text?.page !== shown ? 'Loading…' : text.text.trim() ? <Marked text={text.text} terms={queryTerms(q)} pii={text.pii} /> : 'This page has no text layer; it waits for OCR.'}
      </pre>
    </>
  );
  return (
    <Page title={d.name}>
      <div className={s.row}>
        <Link href={q ? hrefFor('search', undefined, { q }) : hrefFor('documents')}>{q ? 'Back to the search' : 'All documents'}</Link>
        <Button icon={<ArrowDownloadRegular />} onClick={() => void saveOriginal()}>
          Save a copy of the original
        </Button>
        {openOriginal && (
          <Button icon={<OpenRegular />} onClick={() => setConfirmOpen(true)}>
            Open in another app…
          </Button>
        )}
      </div>
      <Dialog open={confirmOpen} onOpenChange={(_, v) => setConfirmOpen(v.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Open {d.name} in another app?</DialogTitle>
            <DialogContent>
              <p>
                Sunshine checks the file against its SHA-256 and hands a read-only copy to the app your system uses for {kindLabel(d.type)} files. The original in
                Sunshine stays as it is.
              </p>
              <p>That app is outside Sunshine: it may load remote images or run macros in the file, which can tell the sender it was opened.</p>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirmOpen(false)}>
                Cancel
              </Button>
              <Button appearance="primary" onClick={() => void openOutside()}>
                Open the copy
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      <div className={s.grid}>
        <div className={s.column}>
          <Card>
            <CardHeader header={<Subtitle1 as="h2">About this document</Subtitle1>} />
            <FactList facts={facts} />
            <Subtitle1 as="h2">Requests and disclosures</Subtitle1>
            {d.requests.length + d.disclosures.length === 0 && <Body1>Not linked to a request or a disclosure.</Body1>}
            {[...d.requests.map((r) => ['requests', r] as const), ...d.disclosures.map((r) => ['disclosures', r] as const)].map(([screen, r]) => (
              <div key={r} className={s.row}>
                <Link href={hrefFor(screen, r)}>{r}</Link>
                <Button size="small" onClick={() => void link(r)} aria-label={`Unlink from ${r}`}>
                  Unlink
                </Button>
              </div>
            ))}
            <div className={s.row}>
              <Field label="Link to a request or disclosure" validationMessage={linkError ?? undefined}>
                <Input value={linkTo} onChange={(_, v) => setLinkTo(v.value)} placeholder="REQ-2026-0042 or DIS-2026-0007" />
              </Field>
              <Button onClick={() => void link()} disabled={!linkTo.trim()}>
                Link
              </Button>
            </div>
          </Card>
          <ReceivedMetadata d={d} />
          {(d.emailFrom || d.emailSubject) && <ThreadCard key={id} id={id} />}
          <ReviewCard id={id} />
        </div>
        {d.notRead ? (
          <NotReadCard why={d.notRead} />
        ) : (
          <Card>
            <CardHeader
              header={
                drawn || sheet ? (
                  <TabList selectedValue={view} onTabSelect={(_, t) => setView(t.value as 'page' | 'text')} aria-label="How to show the page">
                    <Tab value="page">{sheet ? 'Sheet' : 'As received'}</Tab>
                    <Tab value="text">Text</Tab>
                  </TabList>
                ) : (
                  <Subtitle1 as="h2">Text</Subtitle1>
                )
              }
              action={
                <div className={s.pager}>
                  {q && (
                    <>
                      <Button size="small" disabled={!hitPages.some((p) => p < pageNo)} onClick={() => go(hitPages.filter((p) => p < pageNo).at(-1)!)}>
                        Previous hit
                      </Button>
                      <Button size="small" disabled={!hitPages.some((p) => p > pageNo)} onClick={() => go(hitPages.find((p) => p > pageNo)!)}>
                        Next hit
                      </Button>
                    </>
                  )}
                  <Button icon={<ChevronLeftRegular />} aria-label="Previous page" disabled={shown <= 1} onClick={() => go(shown - 1)} />
                  <span aria-live="polite">
                    Page {shown} of {d.pages}
                    {/* The producing party's number of this page, as cited in letters and reports. */}
                    {text?.page === shown && text.bates ? ` · ${text.bates}` : ''}
                  </span>
                  <Button icon={<ChevronRightRegular />} aria-label="Next page" disabled={shown >= d.pages} onClick={() => go(shown + 1)} />
                  {d.pages > 1 && <PageBox page={shown} pages={d.pages} onGo={go} />}
                </div>
              }
            />
            <ErrorBar message={error} />
            {drawn && view === 'page' ? (
              <>
                <RedactionControls drawing={drawing} onDrawing={setDrawing} reason={reason} onReason={setReason} />
                {d.type === 'pdf' ? (
                  <PdfPage id={id} page={shown} terms={queryTerms(q)} onError={showError}>
                    {layer}
                  </PdfPage>
                ) : (
                  <ImagePage key={id} id={id} page={shown} terms={queryTerms(q)} waitsForOcr={d.status === 'ocr-pending'} onError={showError}>
                    {layer}
                  </ImagePage>
                )}
                <ErrorBar title="The redaction was not saved" message={redactions.error} />
                <RedactionList boxes={redactions.all} onRemove={(rid) => void redactions.remove(rid)} />
                <RedactionApproval approval={redactions.approval} onApprove={redactions.approve} />
              </>
            ) : sheet && view === 'page' ? (
              <SheetView id={id} page={shown} terms={queryTerms(q)} query={q} onError={showError} text={pageText} />
            ) : (
              pageText
            )}
          </Card>
        )}
      </div>
    </Page>
  );
}
