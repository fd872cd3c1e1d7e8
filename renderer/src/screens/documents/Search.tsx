import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Body1, Button, Caption1, Checkbox, Field, Input, Link, Subtitle2, Switch, Tag, TagGroup, makeStyles, tokens } from '@fluentui/react-components';
import { ResultActions } from './ResultActions.tsx';
import type { BatesHit, SearchHitOut } from '../../../../core/api.ts';
import { lookUpBates } from './bates-lookup.ts';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { QueryError, explainQuery, parseQuery, withWordForms } from '../../../../core/shared/search-query.ts';
import { call } from '../../api/client.ts';
import { useLiveRefresh } from '../../use-live-refresh.ts';
import { hrefFor, navigate } from '../../routes.ts';
import { Snippet } from './highlight.tsx';
import { HitDetails, ResultViewControls, viewOf, viewParams } from './ResultView.tsx';
import type { SearchView } from '../../../../core/shared/search-view.ts';
import { TermReportDialog } from './TermReport.tsx';
import { piiKindLabel } from '../../../../core/shared/pii-kinds.ts';
import { kindLabel } from '../../../../core/shared/document-kinds.ts';
import { SWITCH_FILTERS, typedFilters } from './search-filters.ts';

type Facets = Record<'types' | 'requests' | 'sources' | 'years' | 'tags' | 'statuses' | 'pii', { value: string; count: number }[]>;

/** The filters the search screen keeps in its address (#/search?q=…&type=pdf&from=…). */
const FILTER_KEYS = ['type', 'request', 'disclosure', 'source', 'tag', 'status', 'from', 'to', 'pii', ...SWITCH_FILTERS] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filters = Partial<Record<FilterKey, string>>;

const FILTER_LABELS: Record<FilterKey, string> = {
  type: 'Kind',
  request: 'Request',
  disclosure: 'Disclosure',
  source: 'Source',
  tag: 'Tag',
  status: 'Review status',
  from: 'Dated from',
  to: 'Dated to',
  pii: 'Personal data',
  wholeThreads: 'Whole threads',
  inclusiveOnly: 'Inclusive emails only',
};

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  query: { minWidth: '420px' },
  layout: { display: 'grid', gridTemplateColumns: 'minmax(180px, 240px) minmax(0, 1fr)', gap: tokens.spacingHorizontalXXL, alignItems: 'start' },
  facets: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  facetList: { listStyle: 'none', margin: `${tokens.spacingVerticalXS} 0 0`, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  facetButton: { justifyContent: 'space-between', width: '100%', fontWeight: tokens.fontWeightRegular },
  dates: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  results: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '900px' },
  snippet: { display: 'block', margin: `${tokens.spacingVerticalXS} 0 0`, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

function filtersOf(query: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = query.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** Results are read 50 at a time: "More results" adds the next 50. */
const PAGE = 50;
/** The most one call returns (documents.search's limit). */
const MOST_A_CALL = 200;

const searchArgs = (q: string, f: Filters, view: SearchView, offset = 0, limit = PAGE) => ({ query: q, limit, offset, ...typedFilters(f), ...view });

/**
 * The search's first `want` results (its counts and facets from the first call). A search read
 * again (a colleague's change, a tagging) keeps as many rows as "More results" had shown.
 */
async function searchUpTo(q: string, f: Filters, view: SearchView, want: number) {
  const first = await call('documents.search', searchArgs(q, f, view, 0, Math.min(want, MOST_A_CALL)));
  const hits = [...first.hits];
  while (hits.length < Math.min(want, first.total)) {
    const next = await call('documents.search', searchArgs(q, f, view, hits.length, Math.min(want - hits.length, MOST_A_CALL)));
    if (next.hits.length === 0) break;
    hits.push(...next.hits);
  }
  return { ...first, hits };
}

function FacetGroup({
  title,
  items,
  selected,
  onPick,
  labelOf = (v) => v,
}: {
  title: string;
  items: { value: string; count: number }[];
  selected?: string | undefined;
  onPick(v: string | undefined): void;
  /** How a value is shown (a kind of personal data by its label); the filter takes the value itself. */
  labelOf?: (value: string) => string;
}) {
  const s = useStyles();
  if (items.length === 0) return null;
  return (
    <section aria-label={title}>
      <Subtitle2 as="h2">{title}</Subtitle2>
      <ul className={s.facetList}>
        {items.map((i) => (
          <li key={i.value}>
            <Button
              className={s.facetButton}
              appearance={selected === i.value ? 'primary' : 'subtle'}
              size="small"
              aria-pressed={selected === i.value}
              onClick={() => onPick(selected === i.value ? undefined : i.value)}
            >
              <span>{labelOf(i.value)}</span>
              <span aria-label={`${i.count} document${i.count === 1 ? '' : 's'}`}>{i.count.toLocaleString()}</span>
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The query as the search will read it, or where it goes wrong, shown under the box as it is typed. */
function understood(text: string): { meaning: string } | { problem: string } | null {
  if (!text.trim()) return null;
  try {
    return { meaning: explainQuery(parseQuery(text)) };
  } catch (e) {
    if (e instanceof QueryError) return { problem: e.message };
    throw e;
  }
}

/** How many results there are, in the view's unit, and in which order they come. */
function resultCount(total: number, capped: boolean, view: SearchView): string {
  const order = { relevance: 'best first', date: 'newest document date first', bates: 'in Bates order' }[view.sort];
  if (view.group === 'documents') {
    if (total === 0) return 'No documents match.';
    const n = `${total.toLocaleString()} document${total === 1 ? '' : 's'}`;
    const verb = total === 1 ? 'matches' : 'match';
    return capped ? `At least ${n} ${verb} (counted in the newest matching pages), ${order}. Add words or filters to narrow the search.` : `${n} ${verb}, ${order}.`;
  }
  if (total === 0) return 'No pages match.';
  const newest = total.toLocaleString();
  if (capped) return `More than ${newest} pages match: ${view.sort === 'relevance' ? `the best of the newest ${newest} come first` : `the newest ${newest} are listed, ${order}`}. Add words or filters to narrow the search.`;
  return `${total.toLocaleString()} page${total === 1 ? '' : 's'} match, ${order}.`;
}

/**
 * A new address is a new search: the screen starts afresh from it. Another view of the same
 * search (pages or documents, the order) only lists the results again, so the switch or the
 * sort list keeps the keyboard focus.
 */
export function Search({ query }: { query: URLSearchParams }) {
  const search = new URLSearchParams(query);
  search.delete('group');
  search.delete('sort');
  return <SearchScreen key={search.toString()} query={query} />;
}

function SearchScreen({ query }: { query: URLSearchParams }) {
  const s = useStyles();
  // "Word forms" on: every term is searched as if it had ~ (sponsor~), and so are tagging and saving these results.
  const forms = query.get('forms') === '1';
  const typed = query.get('q') ?? '';
  const q = forms ? withWordForms(typed) : typed;
  const filters = filtersOf(query);
  const filterKey = FILTER_KEYS.map((k) => filters[k] ?? '').join('\u0000');
  const view = viewOf(query);
  const [text, setText] = useState(typed);
  const [from, setFrom] = useState(filters.from ?? '');
  const [to, setTo] = useState(filters.to ?? '');
  const [hits, setHits] = useState<SearchHitOut[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [capped, setCapped] = useState(false);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [facets, setFacets] = useState<Facets | null>(null);
  const [facetScope, setFacetScope] = useState<{ pages: number; capped: boolean }>({ pages: 0, capped: false });
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  // Bumped after tagging, so counts and facets are read again.
  const [version, setVersion] = useState(0);
  // Documents added, coded or tagged elsewhere: the search runs again (the selection stays).
  useLiveRefresh(['document', 'documents', 'tag'], () => setVersion((v) => v + 1));
  const [reporting, setReporting] = useState(false);
  // The pages a Bates number, range or start of numbers searched for names, listed above the results.
  const [batesHits, setBatesHits] = useState<BatesHit[]>([]);

  useEffect(() => {
    let current = true;
    void lookUpBates(typed).then((r) => current && setBatesHits(r?.hits ?? []));
    return () => {
      current = false;
    };
  }, [typed]);

  // How many results are shown, of how many, and of which search and view: the same one read again
  // keeps them all, and when they were all shown, shows what has come since as well (up to 50 more).
  const shown = useRef({ key: '', count: 0, all: false });
  useEffect(() => {
    shown.current.count = hits.length;
    shown.current.all = total !== null && hits.length >= total;
  }, [hits, total]);

  useEffect(() => {
    if (!q) return;
    const key = [q, filterKey, view.group, view.sort].join('\u0001');
    const again = key === shown.current.key;
    const want = again ? Math.max(PAGE, shown.current.count + (shown.current.all ? PAGE : 0)) : PAGE;
    shown.current.key = key;
    // Switching the view quickly: only the answer for the view now chosen is shown.
    let current = true;
    searchUpTo(q, filters, view, want).then(
      (r) => {
        if (!current) return;
        setHits(r.hits);
        setTotal(r.total);
        setCapped(r.capped);
        setSuggestions(r.suggestions);
        setFacets(r.facets);
        setFacetScope({ pages: r.facetPages, capped: r.facetsCapped });
        setError(null);
      },
      (e: Error) => {
        if (!current) return;
        setHits([]);
        setTotal(null);
        setError(e.message);
      },
    );
    return () => {
      current = false;
    };
    // filterKey stands for the filters: a new object each render, the same values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, filterKey, version, view.group, view.sort]);

  // A new search or filter keeps the way results are listed, and the word forms switch.
  const go = (next: Filters, words = typed, nextView = view, wordForms = forms) => {
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>;
    navigate('search', undefined, { ...(words ? { q: words } : {}), ...(wordForms ? { forms: '1' } : {}), ...clean, ...viewParams(nextView) });
  };
  const pick = (key: FilterKey) => (v: string | undefined) => go({ ...filters, [key]: v });

  async function more() {
    try {
      const r = await call('documents.search', searchArgs(q, filters, view, hits.length));
      setHits([...hits, ...r.hits]);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const words = text.trim();
    // An exact Bates number opens its page; a range or a start of numbers lists the pages it names (above), beside the search for the text.
    const found = await lookUpBates(words);
    const first = found?.hits[0];
    if (found?.kind === 'exact' && first) {
      navigate('documents', String(first.documentId), { page: first.page });
      return;
    }
    // An emptied box is a new, empty search: the results go with the words.
    go({ ...filters, from, to }, words);
  }
  const reading = understood(forms ? withWordForms(text) : text);

  const active = FILTER_KEYS.filter((k) => filters[k]);
  const yearSelected = filters.from && filters.to && filters.from.endsWith('-01-01') && filters.to === `${filters.from.slice(0, 4)}-12-31` ? filters.from.slice(0, 4) : undefined;

  return (
    <Page title="Search" intro='Every page of every document. Words as they appear (MS-13, 291,000), word~ for its forms (sponsors, sponsored), "exact phrases", AND, OR, NOT, word*, te?m, w/5 (within five words), pre/5 (before, within five) and "a b"~5.'>
      <form className={s.form} onSubmit={submit} role="search" aria-label="Search documents">
        <Field
          label="Search for"
          className={s.query}
          {...(reading && 'problem' in reading ? { validationState: 'warning' as const, validationMessage: reading.problem } : { hint: reading ? `Looks for ${reading.meaning}` : undefined })}
        >
          <Input type="search" value={text} onChange={(_, d) => setText(d.value)} placeholder='"unaccompanied children" AND sponsor*' />
        </Field>
        <Switch label="Word forms" checked={forms} onChange={(_, d) => go({ ...filters, from, to }, text.trim(), view, d.checked)} />
        <Button appearance="primary" type="submit">
          Search
        </Button>
        <Button onClick={() => setReporting(true)}>Search term report…</Button>
      </form>
      {reporting && <TermReportDialog filters={typedFilters(filters)} onClose={() => setReporting(false)} onTagged={() => setVersion((v) => v + 1)} />}
      <ErrorBar title="The search could not run" message={error} />
      {active.length > 0 && (
        <TagGroup aria-label="Filters in use" onDismiss={(_, d) => go({ ...filters, [d.value as FilterKey]: undefined })}>
          {active.map((k) => (
            <Tag key={k} value={k} dismissible dismissIcon={{ 'aria-label': `remove filter ${FILTER_LABELS[k]}` }}>
              {(SWITCH_FILTERS as readonly string[]).includes(k) ? FILTER_LABELS[k] : `${FILTER_LABELS[k]}: ${k === 'pii' ? piiKindLabel(filters[k]!) : k === 'type' ? kindLabel(filters[k]!) : filters[k]}`}
            </Tag>
          ))}
        </TagGroup>
      )}
      <div className={s.layout}>
        <aside className={s.facets} aria-label="Narrow the results">
          <form
            className={s.dates}
            aria-label="Document date"
            onSubmit={(e) => {
              e.preventDefault();
              go({ ...filters, from, to });
            }}
          >
            <Subtitle2 as="h2">Document date</Subtitle2>
            <Field label="From" size="small">
              <Input type="date" size="small" value={from} onChange={(_, d) => setFrom(d.value)} />
            </Field>
            <Field label="To" size="small">
              <Input type="date" size="small" value={to} onChange={(_, d) => setTo(d.value)} />
            </Field>
            <Button size="small" type="submit" disabled={!q}>
              Apply dates
            </Button>
          </form>
          <section aria-label="Email threads" className={s.dates}>
            <Subtitle2 as="h2">Email threads</Subtitle2>
            <Checkbox label="Whole threads" checked={filters.wholeThreads === '1'} onChange={(_, d) => go({ ...filters, wholeThreads: d.checked ? '1' : undefined })} />
            <Checkbox label="Inclusive emails only" checked={filters.inclusiveOnly === '1'} onChange={(_, d) => go({ ...filters, inclusiveOnly: d.checked ? '1' : undefined })} />
            <Caption1>
              Whole threads: every email of a thread with a result is listed. Inclusive only: of emails, only those no later reply holds (the last of each branch, or one with text or
              attachments its replies leave out); other documents stay.
            </Caption1>
          </section>
          {facets && (
            <>
              <FacetGroup title="Kind" items={facets.types} selected={filters.type} onPick={pick('type')} labelOf={kindLabel} />
              <FacetGroup title="Request" items={facets.requests} selected={filters.request} onPick={pick('request')} />
              <FacetGroup title="Source" items={facets.sources} selected={filters.source} onPick={pick('source')} />
              <FacetGroup title="Tag" items={facets.tags} selected={filters.tag} onPick={pick('tag')} />
              <FacetGroup title="Review status" items={facets.statuses} selected={filters.status} onPick={pick('status')} />
              <FacetGroup title="Personal data found" items={facets.pii} selected={filters.pii} onPick={pick('pii')} labelOf={(k) => `has ${piiKindLabel(k)}`} />
              <FacetGroup
                title="Year"
                items={facets.years}
                selected={yearSelected}
                onPick={(y) => go({ ...filters, from: y ? `${y}-01-01` : undefined, to: y ? `${y}-12-31` : undefined })}
              />
              <Caption1>Counts are matching documents{facetScope.capped ? ` in the newest ${facetScope.pages.toLocaleString()} matching pages` : ''}, before filters.</Caption1>
            </>
          )}
        </aside>
        <div className={s.results}>
          {batesHits.length > 0 && (
            <section aria-label="Pages by Bates number">
              <Subtitle2 as="h2">Pages numbered {typed}</Subtitle2>
              <ul>
                {batesHits.map((h, i) => (
                  <li key={`${i}:${h.documentId}:${h.page}`}>
                    <Link href={hrefFor('documents', String(h.documentId), { page: h.page })}>
                      {h.bates} · {h.name} — page {h.page}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {q && <ResultViewControls view={view} onChange={(v) => go(filters, typed, v)} />}
          {total !== null && <Caption1 role="status">{resultCount(total, capped, view)}</Caption1>}
          {suggestions.length > 0 && (
            <Body1 as="p">
              Did you mean:{' '}
              {suggestions.map((suggestion, i) => (
                <span key={suggestion}>
                  {i > 0 && ', '}
                  {/* Runs as written: the suggestion already carries any ~, so the word forms switch goes off. */}
                  <Link href={hrefFor('search', undefined, { q: suggestion, ...(filters as Record<string, string>), ...viewParams(view) })}>
                    {suggestion}
                  </Link>
                </span>
              ))}
            </Body1>
          )}
          {total !== null && total > 0 && <ResultActions
              q={q}
              filters={filters as Record<string, string>}
              selected={selected}
              onChanged={() => {
                setSelected(new Set());
                setVersion((v) => v + 1);
              }}
            />}
          <ol className={s.list} aria-label="Results">
            {hits.map((h) => (
              <li key={`${h.documentId}-${h.page}`}>
                <Checkbox
                  checked={selected.has(h.documentId)}
                  onChange={(_, d) => {
                    const next = new Set(selected);
                    if (d.checked) next.add(h.documentId);
                    else next.delete(h.documentId);
                    setSelected(next);
                  }}
                  aria-label={`Select ${h.name}`}
                />
                <Link href={hrefFor('documents', String(h.documentId), { page: h.page, q })}>
                  {h.name} — page {h.page}
                  {h.pageBates ? ` (${h.pageBates})` : ''}
                  {h.cell ? `, cell ${h.cell}` : ''}
                </Link>
                <HitDetails hit={h} />
                <Body1 as="p" className={s.snippet}>
                  <Snippet text={h.snippet} />
                </Body1>
              </li>
            ))}
          </ol>
          {total !== null && hits.length < total && hits.length > 0 && <Button onClick={() => void more()}>More results</Button>}
        </div>
      </div>
    </Page>
  );
}
