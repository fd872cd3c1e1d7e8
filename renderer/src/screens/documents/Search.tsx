import { useEffect, useState, type FormEvent } from 'react';
import { Body1, Button, Caption1, Dropdown, Field, Input, Link, Option, makeStyles, tokens } from '@fluentui/react-components';
import type { SearchHitOut } from '../../../../core/api.ts';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { call } from '../../api/client.ts';
import { hrefFor, navigate } from '../../routes.ts';
import { Snippet } from './highlight.tsx';

const TYPES = ['pdf', 'docx', 'eml', 'msg', 'html', 'csv', 'text', 'image'] as const;
type DocType = (typeof TYPES)[number];

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  query: { minWidth: '420px' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '900px' },
  snippet: { display: 'block', margin: `${tokens.spacingVerticalXS} 0 0`, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

export function Search({ query }: { query: URLSearchParams }) {
  const s = useStyles();
  const q = query.get('q') ?? '';
  const type = (query.get('type') ?? '') as DocType | '';
  const [text, setText] = useState(q);
  const [hits, setHits] = useState<SearchHitOut[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [capped, setCapped] = useState(false);
  const [typeCounts, setTypeCounts] = useState<Map<string, number>>(new Map());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!q) return;
    call('documents.search', { query: q, limit: 50, ...(type ? { type } : {}) }).then(
      (r) => {
        setHits(r.hits);
        setTotal(r.total);
        setCapped(r.capped);
        setTypeCounts(new Map(r.facets.types.map((f) => [f.value, f.count])));
        setError(null);
      },
      (e: Error) => {
        setHits([]);
        setTotal(null);
        setError(e.message);
      },
    );
  }, [q, type]);

  async function more() {
    const r = await call('documents.search', { query: q, limit: 50, offset: hits.length, ...(type ? { type } : {}) });
    setHits([...hits, ...r.hits]);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (text.trim()) navigate('search', undefined, { q: text.trim(), ...(type ? { type } : {}) });
  }

  return (
    <Page title="Search" intro='Every page of every document. Words, "exact phrases", AND, OR, NOT, word* and NEAR(a b).'>
      <form className={s.form} onSubmit={submit} role="search" aria-label="Search documents">
        <Field label="Search for" className={s.query}>
          <Input type="search" value={text} onChange={(_, d) => setText(d.value)} placeholder='"unaccompanied children" AND sponsor*' />
        </Field>
        <Field label="Kind of document">
          <Dropdown
            selectedOptions={[type || 'any']}
            value={type || 'any kind'}
            onOptionSelect={(_, d) => navigate('search', undefined, { ...(q ? { q } : {}), ...(d.optionValue && d.optionValue !== 'any' ? { type: d.optionValue } : {}) })}
          >
            <Option value="any">any kind</Option>
            {TYPES.map((t) => (
              <Option key={t} value={t} text={t}>
                {q ? `${t} (${typeCounts.get(t) ?? 0})` : t}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Button appearance="primary" type="submit">
          Search
        </Button>
      </form>
      <ErrorBar title="The search could not run" message={error} />
      {total !== null && (
        <Caption1 role="status">
          {total === 0 ? 'No pages match.' : `${capped ? 'More than ' : ''}${total.toLocaleString()} page${total === 1 ? '' : 's'} match, best first.`}
        </Caption1>
      )}
      <ol className={s.list} aria-label="Results">
        {hits.map((h) => (
          <li key={`${h.documentId}-${h.page}`}>
            <Link href={hrefFor('documents', String(h.documentId), { page: h.page, q })}>
              {h.name} — page {h.page}
            </Link>
            <Body1 as="p" className={s.snippet}>
              <Snippet text={h.snippet} />
            </Body1>
          </li>
        ))}
      </ol>
      {total !== null && hits.length < Math.min(total, 10_000) && hits.length > 0 && <Button onClick={() => void more()}>More results</Button>}
    </Page>
  );
}
