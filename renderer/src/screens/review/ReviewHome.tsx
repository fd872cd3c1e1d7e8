import { useState } from 'react';
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { TagOut } from '../../../../core/api.ts';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { call } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { hrefFor } from '../../routes.ts';
import { KeyboardReview } from './KeyboardReview.tsx';
import { Productions } from './Productions.tsx';
import { Batches } from './Batches.tsx';
import { TagEditDialog } from './TagEditDialog.tsx';
import { TagLookFields } from './TagLookFields.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  swatch: { display: 'inline-block', width: '12px', height: '12px', borderRadius: '50%', marginRight: tokens.spacingHorizontalS, verticalAlign: 'middle' },
  color: { width: '56px', height: '32px', padding: 0, border: 'none', backgroundColor: 'transparent' },
});

function TagForm({ tags, onDone }: { tags: TagOut[]; onDone(): void }) {
  const s = useStyles();
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [color, setColor] = useState('#0f6cbd');
  const [shortcut, setShortcut] = useState('');
  const [error, setError] = useState<string | null>(null);
  const used = new Set(tags.map((t) => t.shortcut).filter(Boolean));
  async function submit() {
    try {
      await call('tags.create', { name, color, ...(parent ? { parent } : {}), ...(shortcut ? { shortcut } : {}) });
      // The next tag starts afresh: at the top level, with no key (the colour stays, for a run of alike tags).
      setName('');
      setParent('');
      setShortcut('');
      setError(null);
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <SubmitForm className={s.form} onSubmit={submit} aria-label="Add a tag">
      <Field label="New tag" required hint={limitHint(name, FIELD_LIMITS.tag.name)}>
        <Input value={name} onChange={(_, d) => setName(d.value)} placeholder="Attorney-client" />
      </Field>
      <Field label="Under">
        <Dropdown value={parent || '(top level)'} selectedOptions={[parent]} onOptionSelect={(_, d) => setParent(d.optionValue ?? '')}>
          <Option value="">(top level)</Option>
          {tags.map((t) => (
            <Option key={t.id} value={t.path}>
              {t.path}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <TagLookFields color={color} onColor={setColor} shortcut={shortcut} onShortcut={setShortcut} taken={used} colorClassName={s.color} />
      <Button type="submit" appearance="primary" disabled={!name.trim()}>
        Add tag
      </Button>
      <ErrorBar title="The tag was not added" message={error} />
    </SubmitForm>
  );
}

function ReviewHome() {
  const s = useStyles();
  const tags = useCall('tags.list', {});
  const searches = useCall('searches.list', {});
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<TagOut | null>(null);
  async function remove(t: TagOut) {
    if (!window.confirm(`Delete the tag ${t.path}${t.count ? ` from ${t.count} document${t.count === 1 ? '' : 's'}` : ''}, with any tags under it?`)) return;
    try {
      await call('tags.delete', { id: t.id });
      tags.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  async function removeSearch(id: number) {
    try {
      await call('searches.delete', { id });
      searches.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  const list = tags.data?.tags ?? [];
  return (
    <Page
      title="Review"
      intro="Tags, review batches, productions and saved searches. To review documents one after another from the keyboard, search, then choose Review these — or start from a tag below."
    >
      <ErrorBar message={error ?? tags.error ?? searches.error} />
      <Subtitle1 as="h2">Tags</Subtitle1>
      <TagForm tags={list} onDone={tags.reload} />
      {tags.data && list.length === 0 && <EmptyState title="No tags yet">Tags mark documents for review and production: Hot, Privilege/Attorney-client, Produce…</EmptyState>}
      {list.length > 0 && (
        <Table aria-label="Tags" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Tag</TableHeaderCell>
              <TableHeaderCell style={{ width: 90 }}>Key</TableHeaderCell>
              <TableHeaderCell style={{ width: 110 }}>Documents</TableHeaderCell>
              <TableHeaderCell style={{ width: 260 }}>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.map((t) => (
              <TableRow key={t.id}>
                <TableCell>
                  <span className={s.swatch} style={{ backgroundColor: t.color }} aria-hidden />
                  <Link href={hrefFor('documents', undefined, { tag: t.path })}>{t.path}</Link>
                </TableCell>
                <TableCell>{t.shortcut ?? ''}</TableCell>
                <TableCell>{t.count.toLocaleString()}</TableCell>
                <TableCell>
                  <Link href={hrefFor('review', undefined, { tag: t.path })}>Review these</Link>
                  {' · '}
                  <Button size="small" appearance="subtle" onClick={() => setEditing(t)} aria-label={`Edit tag ${t.path}`}>
                    Edit
                  </Button>
                  <Button size="small" appearance="subtle" onClick={() => void remove(t)} aria-label={`Delete tag ${t.path}`}>
                    Delete
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing && <TagEditDialog tag={editing} tags={list} onClose={() => setEditing(null)} onSaved={tags.reload} />}
      <Batches tags={list} searches={searches.data?.searches ?? []} />
      <Productions />
      <Subtitle1 as="h2">Saved searches</Subtitle1>
      {searches.data && searches.data.searches.length === 0 && <Caption1>None yet: save one from the Search screen.</Caption1>}
      {(searches.data?.searches.length ?? 0) > 0 && (
        <Table aria-label="Saved searches" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Search</TableHeaderCell>
              <TableHeaderCell style={{ width: 260 }}>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {searches.data!.searches.map((x) => {
              const args = { ...(x.query ? { q: x.query } : {}), ...x.filters };
              return (
                <TableRow key={x.id}>
                  <TableCell>
                    <Link href={hrefFor('search', undefined, args)}>{x.name}</Link>
                  </TableCell>
                  <TableCell>
                    {x.query}
                    {Object.entries(x.filters).map(([k, v]) => ` ${k}: ${v}`)}
                  </TableCell>
                  <TableCell>
                    <Link href={hrefFor('review', undefined, args)}>Review these</Link>
                    {' · '}
                    <Button size="small" appearance="subtle" onClick={() => void removeSearch(x.id)} aria-label={`Delete saved search ${x.name}`}>
                      Delete
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Page>
  );
}

/** #/review: tags and saved searches; #/review?q=…&tag=… reviews that set from the keyboard; #/review?batch=mine one's review batches. */
export function Review({ query }: { query: URLSearchParams }) {
  const hasSet = [...query.keys()].some((k) => ['q', 'type', 'request', 'source', 'tag', 'status', 'from', 'to', 'batch'].includes(k));
  return hasSet ? <KeyboardReview key={query.toString()} query={query} /> : <ReviewHome />;
}
