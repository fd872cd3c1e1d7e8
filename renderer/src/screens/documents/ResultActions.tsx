import { codedSentence } from '../../../../core/shared/coded-words.ts';
import { useId, useState } from 'react';
import { Body1, Button, Caption1, Checkbox, Input, Link, makeStyles, tokens } from '@fluentui/react-components';
import { call } from '../../api/client.ts';
import { TagDropdown } from './TagDropdown.tsx';
import { RedactHitsDialog } from './RedactHitsDialog.tsx';
import { typedFilters } from './search-filters.ts';
import { hrefFor } from '../../routes.ts';
import { saveFile } from '../../files.ts';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  group: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});


/**
 * What to do with a search's results: review them from the keyboard, tag or
 * untag the selected ones (or every result), redact the search's hits (or a
 * list of terms) on every page, export every result as CSV (with the producing
 * party's Bates numbers), save the search.
 */
export function ResultActions({ q, filters, selected, onChanged }: { q: string; filters: Record<string, string>; selected: Set<number>; onChanged(): void }) {
  const s = useStyles();
  const [tag, setTag] = useState('');
  const [family, setFamily] = useState(false);
  const [name, setName] = useState('');
  const limitId = useId();
  const [message, setMessage] = useState<string | null>(null);
  const [redacting, setRedacting] = useState<'search' | 'terms' | 'pii' | null>(null);
  const typed = typedFilters(filters);
  const target = selected.size > 0 ? { ids: [...selected] } : { search: { query: q, ...typed } };
  const which = selected.size > 0 ? `${selected.size} selected` : 'all results';

  async function run(remove: boolean) {
    try {
      const r = await call('tags.apply', { tag, remove, family, ...target });
      setMessage(codedSentence(r, remove ? 'untagged' : 'tagged'));
      onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  }
  async function exportCsv() {
    try {
      const r = await call('documents.exportResults', { query: q, ...typed });
      saveFile('sunshine-search-results.csv', r.csv, 'text/csv');
      const capped = r.capped ? ' More pages matched than are ranked: the best of the newest are in it.' : '';
      setMessage(`${r.count.toLocaleString()} document${r.count === 1 ? '' : 's'} exported.${capped}`);
    } catch (e) {
      setMessage((e as Error).message);
    }
  }
  async function save() {
    try {
      const r = await call('searches.save', { name, query: q, filters: typed });
      setMessage(`Saved as "${r.name}".`);
      setName('');
    } catch (e) {
      setMessage((e as Error).message);
    }
  }

  return (
    <div className={s.bar} role="group" aria-label="With these results">
      <Link href={hrefFor('review', undefined, { q, ...filters })}>Review these from the keyboard</Link>
      <div className={s.group}>
        <TagDropdown label="Tag to apply" value={tag} onChange={setTag} />
        <Button disabled={!tag} onClick={() => void run(false)}>
          Tag {which}
        </Button>
        <Button disabled={!tag} onClick={() => void run(true)}>
          Untag {which}
        </Button>
        <Checkbox label="with their email families" checked={family} onChange={(_, d) => setFamily(Boolean(d.checked))} />
      </div>
      <div className={s.group}>
        <Button disabled={!q.trim()} onClick={() => setRedacting('search')}>
          Redact hits…
        </Button>
        <Button onClick={() => setRedacting('terms')}>Redact terms…</Button>
        <Button onClick={() => setRedacting('pii')}>Redact personal data…</Button>
      </div>
      <Button disabled={!q.trim()} onClick={() => void exportCsv()}>
        Export results (CSV)
      </Button>
      {redacting && <RedactHitsDialog search={redacting === 'search' ? { query: q, ...typed } : undefined} pii={redacting === 'pii'} onClose={() => setRedacting(null)} onChanged={onChanged} />}
      <div className={s.group}>
        <Input
          aria-label="Name for this search"
          placeholder="Name this search"
          aria-describedby={limitId}
          value={name}
          onChange={(_, d) => setName(d.value)}
        />
        <Caption1 id={limitId}>{limitHint(name, FIELD_LIMITS.savedSearch.name)}</Caption1>
        <Button disabled={!name.trim()} onClick={() => void save()}>
          Save search
        </Button>
      </div>
      {message && (
        <Body1 role="status" aria-label="Result of the last action">
          {message}
        </Body1>
      )}
    </div>
  );
}
