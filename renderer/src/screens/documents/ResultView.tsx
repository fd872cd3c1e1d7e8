/**
 * How the search screen lists its results: one a page or one a document, in which order, and
 * what each says of its document (kind, date, Bates range, tags). The choice lives in the
 * screen's address (#/search?q=…&group=documents&sort=date), so "More results", the back
 * button and a facet click keep it.
 */
import { Caption1, Field, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import type { SearchHitOut } from '../../../../core/api.ts';
import { RESULT_GROUPS, RESULT_SORTS, type ResultGroup, type ResultSort, type SearchView } from '../../../../core/shared/search-view.ts';
import { DocDate } from './DocDate.tsx';
import { kindLabel } from '../../../../core/shared/document-kinds.ts';


const SORTS: Record<ResultSort, string> = { relevance: 'Best match', date: 'Document date, newest first', bates: 'Bates number' };

/** The view the address asks for; anything else there is the default (pages, best first). */
export function viewOf(query: URLSearchParams): SearchView {
  const group = RESULT_GROUPS.find((g) => g === query.get('group')) ?? 'pages';
  const sort = RESULT_SORTS.find((o) => o === query.get('sort')) ?? 'relevance';
  return { group, sort };
}

/** The address parameters of a view: none for the default, so plain searches keep plain addresses. */
export const viewParams = (v: SearchView): Record<string, string> => ({ ...(v.group === 'documents' ? { group: v.group } : {}), ...(v.sort === 'relevance' ? {} : { sort: v.sort }) });

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalXL, alignItems: 'end', flexWrap: 'wrap' },
  about: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', margin: 0, color: tokens.colorNeutralForeground3 },
});

/** The Pages/Documents switch and the Sort list above the results. */
export function ResultViewControls({ view, onChange }: { view: SearchView; onChange(v: SearchView): void }) {
  const s = useStyles();
  return (
    <div className={s.bar}>
      <Field label="Show">
        <RadioGroup layout="horizontal" value={view.group} onChange={(_, d) => onChange({ ...view, group: d.value as ResultGroup })}>
          <Radio value="pages" label="Pages" />
          <Radio value="documents" label="Documents" />
        </RadioGroup>
      </Field>
      <Field label="Sort by" size="small">
        <Select size="small" value={view.sort} onChange={(_, d) => onChange({ ...view, sort: d.value as ResultSort })}>
          {RESULT_SORTS.map((k) => (
            <option key={k} value={k}>
              {SORTS[k]}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}

/** What the line under a result's name says: how many pages matched (documents), kind, date, Bates range, tags. */
export function HitDetails({ hit }: { hit: SearchHitOut }) {
  const s = useStyles();
  const n = hit.matchingPages;
  return (
    <Caption1 as="p" className={s.about}>
      {n !== undefined && <span>{n === 1 ? '1 page matches' : `${n.toLocaleString()} pages match, best on page ${hit.page}`}</span>}
      <span>{kindLabel(hit.type)}</span>
      <DocDate d={{ date: hit.date, emailDate: null }} />
      {hit.bates && <span>Bates {hit.bates.first === hit.bates.last ? hit.bates.first : `${hit.bates.first} – ${hit.bates.last}`}</span>}
      {hit.tags.length > 0 && <span>Tags: {hit.tags.join(', ')}</span>}
    </Caption1>
  );
}
