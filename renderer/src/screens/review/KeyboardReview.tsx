import { useCallback, useEffect, useRef, useState } from 'react';
import { Body1, Button, Caption1, Card, Link, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';
import type { DocumentDetail, NextInBatchOut, ReviewOut, TagOut } from '../../../../core/api.ts';
import { kindLabel, type DocumentKind } from '../../../../core/shared/document-kinds.ts';
import { RATINGS, REVIEW_NAV_KEYS, REVIEW_STATUSES } from '../../../../core/shared/vocabulary.ts';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { call } from '../../api/client.ts';
import { hrefFor, navigate } from '../../routes.ts';
import { Marked } from '../documents/highlight.tsx';
import { queryTerms } from '../documents/hit-words.ts';
import { ReviewPanel } from './ReviewPanel.tsx';
import type { ReviewPatch } from './use-review.ts';
import { heldByOther, useLease } from './use-lease.ts';
import { isStaleSave } from '../../../../core/shared/versions.ts';
import { StaleBar } from '../../components/StaleSave.tsx';

type Change = { patch?: ReviewPatch; tag?: TagOut };

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(320px, 2fr)', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
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
    minHeight: '360px',
    maxHeight: '70vh',
    overflowY: 'auto',
  },
  keys: { color: tokens.colorNeutralForeground3 },
});

const FILTER_KEYS = ['type', 'request', 'source', 'tag', 'status', 'from', 'to'] as const;

/** The review set's filters from the address (#/review?q=…&tag=…). */
export function reviewFilters(query: URLSearchParams) {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = query.get(k);
    if (v) f[k] = v;
  }
  return f as { type?: DocumentKind; status?: ReviewOut['status'] } & Record<string, string>;
}

/** One document as the reviewer sees it: facts, the page with the first hit, and its coding. */
interface Loaded {
  detail: DocumentDetail;
  page: number;
  text: string;
  review: ReviewOut;
}

/** The documents of the set in order: by rank for a search, newest first for filters alone. */
const SET_LIMIT = 1000;

/** The set's documents, at most SET_LIMIT; `more` when the search or filters hold more. */
async function documentsOf(q: string, filters: ReturnType<typeof reviewFilters>): Promise<{ items: { id: number; page: number }[]; more: boolean }> {
  if (!q) {
    const r = await call('documents.list', { ...filters, limit: SET_LIMIT });
    return { items: r.rows.map((d) => ({ id: d.id, page: 1 })), more: r.total > r.rows.length };
  }
  const seen = new Map<number, number>();
  let more = false;
  for (let offset = 0; ; offset += 200) {
    const r = await call('documents.search', { query: q, ...filters, offset, limit: 200 });
    for (const h of r.hits) if (!seen.has(h.documentId)) seen.set(h.documentId, h.page);
    if (r.hits.length < 200) break;
    if (seen.size >= SET_LIMIT || offset + 200 >= 10_000) {
      more = true;
      break;
    }
  }
  return { items: [...seen].slice(0, SET_LIMIT).map(([id, page]) => ({ id, page })), more: more || seen.size > SET_LIMIT };
}

/** Where one's batch stands, in words: "Letters 1 of 4: document 2 of 25 — 40 left to code in your batches". */
function batchWords(r: NextInBatchOut): string {
  if (!r.document) {
    if (r.batches === 0) return 'No batches are assigned to you: counsel makes them on the Review screen.';
    return r.leasedByOthers > 0
      ? `The documents of your batches not yet coded are being coded by colleagues just now (${r.leasedByOthers}).`
      : 'Every document of your batches is coded.';
  }
  return `${r.document.batchName}: document ${r.document.position} of ${r.document.batchTotal} — ${r.remaining.toLocaleString()} left to code in your batches`;
}

/** Batch review (#/review?batch=mine): the set starts at the next document of one's batches, and grows as "next in my batch" opens more. */
async function batchStart(): Promise<{ items: { id: number; page: number }[]; more: boolean; note: string }> {
  const r = await call('review.nextInBatch', {});
  return { items: r.document ? [{ id: r.document.id, page: 1 }] : [], more: false, note: batchWords(r) };
}

async function load(id: number, page: number): Promise<Loaded> {
  const [detail, review] = await Promise.all([call('documents.get', { id }), call('review.get', { id })]);
  const text = detail.pages === 0 ? '' : (await call('documents.page', { id, page: Math.min(page, detail.pages) })).text;
  return { detail, page: Math.min(page, Math.max(detail.pages, 1)), text, review };
}

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.getAttribute('role') === 'combobox');

/**
 * Keyboard review: j/k step through the set, 1–5 set the status, 6/7/8 the
 * rating (0 clears it), a tag's letter toggles it. The next documents are
 * fetched ahead, so stepping shows them at once.
 */
export function KeyboardReview({ query }: { query: URLSearchParams }) {
  const s = useStyles();
  const q = query.get('q') ?? '';
  const filters = reviewFilters(query);
  const batch = query.has('batch');
  const key = query.toString();
  const [order, setOrder] = useState<{ id: number; page: number }[] | null>(null);
  const [more, setMore] = useState(false);
  const [index, setIndex] = useState(0);
  const [current, setCurrent] = useState<Loaded | null>(null);
  const [tags, setTags] = useState<TagOut[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [batchNote, setBatchNote] = useState<string | null>(null);
  // One "next in my batch" at a time: a second press while the first is asked is dropped.
  const asking = useRef(false);
  // A change refused because a colleague coded or tagged the document meanwhile, to make again (Keep mine) or drop (Reload).
  const [stale, setStale] = useState<{ message: string; change: Change; id: number } | null>(null);
  const cache = useRef(new Map<number, Promise<Loaded>>());
  // The document on screen (or being fetched for it): a save that finishes after the reviewer
  // moved on updates its cache only, never pulls the screen back.
  const shown = useRef<number | null>(null);
  // Changes run one after another, so two quick presses of a tag's key toggle it twice.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    call('tags.list', {}).then((r) => setTags(r.tags), (e: Error) => setError(e.message));
    (batch ? batchStart() : documentsOf(q, filters).then((r) => ({ ...r, note: null }))).then(
      (r) => {
        setOrder(r.items);
        setMore(r.more);
        setBatchNote(r.note);
      },
      (e: Error) => setError(e.message),
    );
    // key stands for q and the filters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const fetchAt = useCallback(
    (i: number) => {
      const item = order?.[i];
      if (!item) return null;
      let p = cache.current.get(item.id);
      if (!p) {
        p = load(item.id, item.page);
        p.catch(() => cache.current.delete(item.id));
        cache.current.set(item.id, p);
      }
      return p;
    },
    [order],
  );

  useEffect(() => {
    shown.current = order?.[index]?.id ?? null;
    const p = fetchAt(index);
    if (!p) return;
    let live = true;
    p.then(
      (l) => live && setCurrent(l),
      (e: Error) => live && setError(e.message),
    );
    // Fetch ahead, so j shows the next one at once.
    void fetchAt(index + 1);
    void fetchAt(index + 2);
    return () => {
      live = false;
    };
  }, [index, fetchAt, order]);

  // The document on screen is this window's to code while it is open, unless a colleague has it.
  const heldBy = heldByOther(useLease(current?.detail.id ?? null));
  /** Show the coding stored now (after a save, or Reload after a refusal). */
  const showStored = useCallback(
    async (id: number, fallback: Loaded) => {
      const review = await call('review.get', { id });
      const before = (await cache.current.get(id)?.catch(() => null)) ?? fallback;
      const next = { ...before, review };
      cache.current.set(id, Promise.resolve(next));
      if (shown.current === id) setCurrent(next);
    },
    [],
  );

  const apply = useCallback(
    (change: Change, keepMine = false) => {
      if (!current) return;
      if (heldBy) {
        setSaveError(`${heldBy}: you can read it, not code it.`);
        return;
      }
      const id = current.detail.id;
      const run = async () => {
        try {
          // Saved from the version on screen (each save in the queue from the one before it); Keep mine from the version stored now.
          let version = keepMine ? (await call('review.get', { id })).version : ((await cache.current.get(id)?.catch(() => null)) ?? current).review.version;
          if (change.patch) version = (await call('review.set', { ids: [id], ...change.patch, version })).version ?? version;
          if (change.tag) {
            // Toggle against what is stored now, not what the screen showed when the key went down.
            const now = await call('review.get', { id });
            await call('tags.apply', { tag: change.tag.id, ids: [id], remove: now.tags.some((t) => t.id === change.tag!.id), version });
          }
          await showStored(id, current);
          setSaveError(null);
          setStale(null);
        } catch (e) {
          if (isStaleSave(e)) setStale({ message: (e as Error).message, change, id });
          else setSaveError((e as Error).message);
        }
      };
      queue.current = queue.current.then(run);
    },
    [current, heldBy, showStored],
  );

  const total = order?.length ?? 0;
  const step = useCallback((by: number) => setIndex((i) => Math.max(0, Math.min(total - 1, i + by))), [total]);

  /** The next document of one's batches: opened here in batch review, else batch review opens at it. */
  const nextInBatch = useCallback(async () => {
    if (!batch) {
      navigate('review', undefined, { batch: 'mine' });
      return;
    }
    if (asking.current || !order) return;
    asking.current = true;
    try {
      const r = await call('review.nextInBatch', current ? { after: current.detail.id } : {});
      setBatchNote(batchWords(r));
      if (!r.document) return;
      const at = order.findIndex((o) => o.id === r.document!.id);
      if (at >= 0) setIndex(at);
      else {
        setOrder([...order, { id: r.document.id, page: 1 }]);
        setIndex(order.length);
      }
    } catch (e) {
      setSaveError((e as Error).message);
    } finally {
      asking.current = false;
    }
  }, [batch, order, current]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      if (e.key === REVIEW_NAV_KEYS.nextInBatch) {
        e.preventDefault();
        void nextInBatch();
        return;
      }
      if (!current) return;
      const k = e.key.toLowerCase();
      let handled = true;
      if (k === REVIEW_NAV_KEYS.next) step(1);
      else if (k === REVIEW_NAV_KEYS.previous) step(-1);
      else if (k >= '1' && k <= String(REVIEW_STATUSES.length)) apply({ patch: { status: REVIEW_STATUSES[Number(k) - 1]! } });
      else if (k >= '6' && k <= '8') apply({ patch: { rating: RATINGS[Number(k) - 6]! } });
      else if (k === '0') apply({ patch: { rating: null } });
      else {
        const tag = tags.find((t) => t.shortcut === k);
        if (tag) apply({ tag });
        else handled = false;
      }
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, tags, step, apply, nextInBatch]);

  const title = batch ? 'Review: my batches' : q ? `Review: ${q}` : 'Review';
  const back = batch ? hrefFor('review') : hrefFor('search', undefined, { ...(q ? { q } : {}), ...filters });
  const backLabel = batch ? 'Back to Review' : 'Back to the search';
  if (error) {
    return (
      <Page title={title}>
        <ErrorBar title="The review set could not be loaded" message={error} />
      </Page>
    );
  }
  if (order && total === 0) {
    return (
      <Page title={title}>
        <Body1 role="status">{batch ? batchNote : 'No documents match, so there is nothing to review.'}</Body1>
        <Link href={back}>{backLabel}</Link>
      </Page>
    );
  }
  return (
    <Page title={title} intro="j and k step through the documents; Shift+J opens the next document of your review batches; 1–5 set the status, 6, 7, 8 the rating (0 clears it), and a tag's letter toggles it.">
      <div className={s.bar}>
        <Button icon={<ChevronLeftRegular />} disabled={index === 0} onClick={() => step(-1)}>
          Previous (k)
        </Button>
        <Button icon={<ChevronRightRegular />} iconPosition="after" disabled={index >= total - 1} onClick={() => step(1)}>
          Next (j)
        </Button>
        <Body1 role="status" aria-live="polite">
          {order ? `Document ${Math.min(index + 1, total)} of ${total.toLocaleString()}${more ? ' (the first of more; narrow the search for the rest)' : ''}${current ? ` — ${current.detail.name}` : ''}` : 'Loading the set…'}
        </Body1>
        <Button onClick={() => void nextInBatch()} aria-keyshortcuts="Shift+J">
          Next in my batch (Shift+J)
        </Button>
        <Link href={back}>{backLabel}</Link>
      </div>
      {batch && batchNote && <Caption1 aria-label="Batch progress">{batchNote}</Caption1>}
      {current && (
        <div className={s.grid}>
          <Card>
            <Subtitle1 as="h2">
              <Link href={hrefFor('documents', String(current.detail.id), { page: current.page, ...(q ? { q } : {}) })}>{current.detail.name}</Link>
            </Subtitle1>
            <Caption1 className={s.keys}>
              {kindLabel(current.detail.type)}, {current.detail.pages} page{current.detail.pages === 1 ? '' : 's'}
              {current.detail.emailFrom ? ` — from ${current.detail.emailFrom}` : ''}
              {current.detail.date ? ` — dated ${current.detail.date.slice(0, 10)}` : ''} — page {current.page}
            </Caption1>
            <pre className={s.text} aria-label={`Text of page ${current.page}`} tabIndex={0}>
              <Marked text={current.text} terms={queryTerms(q)} />
            </pre>
          </Card>
          <Card>
            {stale && stale.id === current.detail.id && (
              <StaleBar
                message={stale.message}
                onReload={() => {
                  setStale(null);
                  void showStored(stale.id, current).catch((e: Error) => setSaveError(e.message));
                }}
                onKeepMine={() => {
                  setStale(null);
                  apply(stale.change, true);
                }}
              />
            )}
            <ReviewPanel
              key={current.detail.id}
              review={current.review}
              tags={tags}
              error={saveError}
              keys
              heldBy={heldBy}
              onSet={(patch) => apply({ patch })}
              onToggleTag={(tag) => apply({ tag })}
            />
          </Card>
        </div>
      )}
    </Page>
  );
}
